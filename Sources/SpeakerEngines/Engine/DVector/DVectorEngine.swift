import SpeakerRecognition

/// The neural engine: resemblyzer's GE2E d-vector speaker encoder, run in Swift.
///
/// An upload's voiceprint is the d-vector of its speech (long silences cut by the emulator's
/// voice-activity detector, where resemblyzer used WebRTC's, then volume raised to −30 dBFS),
/// followed by the d-vector of the same speech heard through a 300–3400 Hz telephone band. A
/// profile keeps one such pair per enrollment and is their normalised mean. A test is compared
/// with both halves of a profile and keeps the higher cosine, so a telephone-band test of a
/// clean enrollment is compared with a model of the same channel (multi-condition voiceprints).
/// An upload that itself came through a narrow band (`HighBandActivity`) has no full-band
/// condition: its d-vector stands in for both halves.
///
/// A test's own telephone-band d-vector is never read, so ``testVoiceprint(of:)`` skips it and
/// records instead whether the test was heard through a narrow band. Such a test scores lower
/// against a full-band enrollment, its own speaker's included, so those scores are raised by
/// ``narrowBandOffset`` before the one calibration decides. Against a narrow-band enrollment the
/// channels match, and their shared noise makes everybody alike: those scores are lowered by
/// ``matchedNarrowBandOffset``.
///
/// Raw cosines do not transfer across recordings, so the engine normalises them (S-norm, see
/// ``ScoreNormalisation``) against a cohort: the built-in voices (``DVectorCohort/builtIn``),
/// the subscription's other profiles, and for identification the other candidates. The
/// normalised score is what ``identificationCalibration`` and ``verificationCalibration`` turn
/// into decisions and calibrated 0…1 scores. With too small a cohort (no built-in cohort and few
/// profiles), the engine falls back to raw cosines and ``rawCalibration``.
public struct DVectorEngine: SpeakerEngine {
    /// The voiceprint format: per upload, a 256-float d-vector, or (since multi-condition
    /// voiceprints) 512 floats: the d-vector then its telephone-band one (the d-vector twice for
    /// narrow-band speech). Profiles enrolled with 256-float rows still match, on their one
    /// condition. A test voiceprint is 257 floats: the d-vector, then the span (dB) of its power
    /// above 4 kHz, or −1 when there was too little speech to measure it.
    public var name: String { "dvector-ge2e-resemblyzer-1" }

    /// Speech (seconds) below which an upload is not usable: under one 1.6 s window it is
    /// mostly padding.
    public var minimumSpeechSeconds = 0.5
    /// Silence kept on each side of detected speech (10 ms frames), as resemblyzer's trimming
    /// keeps short pauses.
    public var keptSilenceFrames = 10
    /// Enrollment d-vectors kept per profile; the oldest go first.
    public var maximumEnrollments = 64
    /// Whether voiceprints also hold the telephone-band d-vector (512 floats per upload instead of
    /// 256). It doubles the encoder's work for full-band enrollments and lifted closed-set
    /// accuracy on telephone-band tests of clean enrollments from 81 % to 90 % (Czech cast) and
    /// from 54 % to 100 % (Dutch cast).
    public var multiCondition = true
    /// Voices the scores are normalised against besides the subscription's profiles and the other
    /// candidates; `nil` (or ``DVectorCohort/empty``) leaves only those.
    public var cohort: DVectorCohort?
    /// How scores are normalised against the cohort.
    public var normalisation = ScoreNormalisation(minimumCohort: 8)
    /// The most subscription profiles used as cohort (evenly chosen), to bound the work.
    public var maximumProfileCohort = 100
    /// Decisions on S-normalised scores for identification, fitted on real speech (the Czech
    /// cast of Fish Fillets NG, see docs/speaker-engines.md): a best candidate under
    /// `acceptance` is nobody.
    public var identificationCalibration = DVectorEngine.normalisedCalibration
    /// Decisions on S-normalised scores for verification; the same fit as identification.
    public var verificationCalibration = DVectorEngine.normalisedCalibration
    /// Decisions on raw cosines, used when the cohort is too small to normalise by; fitted on
    /// the same data as ``identificationCalibration``.
    public var rawCalibration = DVectorEngine.cosineCalibration
    /// Added to the normalised scores of a test heard through a narrow band against full-band
    /// enrollments, so that one calibration serves every channel: fitted as the difference
    /// between the acceptances that let 2 % of Czech strangers through in full-band tests and in
    /// telephone-band ones. Raw cosines (``rawCalibration``) need none: the same fit gave −0.005.
    public var narrowBandOffset = 0.47
    /// Added to the normalised scores of a narrow-band test against narrow-band enrollments:
    /// fitted the same way on telephone-band enrollments of the Czech cast (made as the tests'
    /// telephone condition is), the acceptance less the score that lets 2 % of strangers through.
    public var matchedNarrowBandOffset = -0.39

