/// The synchronous answer to a verification (`POST /verify`).
public struct VerificationResult: Codable, Hashable, Sendable {
    /// `Accept` or `Reject`; the wire name is `result`.
    public var result: VerificationDecision
    public var confidence: Confidence
    /// The phrase the service recognised.
    public var phrase: String
    /// The calibrated score, 0–1 (0.5 is where the service starts to accept). Not part of
    /// v1.0: only a spid-server started with `--scores` sends it.
    public var score: Double?

    public init(result: VerificationDecision, confidence: Confidence, phrase: String, score: Double? = nil) {
        self.result = result
        self.confidence = confidence
        self.phrase = phrase
        self.score = score
    }
}
