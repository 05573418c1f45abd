import Foundation

/// The one error the framework throws: which stage failed, what the service said, and where.
///
/// It never holds the subscription key: requests carry it in a header, which no error records.
public struct SpidError: Error, Sendable, CustomStringConvertible, LocalizedError {
    /// Where a call failed.
    public enum Stage: String, Sendable, Hashable, CaseIterable {
        /// The arguments were refused before anything was sent (11 profile ids, a non-GUID id, empty audio).
        case invalidRequest
        /// The request never got an HTTP answer (connection refused, reset, DNS, TLS, response too large).
        case transport
        /// The service answered with an unexpected HTTP status; see ``statusCode`` and ``serviceError``.
        case httpStatus
        /// The answer broke the protocol (a 202 without `Operation-Location`, two of them, a bad URL).
        case invalidResponse
        /// The body could not be decoded; see ``bodySnippet``.
        case decoding
        /// The operation ended `failed`; ``message`` carries the service's failure message.
        case operationFailed
        /// The operation no longer exists (404: expired after 24 hours, or never existed).
        case operationGone
        /// A time limit ran out (the request's, or a watch's maximum wait).
        case timedOut
        /// The caller cancelled the task.
        case cancelled
    }

    /// The method and URL of the request that failed, and the service's request id when it sent one.
    public struct RequestContext: Sendable, Hashable, CustomStringConvertible {
        public var method: String
        public var url: URL
        public var requestID: String?

        public init(method: String, url: URL, requestID: String? = nil) {
            self.method = method
            self.url = url
            self.requestID = requestID
        }

        public var description: String { "\(method) \(url.absoluteString)" + (requestID.map { " (request id \($0))" } ?? "") }
    }

    public var stage: Stage
    /// What went wrong, in a sentence that says what to do where that is known.
    public var message: String
    /// The HTTP status, when the service answered.
    public var statusCode: Int?
    /// The service's `{"error":{"code","message"}}`, when the body had one.
    public var serviceError: ServiceErrorBody.Detail?
    /// The request that failed.
    public var context: RequestContext?
    /// The start of an undecodable body, for the person reading the error.
    public var bodySnippet: String?
    /// The wait the service asked for with `Retry-After` (429, 503), when it did.
    public var retryAfter: Duration?
    /// The last observation of the operation, for operation-level failures and timeouts.
    public var snapshot: OperationSnapshot?
    /// For a watch that timed out or was cancelled: how to go on watching elsewhere.
    public var resumeToken: ResumeToken?

    public init(
        _ stage: Stage, _ message: String, statusCode: Int? = nil, serviceError: ServiceErrorBody.Detail? = nil,
        context: RequestContext? = nil, bodySnippet: String? = nil, retryAfter: Duration? = nil,
        snapshot: OperationSnapshot? = nil
    ) {
        self.stage = stage
        self.message = message
        self.statusCode = statusCode
        self.serviceError = serviceError
        self.context = context
        self.bodySnippet = bodySnippet
        self.retryAfter = retryAfter
        self.snapshot = snapshot
    }

    public var description: String {
        var text = "\(stage.rawValue): \(message)"
        if let serviceError { text += " [\(serviceError.code): \(serviceError.message)]" }
        if let context { text += " (\(context))" }
        if let bodySnippet { text += "; body starts: \(bodySnippet)" }
        return text
    }

    public var errorDescription: String? { description }

    /// The first `limit` characters of a body, control characters shown as `·`, for error messages.
    public static func snippet(of body: Data, limit: Int = 160) -> String {
        let text = String(decoding: body.prefix(limit * 4), as: UTF8.self)
        var clipped = String(text.prefix(limit).map { $0.isASCII && ($0.asciiValue ?? 0) < 0x20 ? "·" : $0 })
        if text.count > limit || body.count > limit * 4 { clipped += "…" }
        return clipped
    }
}
