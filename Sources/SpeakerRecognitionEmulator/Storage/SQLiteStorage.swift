import Foundation
import GRDB
import SpeakerRecognition

/// Profiles, voiceprints and operations (with the audio of unfinished ones) in one SQLite file.
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
        return migrator
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
            for row in try Row.fetchAll(db, sql: "SELECT * FROM operation ORDER BY created") {
                guard let id = OperationID(row["id"] as String), let kind = OperationKind(rawValue: row["kind"]) else {
                    continue
                }
                let result = (row["result"] as String?).flatMap { try? JSONParser().parse($0) }
                let input = (row["input"] as String?).flatMap { try? JSONDecoder().decode(OperationInput.self, from: Data($0.utf8)) }
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

    func save(_ operation: OperationRecord, updating profiles: [IdentificationProfileRecord]) throws {
        let input = try operation.input.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
        try database.write { db in
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO operation (id, kind, status, created, last_action, message, result, input)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    operation.id.description, operation.kind.rawValue, operation.status.wireValue,
                    operation.created.timeIntervalSinceReferenceDate, operation.lastAction.timeIntervalSinceReferenceDate,
                    operation.message, operation.result?.jsonText(), input,
                ])
            for profile in profiles { try Self.insert(profile, into: db) }
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
