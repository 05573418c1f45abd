import SpeakerRecognition

/// Turns speech into voiceprints and compares them: the part of the service that knows voices.
///
/// The emulator does the API's bookkeeping (audio rules, speech time, enrollment status,
/// operations); an engine only answers "who is this?". Engines must be deterministic for the
/// same input, and each owns its calibration: it maps its scores to the API's `Low`/`Normal`/
/// `High` confidence and decides when nobody matches.
public protocol SpeakerEngine: Sendable {
    /// Names the voiceprint format; stored with every voiceprint.
    var name: String { get }

    /// What the engine keeps of one upload's speech. Throws ``SpeakerEngineError`` when the
    /// speech cannot be used.
    func voiceprint(of sample: SpeechSample) throws -> Voiceprint

    /// A voiceprint of speech that is only compared, never enrolled: an identification's or a
    /// verification's test. It must score as ``voiceprint(of:)``'s would; an engine may compute
    /// less for it. The default is ``voiceprint(of:)``.
    func testVoiceprint(of sample: SpeechSample) throws -> Voiceprint

    /// A profile's voiceprint after one more enrollment.
    func merging(_ addition: Voiceprint, into existing: Voiceprint?) -> Voiceprint

    /// Who among `candidates` is speaking in `test`. `cohort` holds voiceprints of other
    /// speakers of the same subscription that the engine may use as background.
    func identify(_ test: Voiceprint, among candidates: [Voiceprint], cohort: [Voiceprint]) -> SpeakerIdentification

    /// Whether `test` is the speaker of `profile`.
    func verify(_ test: Voiceprint, against profile: Voiceprint, cohort: [Voiceprint]) -> SpeakerVerification
}

extension SpeakerEngine {
    public func testVoiceprint(of sample: SpeechSample) throws -> Voiceprint { try voiceprint(of: sample) }
}

/// An engine's answer to "who among these is speaking?".
public struct SpeakerIdentification: Sendable, Hashable {
    /// Index into the candidates, or `nil` when nobody matches well enough (the zero GUID).
    public var match: Int?
    /// How sure the engine is of ``match`` (or, with no match, that nobody spoke).
    public var confidence: Confidence
    /// One score per candidate in the engine's own units (higher is more alike), as the decision
    /// was taken on them: for logs and calibration studies, not comparable across engines.
    public var scores: [Double]
    /// One score per candidate in 0…1, in the order of the candidates: the engine's calibrated
    /// belief that the candidate is the speaker, monotonic in ``scores``.
    ///
    /// It is what a service can put on the wire as a numeric `score` or a ranking, because the
    /// `Low`/`Normal`/`High` of v1.0 cannot be thresholded. 0.5 is the engine's acceptance point:
    /// ``match`` is the best candidate when its calibrated score is 0.5 or more, and `nil`
    /// otherwise. Empty when the engine that made the answer gives none.
    public var calibratedScores: [Double]

    /// An answer without calibrated scores (``calibratedScores`` empty).
    public init(match: Int?, confidence: Confidence, scores: [Double]) {
        self.init(match: match, confidence: confidence, scores: scores, calibratedScores: [])
    }

    /// An answer with a calibrated score (0…1) per candidate.
    public init(match: Int?, confidence: Confidence, scores: [Double], calibratedScores: [Double]) {
        self.match = match
        self.confidence = confidence
        self.scores = scores
        self.calibratedScores = calibratedScores
    }
}

/// An engine's answer to "is this the profile's speaker?".
public struct SpeakerVerification: Sendable, Hashable {
    /// Whether the test is taken to be the profile's speaker.
    public var accepted: Bool
    /// How sure the engine is of ``accepted``.
    public var confidence: Confidence
    /// The score in the engine's own units, as the decision was taken on it.
    public var score: Double
    /// ``score`` calibrated to 0…1 (0.5 is the acceptance point), for a numeric `score` on the
    /// wire; `nil` when the engine that made the answer gives none.
    public var calibratedScore: Double?

    /// An answer without a calibrated score.
    public init(accepted: Bool, confidence: Confidence, score: Double) {
        self.init(accepted: accepted, confidence: confidence, score: score, calibratedScore: nil)
    }

    /// An answer with a calibrated score in 0…1.
    public init(accepted: Bool, confidence: Confidence, score: Double, calibratedScore: Double?) {
        self.accepted = accepted
        self.confidence = confidence
        self.score = score
        self.calibratedScore = calibratedScore
    }
}

/// Why an engine could not use some speech.
public struct SpeakerEngineError: Error, Sendable, Hashable {
    public var message: String
    public init(_ message: String) { self.message = message }
}
