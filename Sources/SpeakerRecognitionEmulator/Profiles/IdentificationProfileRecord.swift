import Foundation
import SpeakerEngines
import SpeakerRecognition

/// An identification profile as the emulator keeps it.
struct IdentificationProfileRecord: Sendable, Hashable {
    static let requiredSpeech = 30.0

    var id: ProfileID
    /// As the client sent it; the service echoed the casing it was given.
    var locale: String
    var created: Date
    var lastAction: Date
    var enrollmentSpeechTime: Double = 0
    /// Set by an enrollment with `shortAudio=true`, which waives the 30 s.
    var forcedEnrolled = false
    var voiceprint: Voiceprint?

    var remainingEnrollmentSpeechTime: Double {
        status == .enrolled ? 0 : Self.round(max(0, Self.requiredSpeech - enrollmentSpeechTime))
    }

    var status: EnrollmentStatus {
        forcedEnrolled || enrollmentSpeechTime >= Self.requiredSpeech ? .enrolled : .enrolling
    }

    static func round(_ seconds: Double) -> Double { (seconds * 100).rounded() / 100 }

    /// The body of `GET /identificationProfiles/{id}`.
    var json: JSONValue {
        .object([
            "identificationProfileId": .string(id.description),
            "locale": .string(locale),
            "enrollmentSpeechTime": .number(JSONNumber(Self.round(enrollmentSpeechTime))),
            "remainingEnrollmentSpeechTime": .number(JSONNumber(remainingEnrollmentSpeechTime)),
            "createdDateTime": .string(WireDate.format(created, fractionDigits: 3, trimZeros: false)),
            "lastActionDateTime": .string(WireDate.format(lastAction, fractionDigits: 3, trimZeros: false)),
            "enrollmentStatus": .string(status.wireValue),
        ])
    }

    mutating func reset(at now: Date) {
        enrollmentSpeechTime = 0
        forcedEnrolled = false
        voiceprint = nil
        lastAction = now
    }
}
