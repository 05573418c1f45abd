/// Sends one HTTP request and returns its complete response: the seam between the client and the network.
///
/// The default is ``URLSessionHTTPTransport``; the emulator answers requests in process through
/// the same protocol, and tests script it. A conformer must stop promptly when its task is
/// cancelled (throwing `CancellationError` or a ``SpidError`` of stage `cancelled`), bound the
/// size of what it reads, and report an HTTP error status as a response, not an error.
public protocol Transport: Sendable {
    func send(_ request: TransportRequest) async throws -> TransportResponse
}
