import Foundation
import GRDB
import SpeakerEngines
import SpeakerRecognition

/// Profiles, voiceprints and operations in one SQLite file (`spid.sqlite`), with the uploads of
/// unfinished operations as BLOBs read only when a worker claims them.
///
/// The database has one process as its writer, so the store keeps a ``StoreState`` mirror of it
/// (everything but the uploads) that answers every read at memory speed, and WAL mode lets the
/// file be read (a backup, `sqlite3`) while it is written. A change runs on GRDB's one writer: it
/// is made to the mirror and its rows are written in the same transaction, so changes reach the
/// mirror in the order they reach the file. Should a transaction roll back, the mirror is read
/// again from the file, which is the truth; until then, readers may have seen the change.
final class SQLiteStore: ServiceStore {
    private let database: DatabasePool
    private let mirror: Locked<StoreState>

    /// Opens or creates `spid.sqlite` in `directory`, migrates it and reads it (not the uploads).
    init(directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.label = "spid-emulator"
        database = try DatabasePool(path: directory.appendingPathComponent("spid.sqlite").path, configuration: configuration)
        try SQLiteSchema.migrator.migrate(database)
        mirror = Locked(try database.read(SQLiteSchema.load))
    }

    // MARK: Reads, from the mirror

    func identificationProfiles() -> [IdentificationProfileRecord] { mirror.withLock { Array($0.identificationProfiles.values) } }
    func identificationProfile(_ id: ProfileID) -> IdentificationProfileRecord? { mirror.withLock { $0.identificationProfiles[id] } }
    func verificationProfiles() -> [VerificationProfileRecord] { mirror.withLock { Array($0.verificationProfiles.values) } }
    func verificationProfile(_ id: ProfileID) -> VerificationProfileRecord? { mirror.withLock { $0.verificationProfiles[id] } }
    func operation(_ id: OperationID) -> OperationRecord? { mirror.withLock { $0.operations[id] } }
    func knownOperation(_ id: OperationID) -> OperationRecord? { mirror.withLock { $0.operations[id] } }
    func unfinishedCount() -> Int { mirror.withLock { $0.unfinished.count } }
    func audioBytesInMemory() -> Int { 0 }  // the uploads wait in the file

    // MARK: Changes, through the writer

    /// Runs `body` on the mirror and writes what it changed, in one transaction on the writer.
    private func change<Value: Sendable>(_ body: @escaping @Sendable (inout StoreState) -> Value) async throws -> Value {
        try await database.writeWithoutTransaction { [mirror] db in
            do {
                var value: Value?
                try db.inTransaction {
                    let (result, rows) = mirror.withLock { state in
                        let result = body(&state)
                        return (result, SQLiteSchema.Rows(state.takeChanges(), in: state))
                    }
                    value = result
                    try rows.write(to: db)
                    return .commit
                }
                guard let value else { throw DatabaseError(message: "the change ran no transaction") }
                return value
            } catch {
                // The mirror ran ahead of a transaction that did not commit: read it again from
                // the file, still holding the writer, before any other change builds on it.
                if var fresh = try? SQLiteSchema.load(db) {
                    mirror.withLock { state in
                        fresh.keepClaims(of: state)
                        state = fresh
                    }
                }
                throw error
            }
        }
    }

    func insert(_ profile: IdentificationProfileRecord, quota: Int) async throws -> Bool {
        try await change { $0.insert(profile, quota: quota) }
    }

    func insert(_ profile: VerificationProfileRecord, quota: Int) async throws -> Bool {
        try await change { $0.insert(profile, quota: quota) }
    }

    func changeIdentificationProfile<Value: Sendable>(
        _ id: ProfileID, _ body: @escaping @Sendable (inout IdentificationProfileRecord) -> Result<Value, ServiceFailure>
    ) async throws -> Result<Value, ServiceFailure> {
        try await change { $0.changeIdentificationProfile(id, body) }
    }

    func changeVerificationProfile<Value: Sendable>(
        _ id: ProfileID, _ body: @escaping @Sendable (inout VerificationProfileRecord) -> Result<Value, ServiceFailure>
    ) async throws -> Result<Value, ServiceFailure> {
        try await change { $0.changeVerificationProfile(id, body) }
    }

    func deleteIdentificationProfile(_ id: ProfileID) async throws -> Bool { try await change { $0.deleteIdentificationProfile(id) } }
    func deleteVerificationProfile(_ id: ProfileID) async throws -> Bool { try await change { $0.deleteVerificationProfile(id) } }

    func enqueue(_ record: OperationRecord, audio: Data, limits: QueueLimits) async throws -> QueueAdmission {
        try await change { $0.enqueue(record, audio: audio, limits: limits) }
    }

    func claim(at now: Date, leaseUntil: Date) async throws -> ClaimResult {
        let token = UUID()
        let result = try await change { $0.claim(now: now, token: token, leaseUntil: leaseUntil) }
        guard case .claimed(var claim) = result else { return result }
        let id = claim.id.description
        claim.audio = try await database.read { db in
            try Data.fetchOne(db, sql: "SELECT input_audio FROM operation WHERE id = ?", arguments: [id])
        }
        return .claimed(claim)
    }

    func markRunning(_ claim: WorkClaim, at now: Date, leaseUntil: Date) async throws -> Bool {
        try await change { $0.markRunning(claim.id, token: claim.token, now: now, leaseUntil: leaseUntil) }
    }

    func renew(_ claim: WorkClaim, at now: Date, until: Date) async throws -> Bool {
        // Leases live in the mirror only: one process per database, and a restart drops them.
        mirror.withLock { state in
            defer { _ = state.takeChanges() }
            return state.renew(claim.id, token: claim.token, now: now, until: until)
        }
    }

    func finish(
        _ claim: WorkClaim, at now: Date, resolve: @escaping @Sendable ([ProfileID: IdentificationProfileRecord]) -> OperationResolution
    ) async throws -> OperationRecord? {
        try await change { $0.finish(claim.id, token: claim.token, now: now, resolve: resolve) }
    }

    func purge(createdBefore cutoff: Date) async throws -> Int {
        try await change { $0.purge(createdBefore: cutoff).count }
    }
}
