import SpeakerRecognition

/// The neural engine: resemblyzer's GE2E d-vector speaker encoder, run in Swift.
///
/// An upload's voiceprint is the d-vector of its speech (long silences cut by the emulator's
/// voice-activity detector, where resemblyzer used WebRTC's, then volume raised to −30 dBFS).
/// A profile keeps one d-vector per enrollment and is their normalised mean; candidates are
/// scored by cosine similarity, which `calibration` turns into the API's decisions. It holds up
/// far better than the classical engine when test audio comes through another channel than the
/// enrollment.
public struct DVectorEngine: SpeakerEngine {
    /// The voiceprint format: one 256-float d-vector per upload.
    public var name: String { "dvector-ge2e-resemblyzer-1" }

    /// Speech (seconds) below which an upload is not usable: under one 1.6 s window it is
    /// mostly padding.
    public var minimumSpeechSeconds = 0.5
    /// Silence kept on each side of detected speech (10 ms frames), as resemblyzer's trimming
    /// keeps short pauses.
    public var keptSilenceFrames = 10
    /// Enrollment d-vectors kept per profile; the oldest go first.
    public var maximumEnrollments = 64
    /// Cosine similarities, set on the corpus of scripts/eval: clean same-voice scores were 0.90
    /// and up, reverberant ones 0.72 and up (5 % under 0.75), the best impostor's 0.84 at most
    /// (5 % over 0.78). Telephone-band tests of clean enrollments mostly fall under 0.75.
    public var identificationCalibration = ScoreCalibration(acceptance: 0.75, normal: 0.82, high: 0.90, margin: 0.10)
    public var verificationCalibration = ScoreCalibration(acceptance: 0.75, normal: 0.82, high: 0.90, margin: 0.05)

    let encoder: DVectorEncoder

    public init(model: DVectorModel) {
        encoder = DVectorEncoder(model: model)
    }

    public func voiceprint(of sample: SpeechSample) throws -> Voiceprint {
        let speech = trimmed(sample)
        guard Double(speech.count) / Double(MelPowerSpectrogram.sampleRate) >= minimumSpeechSeconds else {
            throw SpeakerEngineError("not enough speech (\(Int(sample.speechSeconds * 1000)) ms)")
        }
        let embedding = encoder.embedding(ofUtterance: DVectorEncoder.normalisingVolume(speech))
        return Voiceprint(engine: name, dimension: DVectorModel.embedding, vectors: embedding, speechSeconds: sample.speechSeconds)
    }

    public func merging(_ addition: Voiceprint, into existing: Voiceprint?) -> Voiceprint {
        guard let existing, existing.engine == name, existing.dimension == addition.dimension else { return addition }
        var vectors = existing.vectors + addition.vectors
        let excess = vectors.count / addition.dimension - maximumEnrollments
        if excess > 0 { vectors.removeFirst(excess * addition.dimension) }
        return Voiceprint(
            engine: name, dimension: addition.dimension, vectors: vectors,
            speechSeconds: existing.speechSeconds + addition.speechSeconds)
    }

    public func identify(_ test: Voiceprint, among candidates: [Voiceprint], cohort: [Voiceprint]) -> SpeakerIdentification {
        identificationCalibration.identification(candidates.map { score(test, $0) })
    }

    public func verify(_ test: Voiceprint, against profile: Voiceprint, cohort: [Voiceprint]) -> SpeakerVerification {
        verificationCalibration.verification(score(test, profile))
    }

    /// Cosine similarity of the test's d-vector and the profile's mean; −1 for a voiceprint of
    /// another engine (a profile enrolled before the engine changed never matches: enroll it again).
    func score(_ test: Voiceprint, _ profile: Voiceprint) -> Double {
        guard test.engine == name, profile.engine == name, test.dimension == profile.dimension, profile.rowCount > 0 else { return -1 }
        let dimension = profile.dimension
        var mean = [Float](repeating: 0, count: dimension)
        for row in 0..<profile.rowCount {
            for index in 0..<dimension { mean[index] += profile.vectors[row * dimension + index] }
        }
        let a = SpeakerEncoderNetwork.normalised(mean)
        let b = SpeakerEncoderNetwork.normalised(Array(test.vectors.prefix(dimension)))
        return Double(zip(a, b).reduce(Float(0)) { $0 + $1.0 * $1.1 })
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
