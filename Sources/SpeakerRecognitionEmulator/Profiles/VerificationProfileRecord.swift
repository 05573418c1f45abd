import Foundation
import SpeakerEngines
import SpeakerRecognition

/// A verification profile as the emulator keeps it.
struct VerificationProfileRecord: Sendable, Hashable {
    static let requiredEnrollments = 3

    var id: ProfileID
    var locale: String
    var created: Date
    var lastAction: Date
    var enrollmentsCount = 0
    /// The phrase of the first enrollment; later ones must say the same.
    var phrase: String?
    /// The first enrollment's features, for comparing later phrases.
    var phraseTemplate: PhraseTemplate?
    var voiceprint: Voiceprint?

    var remainingEnrollments: Int { max(0, Self.requiredEnrollments - enrollmentsCount) }
    var status: EnrollmentStatus { enrollmentsCount >= Self.requiredEnrollments ? .enrolled : .enrolling }

    /// The body of `GET /verificationProfiles/{id}`.
    var json: JSONValue {
        .object([
            "verificationProfileId": .string(id.description),
            "locale": .string(locale),
            "enrollmentsCount": .number(JSONNumber(enrollmentsCount)),
            "remainingEnrollmentsCount": .number(JSONNumber(remainingEnrollments)),
            "createdDateTime": .string(WireDate.format(created, fractionDigits: 3, trimZeros: false)),
            "lastActionDateTime": .string(WireDate.format(lastAction, fractionDigits: 3, trimZeros: false)),
            "enrollmentStatus": .string(status.wireValue),
        ])
    }

    mutating func reset(at now: Date) {
        enrollmentsCount = 0
        phrase = nil
        phraseTemplate = nil
        voiceprint = nil
        lastAction = now
    }
}
