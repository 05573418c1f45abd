import SpeakerEngines
import SpeakerRecognition

/// An error answer of the service: an HTTP status and the `{"error":{"code","message"}}` envelope.
public struct ServiceFailure: Error, Sendable, Hashable {
    /// The HTTP status.
    public var status: Int
    /// `error.code`, such as `BadRequest`.
    public var code: String
    /// `error.message`, exactly as clients see it.
    public var message: String
    /// Extra response headers (`Retry-After` on 429, `Allow` on 405).
    public var headers: [(String, String)] = []

    public init(status: Int, code: String, message: String, headers: [(String, String)] = []) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.status == rhs.status && lhs.code == rhs.code && lhs.message == rhs.message
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(status)
        hasher.combine(code)
        hasher.combine(message)
    }

    /// The body as the service wrote it.
    var body: JSONValue {
        .object(["error": .object(["code": .string(code), "message": .string(message)])])
    }

    /// The whole answer: status, headers (`Content-Type`, `apim-request-id`, extras) and body.
    public var response: TransportResponse { EmulatorResponse.failure(self) }
}

extension ServiceFailure {
    static let malformedID = ServiceFailure(
        status: 400, code: "BadRequest",
        message: "Guid should contain 32 digits with 4 dashes (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx).")
    static let invalidKey = ServiceFailure(
        status: 401, code: "Unspecified",
        message:
            "Access denied due to invalid subscription key. Make sure you are subscribed to an API you are trying to call and provide the right key."
    )
    package static let profileNotFound = ServiceFailure(
        status: 404, code: "NotFound", message: "Requested profile doesn't exist.")
    static let operationNotFound = ServiceFailure(
        status: 404, code: "NotFound", message: "Requested operation doesn't exist or has expired (operations are kept 24 hours).")
    static let resourceNotFound = ServiceFailure(
        status: 404, code: "NotFound", message: "Resource not found.")
    /// A request that cannot be read as HTTP the service understands.
    public static let invalidHTTPRequest = ServiceFailure(status: 400, code: "BadRequest", message: "Invalid Http Request")

    /// A body over `limit` bytes.
    public static func tooLarge(limit: Int) -> ServiceFailure {
        ServiceFailure(
            status: 413, code: "RequestEntityTooLarge", message: "The request body is larger than the limit of \(limit) bytes.")
    }
    /// The subscription holds `limit` profiles (both kinds) already.
    static func quotaExceeded(_ limit: Int) -> ServiceFailure {
        ServiceFailure(
            status: 403, code: "QuotaExceeded",
            message:
                "One subscription can only create \(limit) speaker verification/identification profiles at most. Delete profiles you no longer need."
        )
    }

    /// The storage cannot be reached now (a database restarting): come back after `seconds`.
    static func storageUnavailable(retryAfter seconds: Int) -> ServiceFailure {
        ServiceFailure(
            status: 503, code: "ServiceUnavailable", message: "The service's storage is unavailable; try again in \(seconds) seconds.",
            headers: [("Retry-After", String(seconds))])
    }

    static let internalError = ServiceFailure(status: 500, code: "InternalServerError", message: "SpeakerInvalid")
    package static let speechNotRecognized = ServiceFailure(status: 400, code: "BadRequest", message: "SpeechNotRecognized")
    package static let invalidPhrase = ServiceFailure(status: 400, code: "BadRequest", message: "InvalidPhrase")

    /// Too much work waiting: the service's own 429, with a message that says why.
    static func queueFull(operations: Int, retryAfter seconds: Int) -> ServiceFailure {
        ServiceFailure(
            status: 429, code: "RateLimitExceeded",
            message: "The service has \(operations) operations waiting, as many as it holds. Try again in \(seconds) seconds.",
            headers: [("Retry-After", String(seconds))])
    }

    /// A body that did not arrive in time (a server's guard against clients that trickle bytes).
    public static func bodyTimedOut(after timeout: Duration) -> ServiceFailure {
        ServiceFailure(
            status: 408, code: "RequestTimeout",
            message: "The request body did not arrive within \(timeout.components.seconds) seconds; send it again, faster.")
    }

    /// A client address that sent too many wrong keys (a server's guard against key guessing):
    /// the service's own 429 shape, with a message that says why.
    public static func tooManyFailedKeys(retryAfter seconds: Int) -> ServiceFailure {
        ServiceFailure(
            status: 429, code: "RateLimitExceeded",
            message: "Too many requests with a wrong or missing subscription key from this address. Try again in \(seconds) seconds.",
            headers: [("Retry-After", String(seconds))])
    }

    /// Every place for an upload is taken (`spid-server --max-concurrent-uploads`).
    public static func tooManyUploads(limit: Int) -> ServiceFailure {
        ServiceFailure(
            status: 429, code: "RateLimitExceeded",
            message: "Too many uploads at once (\(limit) are being read). Try again in 1 second.",
            headers: [("Retry-After", "1")])
    }

    static func rateLimited(retryAfter seconds: Int) -> ServiceFailure {
        ServiceFailure(
            status: 429, code: "RateLimitExceeded", message: "Rate limit is exceeded. Try again later.",
            headers: [("Retry-After", String(seconds))])
    }

    static func badRequest(_ message: String) -> ServiceFailure {
        ServiceFailure(status: 400, code: "BadRequest", message: message)
    }
}
