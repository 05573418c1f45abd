import Foundation
import SpeakerRecognition

/// Maps an engine's scores to the API's decisions: a match or nobody, `Low`/`Normal`/`High`, and
/// a calibrated score in 0…1.
///
/// A best score below ``acceptance`` means nobody (the zero GUID, or `Reject`). Above it, the
/// confidence is `High` when the score reaches ``high`` and leads the runner-up by ``margin``,
/// `Normal` when it reaches ``normal``, and `Low` otherwise. The calibrated score is a logistic
/// curve centred on ``acceptance`` (where it is 0.5) with steepness ``slope``, so the numeric
/// score and the decision never disagree.
public struct ScoreCalibration: Sendable, Hashable {
    /// The score from which a candidate is named (or a verification accepted).
    public var acceptance: Double
    /// The score from which a match is `Normal` rather than `Low`.
    public var normal: Double
    /// The score from which a match is `High` (when it also leads by ``margin``).
    public var high: Double
    /// How far the best candidate must lead the second for `High`.
    public var margin: Double
    /// Steepness of the calibrated score: `1 / (1 + exp(-slope · (score - acceptance)))`.
    /// Fitted by logistic regression where the engine was calibrated on data; otherwise chosen so
    /// that ``high`` maps to 0.9.
    public var slope: Double

    /// A calibration whose calibrated score reaches 0.9 at ``high``.
    public init(acceptance: Double, normal: Double, high: Double, margin: Double) {
        self.init(
            acceptance: acceptance, normal: normal, high: high, margin: margin,
            slope: high > acceptance ? log(9) / (high - acceptance) : 1)
    }

    /// A calibration with a fitted ``slope``.
    public init(acceptance: Double, normal: Double, high: Double, margin: Double, slope: Double) {
        self.acceptance = acceptance
        self.normal = normal
        self.high = high
        self.margin = margin
        self.slope = slope
    }

    /// `score` in 0…1: 0.5 at ``acceptance``, increasing with the score. Scores of a voiceprint the
    /// engine cannot compare (−∞) map to 0.
    public func calibrated(_ score: Double) -> Double {
        guard score.isFinite else { return score > 0 ? 1 : 0 }
        return 1 / (1 + exp(-slope * (score - acceptance)))
    }

    /// The decision for `scores` (one per candidate).
    public func identification(_ scores: [Double]) -> SpeakerIdentification {
        let calibrated = scores.map(calibrated)
        guard let best = scores.indices.max(by: { scores[$0] < scores[$1] }), scores[best] >= acceptance else {
            return SpeakerIdentification(match: nil, confidence: .high, scores: scores, calibratedScores: calibrated)
        }
        let runnerUp = scores.enumerated().filter { $0.offset != best }.map(\.element).max()
        return SpeakerIdentification(
            match: best, confidence: confidence(scores[best], runnerUp: runnerUp), scores: scores, calibratedScores: calibrated)
    }

    /// The decision for one score.
    public func verification(_ score: Double) -> SpeakerVerification {
        guard score >= acceptance else {
            return SpeakerVerification(
                accepted: false, confidence: score < acceptance - margin ? .high : .normal, score: score,
                calibratedScore: calibrated(score))
        }
        return SpeakerVerification(
            accepted: true, confidence: confidence(score, runnerUp: nil), score: score, calibratedScore: calibrated(score))
    }

    private func confidence(_ score: Double, runnerUp: Double?) -> Confidence {
        let leads = runnerUp.map { score - $0 >= margin } ?? true
        if score >= high && leads { return .high }
        if score >= normal { return .normal }
        return .low
    }
}