    /// The calibration of S-normalised scores (see ``identificationCalibration``).
    ///
    /// Fitted by `scripts/eval-lib/calibrate.py` on every Czech test clip (clean, telephone band +
    /// noise, reverberation) against the 9 sets of 8 of the 9 Czech enrolled profiles:
    /// `acceptance` lets 2 % of the Czech strangers' best scores through, `normal` 0.5 %, `high`
    /// 0.1 %; the slope is the logistic regression of "the best candidate is the speaker" on the
    /// best score, narrow-band tests' scores raised by ``narrowBandOffset`` first. The Czech
    /// characters that score like an enrolled one's own takes (probably the same actor) were left
    /// out of the fit.
    public static let normalisedCalibration = ScoreCalibration(
        acceptance: 2.62, normal: 2.86, high: 3.22, margin: 0.5, slope: 3.07)
    /// The calibration of raw cosines (see ``rawCalibration``), fitted as
    /// ``normalisedCalibration`` on multi-condition cosines.
    public static let cosineCalibration = ScoreCalibration(
        acceptance: 0.823, normal: 0.838, high: 0.861, margin: 0.05, slope: 36.0)

    let encoder: DVectorEncoder

    /// An engine on `model`'s weights, normalising against `cohort` (the built-in one by default).
    public init(model: DVectorModel, cohort: DVectorCohort? = DVectorCohort.builtIn) {
        encoder = DVectorEncoder(model: model)
        self.cohort = cohort
    }

    public func voiceprint(of sample: SpeechSample) throws -> Voiceprint {
        try voiceprint(of: sample, telephoneBand: multiCondition)
    }

    /// The d-vector and the span of the power above 4 kHz (`HighBandActivity`), half the work:
    /// a test is scored with its own d-vector against both halves of a profile, so its
    /// telephone-band one would never be read.
    public func testVoiceprint(of sample: SpeechSample) throws -> Voiceprint {
        let audio = try speech(of: sample)
        let (embedding, span) = encoder.embeddingAndHighBandSpan(ofUtterance: audio)
        return Voiceprint(
            engine: name, dimension: embedding.count + 1, vectors: embedding + [Float(span ?? -1)], speechSeconds: sample.speechSeconds)
    }

    /// The sample's speech, trimmed of long silences and raised to −30 dBFS.
    private func speech(of sample: SpeechSample) throws -> [Float] {
        let speech = trimmed(sample)
        guard Double(speech.count) / Double(MelPowerSpectrogram.sampleRate) >= minimumSpeechSeconds else {
            throw SpeakerEngineError("not enough speech (\(Int(sample.speechSeconds * 1000)) ms)")
        }
        return DVectorEncoder.normalisingVolume(speech)
    }

    private func voiceprint(of sample: SpeechSample, telephoneBand: Bool) throws -> Voiceprint {
        let audio = try speech(of: sample)
        guard telephoneBand else {
            let vectors = encoder.embedding(ofUtterance: audio)
            return Voiceprint(engine: name, dimension: vectors.count, vectors: vectors, speechSeconds: sample.speechSeconds)
        }
        // Speech that came through a narrow band has no full-band condition: its d-vector stands in
        // for both, which marks the row (DVectorSpeakerModel.isNarrowBand) and saves a pass.
        let (embedding, span) = encoder.embeddingAndHighBandSpan(ofUtterance: audio)
        let telephone = HighBandActivity.isNarrowBand(span: span) ? embedding : encoder.embedding(ofUtterance: audio, telephoneBand: true)
        return Voiceprint(engine: name, dimension: 2 * embedding.count, vectors: embedding + telephone, speechSeconds: sample.speechSeconds)
    }

