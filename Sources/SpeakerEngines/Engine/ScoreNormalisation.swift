/// Symmetric score normalisation (S-norm) against a cohort of other voices.
///
/// A raw similarity means little on its own: some voices, microphones and rooms score high
/// against everybody. S-norm measures the score in standard deviations above what the test
/// scores against a cohort of other voices (T-norm) and above what the candidate's model scores
/// against the same cohort (Z-norm), and averages the two:
/// `((s − μ_test) / σ_test + (s − μ_model) / σ_model) / 2`. A stranger who resembles everybody
/// then lands near 0, while the true speaker stands out by several deviations, in any channel
/// that shifts all scores alike. With ``top`` set, only the cohort's highest scores count
/// (adaptive S-norm).
public struct ScoreNormalisation: Sendable, Hashable {
    /// Cohort scores below which the statistics are too unstable to normalise by; the engine
    /// then falls back to raw scores.
    public var minimumCohort: Int
    /// How many of the highest cohort scores give the mean and deviation (adaptive S-norm); `nil`
    /// uses them all.
    public var top: Int?
    /// The smallest deviation used, so that a cohort of near-identical scores cannot blow the
    /// normalised score up.
    public var minimumDeviation: Double

    /// A normalisation needing `minimumCohort` cohort scores, over the `top` highest (all when nil).
    public init(minimumCohort: Int = 8, top: Int? = nil, minimumDeviation: Double = 0.01) {
        self.minimumCohort = minimumCohort
        self.top = top
        self.minimumDeviation = minimumDeviation
    }

    /// Whether `count` cohort scores are enough to normalise by.
    public func accepts(cohortCount count: Int) -> Bool { count >= max(2, minimumCohort) }

    /// `score` normalised by the test's scores against the cohort and the model's scores against
    /// the same cohort; `nil` when either has fewer than ``minimumCohort`` scores.
    public func normalised(_ score: Double, testCohort: [Double], modelCohort: [Double]) -> Double? {
        guard accepts(cohortCount: testCohort.count), accepts(cohortCount: modelCohort.count),
            let test = statistics(testCohort), let model = statistics(modelCohort)
        else { return nil }
        return ((score - test.mean) / test.deviation + (score - model.mean) / model.deviation) / 2
    }

    /// Mean and deviation of the scores ``top`` keeps.
    func statistics(_ scores: [Double]) -> (mean: Double, deviation: Double)? {
        let kept = top.map { Array(scores.sorted(by: >).prefix(max(2, $0))) } ?? scores
        guard kept.count >= 2 else { return nil }
        let mean = kept.reduce(0, +) / Double(kept.count)
        let variance = kept.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(kept.count)
        return (mean, max(variance.squareRoot(), minimumDeviation))
    }
}
