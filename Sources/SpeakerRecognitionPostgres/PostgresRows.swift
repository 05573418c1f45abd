import Foundation
import PostgresNIO
import SpeakerEngines
import SpeakerRecognition
import SpeakerRecognitionEmulator

/// How the store's records are read from and written to their rows.
enum PostgresRows {
    static let identificationColumns = "id, locale, created, last_action, speech_time, forced_enrolled, voiceprint"
    static let verificationColumns = "id, locale, created, last_action, enrollments, phrase, phrase_template, voiceprint"
    static let operationColumns =
        "id, kind, status, created, last_action, message, result, input_profiles, input_short_audio, audio_bytes, due"

    static func identificationProfiles(_ rows: PostgresRowSequence) async throws -> [IdentificationProfileRecord] {
        try await rows.decode((UUID, String, Date, Date, Double, Bool, Data?).self).all().map {
            id, locale, created, lastAction, speech, forced, print in
            IdentificationProfileRecord(
                id: ProfileID(id), locale: locale, created: created, lastAction: lastAction, enrollmentSpeechTime: speech,
                forcedEnrolled: forced, voiceprint: print.flatMap(Voiceprint.init(serialized:)))
        }
    }

    static func verificationProfiles(_ rows: PostgresRowSequence) async throws -> [VerificationProfileRecord] {
        try await rows.decode((UUID, String, Date, Date, Int, String?, Data?, Data?).self).all().map {
            id, locale, created, lastAction, enrollments, phrase, template, print in
            VerificationProfileRecord(
                id: ProfileID(id), locale: locale, created: created, lastAction: lastAction, enrollmentsCount: enrollments,
                phrase: phrase, phraseTemplate: VerificationProfileRecord.phraseTemplate(serialized: template),
                voiceprint: print.flatMap(Voiceprint.init(serialized:)))
        }
    }

    /// Operations; an unfinished one carries its input (without the upload), its lease not.
    static func operations(_ rows: PostgresRowSequence) async throws -> [OperationRecord] {
        try await rows.decode((UUID, String, String, Date, Date, String?, String?, String?, Bool?, Int, Date?).self).all().compactMap {
            id, kind, status, created, lastAction, message, result, profiles, shortAudio, audioBytes, due in
            guard let kind = OperationKind(rawValue: kind) else { return nil }
            let status = OperationStatus(wire: status)
            var input: OperationInput?
            if !status.isTerminal {
                input = OperationInput(
                    profiles: (profiles ?? "").split(separator: ",").compactMap { ProfileID(String($0)) }, shortAudio: shortAudio ?? false,
                    storedAudioBytes: audioBytes, due: due ?? created)
            }
            return OperationRecord(
                id: OperationID(id), kind: kind, status: status, created: created, lastAction: lastAction, message: message,
                result: result.flatMap { try? JSONParser().parse($0) }, input: input)
        }
    }

    static func upsert(_ profile: IdentificationProfileRecord) throws -> PostgresQuery {
        try """
        INSERT INTO spid_identification_profile (\(unescaped: identificationColumns))
        VALUES (\(profile.id.uuid), \(profile.locale), \(profile.created), \(profile.lastAction), \(profile.enrollmentSpeechTime),
            \(profile.forcedEnrolled), \(profile.voiceprint?.serialized))
        ON CONFLICT (id) DO UPDATE SET locale = excluded.locale, last_action = excluded.last_action,
            speech_time = excluded.speech_time, forced_enrolled = excluded.forced_enrolled, voiceprint = excluded.voiceprint
        """
    }

    static func upsert(_ profile: VerificationProfileRecord) throws -> PostgresQuery {
        try """
        INSERT INTO spid_verification_profile (\(unescaped: verificationColumns))
        VALUES (\(profile.id.uuid), \(profile.locale), \(profile.created), \(profile.lastAction), \(profile.enrollmentsCount),
            \(profile.phrase), \(profile.serializedPhraseTemplate), \(profile.voiceprint?.serialized))
        ON CONFLICT (id) DO UPDATE SET locale = excluded.locale, last_action = excluded.last_action,
            enrollments = excluded.enrollments, phrase = excluded.phrase, phrase_template = excluded.phrase_template,
            voiceprint = excluded.voiceprint
        """
    }

    static func insert(_ record: OperationRecord, audioBytes: Int) -> PostgresQuery {
        let input = record.input
        return """
            INSERT INTO spid_operation (\(unescaped: operationColumns))
            VALUES (\(record.id.uuid), \(record.kind.rawValue), \(record.status.wireValue), \(record.created), \(record.lastAction),
                \(record.message), \(record.result?.jsonText()), \(input?.profiles.map(\.description).joined(separator: ",")),
                \(input?.shortAudio), \(audioBytes), \(input?.due))
            """
    }
}

extension AsyncSequence {
    /// Every element, in order.
    func all() async throws -> [Element] {
        var elements: [Element] = []
        for try await element in self { elements.append(element) }
        return elements
    }
}
