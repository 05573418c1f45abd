import Foundation
import SpeakerEngines
import SpeakerRecognition

/// A verification profile as the emulator keeps it.
package struct VerificationProfileRecord: Sendable, Hashable {
    package static let requiredEnrollments = 3

    package var id: ProfileID
    package var locale: String
    package var created: Date
    package var lastAction: Date
    package var enrollmentsCount = 0
    /// The phrase of the first enrollment; later ones must say the same.
    package var phrase: String?
    /// The first enrollment's features, for comparing later phrases.
    package var phraseTemplate: PhraseTemplate?
    package var voiceprint: Voiceprint?

    package init(
        id: ProfileID, locale: String, created: Date, lastAction: Date, enrollmentsCount: Int = 0, phrase: String? = nil,
        phraseTemplate: PhraseTemplate? = nil, voiceprint: Voiceprint? = nil
    ) {
        self.id = id
        self.locale = locale
        self.created = created
        self.lastAction = lastAction
        self.enrollmentsCount = enrollmentsCount
        self.phrase = phrase
        self.phraseTemplate = phraseTemplate
        self.voiceprint = voiceprint
    }

    package var remainingEnrollments: Int { max(0, Self.requiredEnrollments - enrollmentsCount) }
    package var status: EnrollmentStatus { enrollmentsCount >= Self.requiredEnrollments ? .enrolled : .enrolling }

    /// The body of `GET /verificationProfiles/{id}`.
    package var json: JSONValue {
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

    package mutating func reset(at now: Date) {
        enrollmentsCount = 0
        phrase = nil
        phraseTemplate = nil
        voiceprint = nil
        lastAction = now
    }

    /// The phrase template as stored (the voiceprint format, so one decoder reads both).
    package var serializedPhraseTemplate: Data? {
        phraseTemplate.map {
            Voiceprint(engine: "phrase-template", dimension: $0.frames.dimension, vectors: $0.frames.values, speechSeconds: 0)
                .serialized
        }
    }

    /// A template read back from ``serializedPhraseTemplate``; `nil` for none or a damaged one.
    package static func phraseTemplate(serialized data: Data?) -> PhraseTemplate? {
        data.flatMap(Voiceprint.init(serialized:)).map {
            PhraseTemplate(frames: FeatureMatrix(dimension: $0.dimension, values: $0.vectors))
        }
    }
}
