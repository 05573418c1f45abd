import Foundation
import GRDB
import SpeakerEngines
import SpeakerRecognition

/// The tables of `spid.sqlite`, their migrations, and how a ``StoreState`` is read from and
/// written to them.
enum SQLiteSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE identification_profile (
                        id TEXT PRIMARY KEY, locale TEXT NOT NULL, created REAL NOT NULL, last_action REAL NOT NULL,
                        speech_time REAL NOT NULL, forced_enrolled INTEGER NOT NULL, voiceprint BLOB);
                    CREATE TABLE verification_profile (
                        id TEXT PRIMARY KEY, locale TEXT NOT NULL, created REAL NOT NULL, last_action REAL NOT NULL,
                        enrollments INTEGER NOT NULL, phrase TEXT, phrase_template BLOB, voiceprint BLOB);
                    CREATE TABLE operation (
                        id TEXT PRIMARY KEY, kind TEXT NOT NULL, status TEXT NOT NULL, created REAL NOT NULL,
                        last_action REAL NOT NULL, message TEXT, result TEXT, input TEXT);
                    """)
        }
        migrator.registerMigration("v2: uploads as BLOBs") { db in
            // v1 kept an unfinished operation's input as JSON with the audio in base64 (a third
            // larger, and all of it read at start). v2 keeps the audio as a BLOB, read when the
            // operation runs.
            try db.execute(
                sql: """
                    ALTER TABLE operation ADD COLUMN input_profiles TEXT;
                    ALTER TABLE operation ADD COLUMN input_short_audio INTEGER;
                    ALTER TABLE operation ADD COLUMN input_audio BLOB;
                    """)
            for row in try Row.fetchAll(db, sql: "SELECT id, input FROM operation WHERE input IS NOT NULL") {
                let legacy = (row["input"] as String?).flatMap { try? JSONDecoder().decode(LegacyInput.self, from: Data($0.utf8)) }
                try db.execute(
                    sql: "UPDATE operation SET input = NULL, input_profiles = ?, input_short_audio = ?, input_audio = ? WHERE id = ?",
                    arguments: [
                        legacy.map { $0.profiles.map(\.description).joined(separator: ",") }, legacy?.shortAudio, legacy?.audio,
                        row["id"] as String,
                    ])
            }
        }
        return migrator
    }

    /// An operation's input as v1 stored it.
    private struct LegacyInput: Decodable {
        var profiles: [ProfileID]
        var shortAudio: Bool
        var audio: Data
    }

    // MARK: Reading

    /// Everything but the uploads (only their sizes). Unfinished operations are due at once.
    static func load(_ db: Database) throws -> StoreState {
        var identification: [IdentificationProfileRecord] = []
        for row in try Row.fetchAll(db, sql: "SELECT * FROM identification_profile ORDER BY created") {
            guard let id = ProfileID(row["id"] as String) else { continue }
            identification.append(
                IdentificationProfileRecord(
                    id: id, locale: row["locale"], created: date(row["created"]), lastAction: date(row["last_action"]),
                    enrollmentSpeechTime: row["speech_time"], forcedEnrolled: row["forced_enrolled"],
                    voiceprint: voiceprint(row["voiceprint"])))
        }
        var verification: [VerificationProfileRecord] = []
        for row in try Row.fetchAll(db, sql: "SELECT * FROM verification_profile ORDER BY created") {
            guard let id = ProfileID(row["id"] as String) else { continue }
            let template = VerificationProfileRecord.phraseTemplate(serialized: row["phrase_template"])
            verification.append(
                VerificationProfileRecord(
                    id: id, locale: row["locale"], created: date(row["created"]), lastAction: date(row["last_action"]),
                    enrollmentsCount: row["enrollments"], phrase: row["phrase"], phraseTemplate: template,
                    voiceprint: voiceprint(row["voiceprint"])))
        }
        var operations: [OperationRecord] = []
        let query = """
            SELECT id, kind, status, created, last_action, message, result, input_profiles, input_short_audio,
                   length(input_audio) AS audio_bytes
            FROM operation ORDER BY created
            """
        for row in try Row.fetchAll(db, sql: query) {
            guard let id = OperationID(row["id"] as String), let kind = OperationKind(rawValue: row["kind"]) else { continue }
            let created = date(row["created"])
            let result = (row["result"] as String?).flatMap { try? JSONParser().parse($0) }
            let status = OperationStatus(wire: row["status"])
            var input: OperationInput?
            if !status.isTerminal, let profiles = row["input_profiles"] as String? {
                // No audio (lost, or never stored): the claim finds none and the operation fails, saying so.
                input = OperationInput(
                    profiles: profiles.split(separator: ",").compactMap { ProfileID(String($0)) },
                    shortAudio: row["input_short_audio"] ?? false, storedAudioBytes: row["audio_bytes"] ?? 0, due: created)
            } else if !status.isTerminal {
                input = OperationInput(profiles: [], shortAudio: false, storedAudioBytes: 0, due: created)
            }
            operations.append(
                OperationRecord(
                    id: id, kind: kind, status: status, created: created, lastAction: date(row["last_action"]),
                    message: row["message"], result: result, input: input))
        }
        var state = StoreState(keepsAudio: false)
        state.load(identification: identification, verification: verification, operations: operations)
        return state
    }

    private static func date(_ value: Double) -> Date { Date(timeIntervalSinceReferenceDate: value) }

    private static func voiceprint(_ data: Data?) -> Voiceprint? { data.flatMap(Voiceprint.init(serialized:)) }

    // MARK: Writing

    /// The rows one change touched, copied out of the state so they are written without its lock.
    struct Rows: Sendable {
        var identificationProfiles: [IdentificationProfileRecord] = []
        var verificationProfiles: [VerificationProfileRecord] = []
        var deletedProfiles: [ProfileID] = []
        var operations: [OperationRecord] = []
        var deletedOperations: [OperationID] = []
        var uploads: [OperationID: Data] = [:]

        init(_ changes: StoreChanges, in state: StoreState) {
            identificationProfiles = changes.identificationProfiles.compactMap { state.identificationProfiles[$0] }
            verificationProfiles = changes.verificationProfiles.compactMap { state.verificationProfiles[$0] }
            deletedProfiles = Array(changes.deletedProfiles)
            operations = changes.operations.compactMap { state.operations[$0] }
            deletedOperations = Array(changes.deletedOperations)
            uploads = changes.uploads
        }

        func write(to db: Database) throws {
            for profile in identificationProfiles { try SQLiteSchema.write(profile, to: db) }
            for profile in verificationProfiles { try SQLiteSchema.write(profile, to: db) }
            for id in deletedProfiles {
                try db.execute(sql: "DELETE FROM identification_profile WHERE id = ?", arguments: [id.description])
                try db.execute(sql: "DELETE FROM verification_profile WHERE id = ?", arguments: [id.description])
            }
            for operation in operations { try SQLiteSchema.write(operation, upload: uploads[operation.id], to: db) }
            for id in deletedOperations { try db.execute(sql: "DELETE FROM operation WHERE id = ?", arguments: [id.description]) }
        }
    }

    private static func write(_ profile: IdentificationProfileRecord, to db: Database) throws {
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO identification_profile
                (id, locale, created, last_action, speech_time, forced_enrolled, voiceprint) VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                profile.id.description, profile.locale, profile.created.timeIntervalSinceReferenceDate,
                profile.lastAction.timeIntervalSinceReferenceDate, profile.enrollmentSpeechTime, profile.forcedEnrolled,
                profile.voiceprint?.serialized,
            ])
    }

    private static func write(_ profile: VerificationProfileRecord, to db: Database) throws {
        let template = profile.serializedPhraseTemplate
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO verification_profile
                (id, locale, created, last_action, enrollments, phrase, phrase_template, voiceprint)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                profile.id.description, profile.locale, profile.created.timeIntervalSinceReferenceDate,
                profile.lastAction.timeIntervalSinceReferenceDate, profile.enrollmentsCount, profile.phrase, template,
                profile.voiceprint?.serialized,
            ])
    }

    /// The upload is written once, with the operation's first row; an ended operation's row
    /// drops its input and upload.
    private static func write(_ operation: OperationRecord, upload: Data?, to db: Database) throws {
        let id = operation.id.description
        try db.execute(
            sql: """
                INSERT INTO operation (id, kind, status, created, last_action, message, result)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, status = excluded.status, created = excluded.created,
                    last_action = excluded.last_action, message = excluded.message, result = excluded.result
                """,
            arguments: [
                id, operation.kind.rawValue, operation.status.wireValue, operation.created.timeIntervalSinceReferenceDate,
                operation.lastAction.timeIntervalSinceReferenceDate, operation.message, operation.result?.jsonText(),
            ])
        if let input = operation.input {
            if let upload {
                try db.execute(
                    sql: "UPDATE operation SET input_profiles = ?, input_short_audio = ?, input_audio = ? WHERE id = ?",
                    arguments: [input.profiles.map(\.description).joined(separator: ","), input.shortAudio, upload, id])
            }
        } else {
            try db.execute(
                sql: "UPDATE operation SET input = NULL, input_profiles = NULL, input_short_audio = NULL, input_audio = NULL WHERE id = ?",
                arguments: [id])
        }
    }
}
