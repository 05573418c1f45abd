import SpeakerRecognition

/// Maps an engine's scores to the API's decisions: a match or nobody, and `Low`/`Normal`/`High`.
///
/// A best score below ``acceptance`` means nobody (the zero GUID, or `Reject`). Above it, the
/// confidence is `High` when the score reaches ``high`` and leads the runner-up by ``margin``,
/// `Normal` when it reaches ``normal``, and `Low` otherwise.
public struct ScoreCalibration: Sendable, Hashable {
    public var acceptance: Double
    public var normal: Double
    public var high: Double
    /// How far the best candidate must lead the second for `High`.
    public var margin: Double

    public init(acceptance: Double, normal: Double, high: Double, margin: Double) {
        self.acceptance = acceptance
        self.normal = normal
        self.high = high
        self.margin = margin
    }

    /// The decision for `scores` (one per candidate).
    public func identification(_ scores: [Double]) -> SpeakerIdentification {
        guard let best = scores.indices.max(by: { scores[$0] < scores[$1] }), scores[best] >= acceptance else {
            return SpeakerIdentification(match: nil, confidence: .high, scores: scores)
        }
        let runnerUp = scores.enumerated().filter { $0.offset != best }.map(\.element).max()
        return SpeakerIdentification(match: best, confidence: confidence(scores[best], runnerUp: runnerUp), scores: scores)
    }

    /// The decision for one score.
    public func verification(_ score: Double) -> SpeakerVerification {
        guard score >= acceptance else {
            return SpeakerVerification(
                accepted: false, confidence: score < acceptance - margin ? .high : .normal, score: score)
        }
        return SpeakerVerification(accepted: true, confidence: confidence(score, runnerUp: nil), score: score)
    }

    private func confidence(_ score: Double, runnerUp: Double?) -> Confidence {
        let leads = runnerUp.map { score - $0 >= margin } ?? true
        if score >= high && leads { return .high }
        if score >= normal { return .normal }
        return .low
    }
}
