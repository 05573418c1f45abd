/// The length limits of an upload, per endpoint (docs/wire-reference.md §5).
public struct AudioLengthRule: Sendable, Hashable {
    /// What the audio is for, as the error message says it.
    public var purpose: String
    public var minimum: Double
    public var maximum: Double
    /// The minimum with `shortAudio=true`, when the endpoint takes it.
    public var shortAudioMinimum: Double?

    /// Identification enrollment: 5 s to 5 min, or from 1 s with `shortAudio`.
    public static let identificationEnrollment = AudioLengthRule(
        purpose: "enrollment", minimum: 5, maximum: 300, shortAudioMinimum: 1)
    /// Identification: the same limits as its enrollment.
    public static let identification = AudioLengthRule(
        purpose: "identification", minimum: 5, maximum: 300, shortAudioMinimum: 1)
    /// Verification enrollment and verify: 1 to 15 s.
    public static let verification = AudioLengthRule(
        purpose: "verification", minimum: 1, maximum: 15, shortAudioMinimum: nil)

    /// Throws the client's error when `duration` is outside the limits.
    func check(duration: Double, shortAudio: Bool) throws(ServiceFailure) {
        let low = shortAudio ? (shortAudioMinimum ?? minimum) : minimum
        let seconds = Self.seconds(duration)
        if duration + 1e-9 < low {
            var message = "Audio too short: \(seconds) of audio; \(purpose) needs at least \(Self.seconds(low))"
            if !shortAudio, let shortAudioMinimum {
                message += " (or \(Self.seconds(shortAudioMinimum)) with shortAudio=true)"
            }
            throw ServiceFailure(status: 400, code: "BadRequest", message: message + ".")
        }
        if duration > maximum + 1e-9 {
            throw ServiceFailure(
                status: 400, code: "BadRequest",
                message: "Audio too long: \(seconds) of audio; \(purpose) takes at most \(Self.seconds(maximum)).")
        }
    }

    private static func seconds(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        let text = rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
        return text == "1" ? "1 second" : "\(text) seconds"
    }
}
