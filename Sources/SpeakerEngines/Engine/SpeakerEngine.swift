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

    /// A profile's voiceprint after one more enrollment.
    func merging(_ addition: Voiceprint, into existing: Voiceprint?) -> Voiceprint

    /// Who among `candidates` is speaking in `test`. `cohort` holds voiceprints of other
    /// speakers of the same subscription that the engine may use as background.
    func identify(_ test: Voiceprint, among candidates: [Voiceprint], cohort: [Voiceprint]) -> SpeakerIdentification

    /// Whether `test` is the speaker of `profile`.
    func verify(_ test: Voiceprint, against profile: Voiceprint, cohort: [Voiceprint]) -> SpeakerVerification
}

/// An engine's answer to "who among these is speaking?".
public struct SpeakerIdentification: Sendable, Hashable {
    /// Index into the candidates, or `nil` when nobody matches well enough (the zero GUID).
    public var match: Int?
    public var confidence: Confidence
    /// One score per candidate, higher is more alike; for logs and calibration.
    public var scores: [Double]

    public init(match: Int?, confidence: Confidence, scores: [Double]) {
        self.match = match
        self.confidence = confidence
        self.scores = scores
    }
}

/// An engine's answer to "is this the profile's speaker?".
public struct SpeakerVerification: Sendable, Hashable {
    public var accepted: Bool
    public var confidence: Confidence
    public var score: Double

    public init(accepted: Bool, confidence: Confidence, score: Double) {
        self.accepted = accepted
        self.confidence = confidence
        self.score = score
    }
}

/// Why an engine could not use some speech.
public struct SpeakerEngineError: Error, Sendable, Hashable {
    public var message: String
    public init(_ message: String) { self.message = message }
}
