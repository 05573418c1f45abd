import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SpeakerRecognition

/// A `Transport` (from SpeakerRecognition) on AsyncHTTPClient (SwiftNIO): the one to pick when a
/// process watches many operations at once, since its connection pool, not the client, sets how
/// many polls go out together.
///
/// It keeps the contract of the default transport: cancelling the calling task cancels the
/// request; a response larger than ``Configuration/maximumResponseBytes`` fails instead of
/// filling memory; redirects are not followed, so the subscription key never reaches another
/// host; error statuses come back as responses.
///
/// A transport made with ``init(configuration:)`` owns its `HTTPClient`: call ``shutdown()``
/// when done (dropping it unshut closes its connections in the background). One made with
/// ``init(client:configuration:)`` borrows the caller's client, which the caller shuts down.
public final class AsyncHTTPClientTransport: Transport {
    /// Connection pool, time limits and size limits.
    public struct Configuration: Sendable, Hashable {
        /// Connections kept open to one host. Size it with the monitor's
        /// `maximumConcurrentRequests`, so that polls wait on the server, not on the pool.
        public var maximumConnectionsPerHost: Int
        /// The longest a connection may take to open.
        public var connectTimeout: Duration
        /// The longest silence allowed while waiting for the response.
        public var requestTimeout: Duration
        /// The longest a whole exchange may take.
        public var resourceTimeout: Duration
        /// The largest response body read; a larger one fails with a transport error.
        public var maximumResponseBytes: Int
        /// How long an unused connection stays open.
        public var idleTimeout: Duration

        public init(
            maximumConnectionsPerHost: Int = 64, connectTimeout: Duration = .seconds(10), requestTimeout: Duration = .seconds(60),
            resourceTimeout: Duration = .seconds(300), maximumResponseBytes: Int = 10 << 20, idleTimeout: Duration = .seconds(60)
        ) {
            self.maximumConnectionsPerHost = maximumConnectionsPerHost
            self.connectTimeout = connectTimeout
            self.requestTimeout = requestTimeout
            self.resourceTimeout = resourceTimeout
            self.maximumResponseBytes = maximumResponseBytes
            self.idleTimeout = idleTimeout
        }
    }

    public let configuration: Configuration
    private let client: HTTPClient
    /// Whether this transport made `client` and still has to shut it down.
    private let owned: Locked<Bool>

    /// A transport with its own `HTTPClient` on SwiftNIO's shared event loops.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        var settings = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: Self.amount(configuration.connectTimeout), read: Self.amount(configuration.requestTimeout)),
            connectionPool: .init(
                idleTimeout: Self.amount(configuration.idleTimeout),
                concurrentHTTP1ConnectionsPerHostSoftLimit: max(1, configuration.maximumConnectionsPerHost)),
            decompression: .disabled)
        settings.httpVersion = .automatic
        client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: settings)
        owned = Locked(true)
    }

    /// A transport on the caller's `HTTPClient`, which keeps its own pool, redirect and timeout
    /// settings (give it `redirectConfiguration: .disallow`); only ``Configuration/resourceTimeout``
    /// and ``Configuration/maximumResponseBytes`` apply here.
    public init(client: HTTPClient, configuration: Configuration = Configuration()) {
        self.configuration = configuration
        self.client = client
        owned = Locked(false)
    }

    deinit {
        if owned.withLock({ $0 }) { client.shutdown { _ in } }
    }

    /// Closes the connections of a transport that owns its client; does nothing for a borrowed one.
    public func shutdown() async throws {
        guard
            owned.withLock({ was in
                defer { was = false }; return was
            })
        else { return }
        try await client.shutdown()
    }

    public func send(_ request: TransportRequest) async throws -> TransportResponse {
        var outgoing = HTTPClientRequest(url: request.url.absoluteString)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for field in request.headers { outgoing.headers.add(name: field.name, value: field.value) }
        if let body = request.body { outgoing.body = .bytes(ByteBuffer(bytes: body)) }
        do {
            let response = try await client.execute(outgoing, timeout: Self.amount(configuration.resourceTimeout))
            let body = try await response.body.collect(upTo: configuration.maximumResponseBytes)
            var headers = TransportHeaders()
            for (name, value) in response.headers { headers.append(name: name, value: value) }
            return TransportResponse(statusCode: Int(response.status.code), headers: headers, body: Data(body.readableBytesView))
        } catch {
            throw Self.translate(error, limit: configuration.maximumResponseBytes)
        }
    }

    /// Puts AsyncHTTPClient's and NIO's errors in the framework's terms.
    static func translate(_ error: any Error, limit: Int) -> any Error {
        if error is CancellationError { return error }
        if error is NIOTooManyBytesError {
            return SpidError(
                .transport,
                "the response body is larger than the limit of \(limit) bytes; raise AsyncHTTPClientTransport.Configuration.maximumResponseBytes if this is expected"
            )
        }
        guard let clientError = error as? HTTPClientError else {
            return SpidError(.transport, String(describing: error))
        }
        switch clientError {
        case .cancelled: return CancellationError()
        case .readTimeout: return SpidError(.timedOut, "the request timed out waiting for the server")
        case .deadlineExceeded: return SpidError(.timedOut, "the request took longer than the transport's resource timeout")
        case .connectTimeout: return SpidError(.timedOut, "could not connect to the server in time")
        default: return SpidError(.transport, clientError.description)
        }
    }

    static func amount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
