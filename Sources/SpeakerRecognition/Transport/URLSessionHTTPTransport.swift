import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The default ``Transport``, on `URLSession` (FoundationNetworking on Linux).
///
/// Cancelling the calling task cancels the request at once. Responses larger than
/// ``Configuration/maximumResponseBytes`` are cut off with an error instead of filling memory.
/// Redirects are not followed (the API never redirects, and following one would hand the
/// subscription key to another host); no cookies, no cache.
public final class URLSessionHTTPTransport: Transport {
    /// Limits and timeouts.
    public struct Configuration: Sendable, Hashable {
        /// The longest silence allowed while waiting for the response (URLRequest's timeout).
        public var requestTimeout: Duration
        /// The longest a whole exchange may take.
        public var resourceTimeout: Duration
        /// The largest response body read; a larger one fails with a transport error.
        public var maximumResponseBytes: Int
        /// Connections kept open to one host.
        public var maximumConnectionsPerHost: Int

        public init(
            requestTimeout: Duration = .seconds(60), resourceTimeout: Duration = .seconds(300),
            maximumResponseBytes: Int = 10 << 20, maximumConnectionsPerHost: Int = 16
        ) {
            self.requestTimeout = requestTimeout
            self.resourceTimeout = resourceTimeout
            self.maximumResponseBytes = maximumResponseBytes
            self.maximumConnectionsPerHost = maximumConnectionsPerHost
        }
    }

    public let configuration: Configuration
    private let session: URLSession
    private let exchanges: ExchangeTable

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        let sessionConfiguration = URLSessionConfiguration.ephemeral
        sessionConfiguration.timeoutIntervalForRequest = configuration.requestTimeout.seconds
        sessionConfiguration.timeoutIntervalForResource = configuration.resourceTimeout.seconds
        sessionConfiguration.httpMaximumConnectionsPerHost = configuration.maximumConnectionsPerHost
        sessionConfiguration.urlCache = nil
        sessionConfiguration.requestCachePolicy = .reloadIgnoringLocalCacheData
        sessionConfiguration.httpShouldSetCookies = false
        sessionConfiguration.httpCookieAcceptPolicy = .never
        exchanges = ExchangeTable(maximumResponseBytes: configuration.maximumResponseBytes)
        session = URLSession(configuration: sessionConfiguration, delegate: exchanges, delegateQueue: nil)
    }

    deinit {
        // Not invalidateAndCancel(): FoundationNetworking traps when it cancels a task that is
        // completing at the same moment. Requests in flight end by their own timeouts.
        session.finishTasksAndInvalidate()
    }

    public func send(_ request: TransportRequest) async throws -> TransportResponse {
        var urlRequest = URLRequest(url: request.url, timeoutInterval: configuration.requestTimeout.seconds)
        urlRequest.httpMethod = request.method
        for field in request.headers { urlRequest.addValue(field.value, forHTTPHeaderField: field.name) }
        urlRequest.httpBody = request.body
        let task = session.dataTask(with: urlRequest)
        let identifier = task.taskIdentifier
        let exchanges = self.exchanges
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                exchanges.begin(identifier, continuation: continuation)
                if Task.isCancelled {
                    exchanges.finish(identifier, with: .failure(CancellationError()))
                } else {
                    task.resume()
                }
            }
        } onCancel: {
            exchanges.cancel(task)
        }
    }
}

/// The in-flight exchanges of one session, fed by its delegate callbacks.
// @unchecked Sendable: every stored property is either immutable or guarded by `lock`, and each
// continuation is removed from the table under the lock before it is resumed, so it resumes once.
private final class ExchangeTable: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    private struct Exchange {
        var continuation: CheckedContinuation<TransportResponse, any Error>
        var response: HTTPURLResponse?
        var body = Data()
    }

    private let lock = NSLock()
    private var exchanges: [Int: Exchange] = [:]
    private let maximumResponseBytes: Int

    init(maximumResponseBytes: Int) {
        self.maximumResponseBytes = maximumResponseBytes
    }

    func begin(_ identifier: Int, continuation: CheckedContinuation<TransportResponse, any Error>) {
        lock.withLock { exchanges[identifier] = Exchange(continuation: continuation) }
    }

    func finish(_ identifier: Int, with result: Result<TransportResponse, any Error>) {
        let exchange = lock.withLock { exchanges.removeValue(forKey: identifier) }
        exchange?.continuation.resume(with: result)
    }

    /// Ends an exchange with `CancellationError` and cancels its task, unless the task has
    /// already completed: FoundationNetworking traps when a completed task is cancelled
    /// (swift-corelibs-foundation #3296). Cancelling under the lock keeps the completion
    /// callback, which takes the lock first, from running in between.
    func cancel(_ task: URLSessionTask) {
        let exchange: Exchange? = lock.withLock {
            guard let exchange = exchanges.removeValue(forKey: task.taskIdentifier) else { return nil }
            task.cancel()
            return exchange
        }
        exchange?.continuation.resume(throwing: CancellationError())
    }

    private func tooLargeError(bytes: Int) -> SpidError {
        SpidError(
            .transport,
            "the response body is larger than the limit of \(maximumResponseBytes) bytes (at least \(bytes)); raise URLSessionHTTPTransport.Configuration.maximumResponseBytes if this is expected"
        )
    }

    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void
    ) {
        let declared = response.expectedContentLength
        if declared > maximumResponseBytes {
            finish(dataTask.taskIdentifier, with: .failure(tooLargeError(bytes: Int(declared))))
            return completionHandler(.cancel)
        }
        lock.withLock { exchanges[dataTask.taskIdentifier]?.response = response as? HTTPURLResponse }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let size: Int? = lock.withLock {
            exchanges[dataTask.taskIdentifier]?.body.append(data)
            return exchanges[dataTask.taskIdentifier]?.body.count
        }
        if let size, size > maximumResponseBytes {
            // On the delegate queue, so the task's completion cannot be under way.
            finish(dataTask.taskIdentifier, with: .failure(tooLargeError(bytes: size)))
            dataTask.cancel()
        }
    }

    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        // Taken out first, so that a cancel arriving from now on leaves the task alone.
        guard let exchange = lock.withLock({ exchanges.removeValue(forKey: task.taskIdentifier) }) else { return }
        if let error {
            return exchange.continuation.resume(throwing: Self.translate(error))
        }
        guard let http = exchange.response ?? task.response as? HTTPURLResponse else {
            return exchange.continuation.resume(throwing: SpidError(.transport, "the server's answer was not an HTTP response"))
        }
        var headers = TransportHeaders()
        for (name, value) in http.allHeaderFields {
            headers.append(name: String(describing: name), value: String(describing: value))
        }
        exchange.continuation.resume(returning: TransportResponse(statusCode: http.statusCode, headers: headers, body: exchange.body))
    }

    private static func translate(_ error: any Error) -> any Error {
        guard let urlError = error as? URLError else { return SpidError(.transport, error.localizedDescription) }
        switch urlError.code {
        case .cancelled: return CancellationError()
        case .timedOut: return SpidError(.timedOut, "the request timed out waiting for the server")
        default: return SpidError(.transport, "\(urlError.localizedDescription) (URLError \(urlError.code.rawValue))")
        }
    }
}
