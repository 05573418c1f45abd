import SpeakerEngines
import SpeakerRecognition

/// What the emulator reports about its work, for a server's metrics: each operation's end and
/// the speaker engine's time. Handed to the emulator's initialiser; the default,
/// ``SilentEmulatorObserver``, does nothing.
public protocol EmulatorObserver: Sendable {
    /// An operation ended, `succeeded` or not, `duration` after it was accepted.
    func operationEnded(_ kind: OperationKind, succeeded: Bool, after duration: Duration)
    /// The engine spent `time` on one upload of an operation of `kind` (decoding, speech
    /// detection, the voiceprint and, for identification, the scoring).
    func engineWorked(on kind: OperationKind, for time: Duration)
}

/// Observes nothing.
public struct SilentEmulatorObserver: EmulatorObserver {
    public init() {}
    public func operationEnded(_ kind: OperationKind, succeeded: Bool, after duration: Duration) {}
    public func engineWorked(on kind: OperationKind, for time: Duration) {}
}
