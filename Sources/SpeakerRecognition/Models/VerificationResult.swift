/// The synchronous answer to a verification (`POST /verify`).
public struct VerificationResult: Codable, Hashable, Sendable {
    /// `Accept` or `Reject`; the wire name is `result`.
    public var result: VerificationDecision
    public var confidence: Confidence
    /// The phrase the service recognised.
    public var phrase: String

    public init(result: VerificationDecision, confidence: Confidence, phrase: String) {
        self.result = result
        self.confidence = confidence
        self.phrase = phrase
    }
}
