/// The service's error envelope, `{"error":{"code":"…","message":"…"}}`.
public struct ServiceErrorBody: Codable, Hashable, Sendable {
    /// The inner object: a machine `code` (`BadRequest`, `RateLimitExceeded`) and a human `message`.
    public struct Detail: Codable, Hashable, Sendable {
        public var code: String
        public var message: String

        public init(code: String, message: String) {
            self.code = code
            self.message = message
        }
    }

    public var error: Detail

    public init(code: String, message: String) { error = Detail(code: code, message: message) }
}
