import Foundation
import SpeakerEngines
import SpeakerRecognition

/// An identification profile as the emulator keeps it.
package struct IdentificationProfileRecord: Sendable, Hashable {
    package static let requiredSpeech = 30.0

    package var id: ProfileID
    /// As the client sent it; the service echoed the casing it was given.
    package var locale: String
    package var created: Date
    package var lastAction: Date
    package var enrollmentSpeechTime: Double = 0
    /// Set by an enrollment with `shortAudio=true`, which waives the 30 s.
    package var forcedEnrolled = false
    package var voiceprint: Voiceprint?

    package init(
        id: ProfileID, locale: String, created: Date, lastAction: Date, enrollmentSpeechTime: Double = 0, forcedEnrolled: Bool = false,
        voiceprint: Voiceprint? = nil
    ) {
        self.id = id
        self.locale = locale
        self.created = created
        self.lastAction = lastAction
        self.enrollmentSpeechTime = enrollmentSpeechTime
        self.forcedEnrolled = forcedEnrolled
        self.voiceprint = voiceprint
    }

    package var remainingEnrollmentSpeechTime: Double {
        status == .enrolled ? 0 : Self.round(max(0, Self.requiredSpeech - enrollmentSpeechTime))
    }

    package var status: EnrollmentStatus {
        forcedEnrolled || enrollmentSpeechTime >= Self.requiredSpeech ? .enrolled : .enrolling
    }

    package static func round(_ seconds: Double) -> Double { (seconds * 100).rounded() / 100 }

    /// The body of `GET /identificationProfiles/{id}`.
    package var json: JSONValue {
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

    package mutating func reset(at now: Date) {
        enrollmentSpeechTime = 0
        forcedEnrolled = false
        voiceprint = nil
        lastAction = now
    }
}
