/// One supported verification phrase (`GET /verificationPhrases?locale=…` returns a bare array).
public struct VerificationPhrase: Codable, Hashable, Sendable {
    public var phrase: String

    public init(phrase: String) { self.phrase = phrase }
}
