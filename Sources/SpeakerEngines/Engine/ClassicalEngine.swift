import SpeakerRecognition

/// The pure-Swift classical engine: MFCC+Δ with CMVN, a GMM universal background model trained
/// on the cohort at scoring time, speaker models by MAP adaptation, scores by log-likelihood ratio.
///
/// It needs no data beyond the subscription's own enrollments, which is why it is the fallback
/// every installation has. The UBM is trained on the candidates, the cohort and the test speech
/// together, so even a single enrolled profile has something to be contrasted with. Scores are
/// average per-frame log-likelihood ratios; `calibration` turns them into decisions.
public struct ClassicalEngine: SpeakerEngine {
    /// The voiceprint format: speech frames of MFCC+Δ after CMVN.
    public var name: String { "classical-gmm-ubm-1" }

    /// Mixture components of the background model.
    public var components = 32
    /// EM iterations when training it.
    public var iterations = 8
    /// MAP relevance factor.
    public var relevance = 16.0
    /// Speech frames (10 ms) kept per profile; longer enrollments are sampled evenly.
    public var maximumProfileFrames = 9000
    /// Speech frames below which an upload is not usable.
    public var minimumFrames = 30
    /// Set on the synthetic fixture voices (scripts/fixtures/make-audio): the right speaker scored
    /// 0.02 to 1.11, others −0.47 and below. Real recordings may want other values.
    public var identificationCalibration = ScoreCalibration(acceptance: -0.2, normal: 0.4, high: 0.8, margin: 1.0)
    public var verificationCalibration = ScoreCalibration(acceptance: -0.2, normal: 0.4, high: 0.8, margin: 0.5)

    private static let framesPerSpeakerForBackground = 300
    private static let cohortLimit = 20
    private static let scoredTestFrames = 1000
    private static let adaptationFrames = 2000

    /// Frames drawn from the generic background model, so that even one enrolled speaker is
    /// scored against other voices.
    static let genericFrames = GaussianMixture(
        dimension: GenericBackground.dimension, weights: GenericBackground.weights, means: GenericBackground.means,
        variances: GenericBackground.variances
    ).samples(count: 1500, seed: 0x5_91D)

    public init() {}

    public func voiceprint(of sample: SpeechSample) throws -> Voiceprint {
        let cepstrum = MelCepstrum(sampleRate: sample.spectrogram.sampleRate, fftSize: sample.spectrogram.fftSize)
        let all = FeatureMatrix(dimension: MelCepstrum.dimension, values: cepstrum.features(of: sample.spectrogram))
        let speech = all.rows(where: sample.speechFrames)
        guard speech.rowCount >= minimumFrames else {
            throw SpeakerEngineError("not enough speech (\(speech.rowCount * 10) ms)")
        }
        let kept = speech.normalised().evenlySampled(atMost: maximumProfileFrames)
        return Voiceprint(
            engine: name, dimension: MelCepstrum.dimension, vectors: kept.values, speechSeconds: sample.speechSeconds)
    }

    public func merging(_ addition: Voiceprint, into existing: Voiceprint?) -> Voiceprint {
        guard let existing, existing.engine == name, existing.dimension == addition.dimension else { return addition }
        var frames = FeatureMatrix(dimension: existing.dimension, values: existing.vectors)
        frames.append(contentsOf: FeatureMatrix(dimension: addition.dimension, values: addition.vectors))
        return Voiceprint(
            engine: name, dimension: existing.dimension,
            vectors: frames.evenlySampled(atMost: maximumProfileFrames).values,
            speechSeconds: existing.speechSeconds + addition.speechSeconds)
    }

    public func identify(
        _ test: Voiceprint, among candidates: [Voiceprint], cohort: [Voiceprint]
    )
        -> SpeakerIdentification
    {
        identificationCalibration.identification(scores(test, candidates, cohort: cohort))
    }

    public func verify(_ test: Voiceprint, against profile: Voiceprint, cohort: [Voiceprint]) -> SpeakerVerification {
        verificationCalibration.verification(scores(test, [profile], cohort: cohort)[0])
    }

    /// Log-likelihood ratios of `test` for each candidate against a UBM of everyone involved.
    func scores(_ test: Voiceprint, _ candidates: [Voiceprint], cohort: [Voiceprint]) -> [Double] {
        let testFrames = matrix(test).evenlySampled(atMost: Self.scoredTestFrames)
        let usableCohort = cohort.filter { $0.engine == name && $0.dimension == test.dimension }
        let background = candidates + Self.evenly(usableCohort, atMost: Self.cohortLimit) + [test]
        var pooled = FeatureMatrix(dimension: test.dimension)
        for voiceprint in background where voiceprint.engine == name {
            pooled.append(contentsOf: matrix(voiceprint).evenlySampled(atMost: Self.framesPerSpeakerForBackground))
        }
        pooled.append(contentsOf: Self.genericFrames)
        let ubm = GaussianMixture.train(on: pooled, components: components, iterations: iterations)
        let reference = ubm.averageLogLikelihood(of: testFrames)
        return candidates.map { candidate in
            guard candidate.engine == name, candidate.dimension == test.dimension else { return -.infinity }
            let model = ubm.adapted(to: matrix(candidate).evenlySampled(atMost: Self.adaptationFrames), relevance: relevance)
            return model.averageLogLikelihood(of: testFrames) - reference
        }
    }

    private func matrix(_ voiceprint: Voiceprint) -> FeatureMatrix {
        FeatureMatrix(dimension: voiceprint.dimension, values: voiceprint.vectors)
    }

    private static func evenly<T>(_ items: [T], atMost limit: Int) -> [T] {
        guard items.count > limit else { return items }
        return (0..<limit).map { items[$0 * items.count / limit] }
    }
}