    public func merging(_ addition: Voiceprint, into existing: Voiceprint?) -> Voiceprint {
        guard let existing, existing.engine == name, existing.rowCount > 0 else { return addition }
        let width = DVectorModel.embedding
        var old = existing.vectors
        var new = addition.vectors
        var dimension = existing.dimension
        // A profile of one condition takes a two-condition enrollment by reusing its d-vectors for
        // the telephone band (the best it has), and a one-condition enrollment (an engine without
        // multi-condition) joins a two-condition profile the same way.
        if existing.dimension == width, addition.dimension == 2 * width {
            old = Self.twoConditions(existing.vectors)
            dimension = 2 * width
        } else if existing.dimension == 2 * width, addition.dimension == width {
            new = Self.twoConditions(addition.vectors)
        }
        guard dimension == width || dimension == 2 * width, new.count % dimension == 0 else { return addition }
        var vectors = old + new
        let excess = vectors.count / dimension - maximumEnrollments
        if excess > 0 { vectors.removeFirst(excess * dimension) }
        return Voiceprint(
            engine: name, dimension: dimension, vectors: vectors, speechSeconds: existing.speechSeconds + addition.speechSeconds)
    }

    public func identify(_ test: Voiceprint, among candidates: [Voiceprint], cohort: [Voiceprint]) -> SpeakerIdentification {
        let (scores, normalised) = self.scores(test, candidates, cohort: cohort)
        return (normalised ? identificationCalibration : rawCalibration).identification(scores)
    }

    public func verify(_ test: Voiceprint, against profile: Voiceprint, cohort: [Voiceprint]) -> SpeakerVerification {
        let (scores, normalised) = self.scores(test, [profile], cohort: cohort)
        return (normalised ? verificationCalibration : rawCalibration).verification(scores[0])
    }

    /// Rows of one condition (256 floats) as rows of two, the d-vector standing in for its
    /// telephone-band one, as for narrow-band speech. Converted rows only ever join rows of two
    /// conditions, so a profile counts as narrow band only when those are narrow band too.
    static func twoConditions(_ vectors: [Float]) -> [Float] {
        let width = DVectorModel.embedding
        return (0..<vectors.count / width).flatMap { row in
            let vector = vectors[row * width..<(row + 1) * width]
            return Array(vector) + Array(vector)
        }
    }

    /// One score per candidate, and whether they are S-normalised (else raw cosines).
    func scores(_ test: Voiceprint, _ candidates: [Voiceprint], cohort profiles: [Voiceprint]) -> (scores: [Double], normalised: Bool) {
        DVectorScorer(
            engine: name, cohort: cohort, normalisation: normalisation, maximumProfileCohort: maximumProfileCohort,
            narrowBandOffset: narrowBandOffset, matchedNarrowBandOffset: matchedNarrowBandOffset
        ).scores(test, candidates, cohort: profiles)
    }

    /// The raw similarity of a test to a profile: the cosine of the test's d-vector with the
    /// profile's mean (the higher of its two conditions); −1 for a voiceprint of another engine (a
    /// profile enrolled before the engine changed never matches: enroll it again).
    func score(_ test: Voiceprint, _ profile: Voiceprint) -> Double {
        let width = DVectorModel.embedding
        guard test.engine == name, DVectorScorer.isTestWidth(test.dimension), test.rowCount > 0,
            let model = DVectorSpeakerModel(profile, engine: name)
        else { return -1 }
        return model.similarity(toTest: SpeakerEncoderNetwork.normalised(Array(test.vectors.prefix(width))))
    }

    /// The samples of speech frames, each run widened by ``keptSilenceFrames`` on both sides.
    func trimmed(_ sample: SpeechSample) -> [Float] {
        let flags = sample.speechFrames
        let hop = sample.audio.sampleRate / 100
        var keep = [Bool](repeating: false, count: flags.count)
        for (index, speech) in flags.enumerated() where speech {
            for neighbour in max(0, index - keptSilenceFrames)...min(flags.count - 1, index + keptSilenceFrames) { keep[neighbour] = true }
        }
        var samples: [Float] = []
        samples.reserveCapacity(sample.audio.samples.count)
        let audio = sample.audio.samples
        var index = 0
        while index < keep.count {
            guard keep[index] else { index += 1; continue }
            var end = index
            while end < keep.count, keep[end] { end += 1 }
            let from = index * hop
            let to = end == keep.count ? audio.count : min(audio.count, end * hop)
            if from < to { samples += audio[from..<to] }
            index = end
        }
        return samples
    }
}
