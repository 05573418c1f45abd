import Foundation
import GRDB
import SpeakerEngines
import SpeakerRecognition

/// Profiles, voiceprints and operations (with the audio of unfinished ones, as BLOBs read when
/// the operation runs) in one SQLite file.
struct SQLiteStorage: EmulatorStorage {
    private let database: DatabaseQueue

    /// Opens or creates `spid.sqlite` in `directory`.
    init(directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.label = "spid-emulator"
        database = try DatabaseQueue(path: directory.appendingPathComponent("spid.sqlite").path, configuration: configuration)
        try Self.migrator.migrate(database)
    }

    private static var migrator: DatabaseMigrator {
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

    func load() throws -> StoredState {
        try database.read { db in
            var state = StoredState()
            for row in try Row.fetchAll(db, sql: "SELECT * FROM identification_profile ORDER BY created") {
                guard let id = ProfileID(row["id"] as String) else { continue }
                state.identificationProfiles.append(
                    IdentificationProfileRecord(
                        id: id, locale: row["locale"], created: Self.date(row["created"]),
                        lastAction: Self.date(row["last_action"]), enrollmentSpeechTime: row["speech_time"],
                        forcedEnrolled: row["forced_enrolled"], voiceprint: Self.voiceprint(row["voiceprint"])))
            }
            for row in try Row.fetchAll(db, sql: "SELECT * FROM verification_profile ORDER BY created") {
                guard let id = ProfileID(row["id"] as String) else { continue }
                let template = Self.voiceprint(row["phrase_template"]).map {
                    PhraseTemplate(frames: FeatureMatrix(dimension: $0.dimension, values: $0.vectors))
                }
                state.verificationProfiles.append(
                    VerificationProfileRecord(
                        id: id, locale: row["locale"], created: Self.date(row["created"]),
                        lastAction: Self.date(row["last_action"]), enrollmentsCount: row["enrollments"],
                        phrase: row["phrase"], phraseTemplate: template, voiceprint: Self.voiceprint(row["voiceprint"])))
            }
            // The audio stays on disk: only its size is read.
            let operations = """
                SELECT id, kind, status, created, last_action, message, result, input_profiles, input_short_audio,
                       length(input_audio) AS audio_bytes
                FROM operation ORDER BY created
                """
            for row in try Row.fetchAll(db, sql: operations) {
                guard let id = OperationID(row["id"] as String), let kind = OperationKind(rawValue: row["kind"]) else {
                    continue
                }
                let result = (row["result"] as String?).flatMap { try? JSONParser().parse($0) }
                var input: OperationInput?
                if let profiles = row["input_profiles"] as String?, let bytes = row["audio_bytes"] as Int?, bytes > 0 {
                    input = OperationInput(
                        profiles: profiles.split(separator: ",").compactMap { ProfileID(String($0)) },
                        shortAudio: row["input_short_audio"] ?? false, storedAudioBytes: bytes)
                }
                state.operations.append(
                    OperationRecord(
                        id: id, kind: kind, status: OperationStatus(wire: row["status"]),
                        created: Self.date(row["created"]), lastAction: Self.date(row["last_action"]),
                        message: row["message"], result: result, input: input))
            }
            return state
        }
    }

    func save(_ profile: IdentificationProfileRecord) throws {
        try database.write { db in try Self.insert(profile, into: db) }
    }

    private static func insert(_ profile: IdentificationProfileRecord, into db: Database) throws {
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO identification_profile
                (id, locale, created, last_action, speech_time, forced_enrolled, voiceprint) VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                profile.id.description, profile.locale, profile.created.timeIntervalSinceReferenceDate,
                profile.lastAction.timeIntervalSinceReferenceDate, profile.enrollmentSpeechTime,
                profile.forcedEnrolled, profile.voiceprint?.serialized,
            ])
    }

    func save(_ profile: VerificationProfileRecord) throws {
        let template = profile.phraseTemplate.map {
            Voiceprint(engine: "phrase-template", dimension: $0.frames.dimension, vectors: $0.frames.values, speechSeconds: 0)
                .serialized
        }
        try database.write { db in
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO verification_profile
                    (id, locale, created, last_action, enrollments, phrase, phrase_template, voiceprint)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    profile.id.description, profile.locale, profile.created.timeIntervalSinceReferenceDate,
                    profile.lastAction.timeIntervalSinceReferenceDate, profile.enrollmentsCount, profile.phrase,
                    template, profile.voiceprint?.serialized,
                ])
        }
    }

    func deleteProfile(_ id: ProfileID) throws {
        try database.write { db in
            try db.execute(sql: "DELETE FROM identification_profile WHERE id = ?", arguments: [id.description])
            try db.execute(sql: "DELETE FROM verification_profile WHERE id = ?", arguments: [id.description])
        }
    }

    /// The audio is written once, when it comes with the record; later saves of the same
    /// operation leave it in place, and the save that ends the operation (no input) deletes it.
    func save(_ operation: OperationRecord, updating profiles: [IdentificationProfileRecord]) throws {
        let id = operation.id.description
        try database.write { db in
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
                if let audio = input.audio {
                    try db.execute(
                        sql: "UPDATE operation SET input_profiles = ?, input_short_audio = ?, input_audio = ? WHERE id = ?",
                        arguments: [input.profiles.map(\.description).joined(separator: ","), input.shortAudio, audio, id])
                }
            } else {
                try db.execute(
                    sql:
                        "UPDATE operation SET input = NULL, input_profiles = NULL, input_short_audio = NULL, input_audio = NULL WHERE id = ?",
                    arguments: [id])
            }
            for profile in profiles { try Self.insert(profile, into: db) }
        }
    }

    var holdsAudio: Bool { true }

    func audio(of id: OperationID) throws -> Data? {
        try database.read { db in
            try Data.fetchOne(db, sql: "SELECT input_audio FROM operation WHERE id = ?", arguments: [id.description])
        }
    }

    func deleteOperations(_ ids: [OperationID]) throws {
        guard !ids.isEmpty else { return }
        try database.write { db in
            for id in ids { try db.execute(sql: "DELETE FROM operation WHERE id = ?", arguments: [id.description]) }
        }
    }

    private static func date(_ value: Double) -> Date { Date(timeIntervalSinceReferenceDate: value) }

    private static func voiceprint(_ data: Data?) -> Voiceprint? { data.flatMap(Voiceprint.init(serialized:)) }
}
