import Foundation
import Logging
import PostgresNIO
import SpeakerEngines
import SpeakerRecognition
import SpeakerRecognitionEmulator

/// The service's state and queue of work in PostgreSQL, shared by any number of spid-server
/// instances: the database is the truth and the only thing they share.
///
/// Each step of ``ServiceStore`` is one statement or one transaction. Workers claim an operation
/// with one `UPDATE … WHERE id = (SELECT … FOR UPDATE SKIP LOCKED LIMIT 1)`, so two never take the
/// same one; a lease (token and expiry) is renewed while they work, and an operation ends, with
/// its profile change, in a transaction that first checks the lease is still the caller's. An
/// instance killed mid-work stops renewing, and any other takes its operations over when their
/// leases lapse. Counting steps (the profile quota, the queue's limits) hold an advisory lock for
/// their transaction, so instances cannot both pass a limit.
///
/// When the database cannot be reached every step throws ``StoreUnavailable`` within
/// ``stepTimeout``, and the service answers 503 with `Retry-After` rather than waiting.
package final class PostgresStore: ServiceStore {
    private let client: PostgresClient
    private let runner: Task<Void, Never>
    private let logger: Logger
    /// The longest a step may take before it counts as the database being unavailable.
    package let stepTimeout: Duration
    /// Work other instances add is found by looking: idle workers look this often.
    package var idleRecheck: Duration { .milliseconds(250) }

    /// Connects to `url` (`postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE`) and migrates the
    /// schema. The connections are opened as needed and reopened after the database restarts.
    ///
    /// - Throws: ``PostgresURL/Problem`` for a malformed URL; the database's error when it cannot
    ///   be reached or migrated within `startTimeout`.
    package init(
        url: String, logger: Logger = Logger(label: "spid.postgres"), stepTimeout: Duration = .seconds(5),
        startTimeout: Duration = .seconds(30)
    ) async throws {
        let address = try PostgresURL(url)
        let configuration = try address.configuration
        client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        runner = Task { [client] in await client.run() }
        self.logger = logger
        self.stepTimeout = stepTimeout
        do {
            let applied = try await Self.within(startTimeout) { [client, logger] in
                try await PostgresSchema.migrate(client, schema: address.schema, logger: logger)
            }
            if !applied.isEmpty { logger.info("database migrated", metadata: ["versions": "\(applied)"]) }
        } catch {
            runner.cancel()
            throw error
        }
    }

    deinit { runner.cancel() }

    /// A short reason for `error` that is safe to print: the server's message or the kind of
    /// connection failure, never the URL's password.
    package static func reason(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return "\(error)" }
        if let message = error.serverInfo?[.message] { return message }
        switch error.code {
        case .connectionError: return "no connection (is PostgreSQL running, and the host and port right?)"
        case .authMechanismRequiresPassword, .saslError, .unsupportedAuthMechanism: return "authentication failed"
        default: return String(reflecting: error.code)
        }
    }

    /// Closes the connections; the store is unusable afterwards.
    package func close() async {
        runner.cancel()
        await runner.value
    }

    // MARK: Running steps

    /// Runs one step within ``stepTimeout``; a lost or unreachable database is ``StoreUnavailable``.
    private func step<Value: Sendable>(_ body: @escaping @Sendable (PostgresClient) async throws -> Value) async throws -> Value {
        do {
            return try await Self.within(stepTimeout) { [client] in try await body(client) }
        } catch let error as PSQLError where Self.isUnavailable(error) {
            throw StoreUnavailable(String(reflecting: error.code))
        }
    }

    /// Runs one transaction as a step.
    private func transaction<Value: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> Value) async throws -> Value
    {
        try await step { [logger] client in
            try await client.withTransaction(logger: logger) { connection in try await body(connection) }
        }
    }

    private static func isUnavailable(_ error: PSQLError) -> Bool {
        switch error.code {
        case .connectionError, .serverClosedConnection, .clientClosedConnection, .poolClosed, .uncleanShutdown:
            return true
        case .server:
            // Class 08 (connection exception), 57P01–57P03 (shutting down, cannot connect now).
            let state = error.serverInfo?[.sqlState] ?? ""
            return state.hasPrefix("08") || state.hasPrefix("57P")
        default:
            return false
        }
    }

    /// `body`, or ``StoreUnavailable`` once `limit` has passed: the caller is answered then,
    /// whether or not `body` notices its cancellation (a connection being opened may not).
    static func within<Value: Sendable>(
        _ limit: Duration, _ body: @escaping @Sendable () async throws -> Value
    ) async throws -> Value {
        let work = Task { try await body() }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Value, any Error>) in
                let waiting = Locked<CheckedContinuation<Value, any Error>?>(continuation)
                @Sendable func answer(_ result: Result<Value, any Error>) {
                    waiting.withLock { waiting in
                        defer { waiting = nil }
                        return waiting
                    }?.resume(with: result)
                }
                let timer = Task {
                    guard (try? await Task.sleep(for: limit)) != nil else { return }
                    // Answer first: cancelled work fails at once (the pool's `requestCancelled`), and
                    // that error must not reach the caller as a storage failure (a 500).
                    answer(.failure(StoreUnavailable("the database did not answer within \(limit)")))
                    work.cancel()
                }
                Task {
                    let result = await work.result
                    timer.cancel()
                    answer(result)
                }
            }
        } onCancel: {
            work.cancel()
        }
    }

    // MARK: Profiles

    package func identificationProfiles() async throws -> [IdentificationProfileRecord] {
        try await step { client in
            try await PostgresRows.identificationProfiles(
                client.query("SELECT \(unescaped: PostgresRows.identificationColumns) FROM spid_identification_profile"))
        }
    }

    package func identificationProfile(_ id: ProfileID) async throws -> IdentificationProfileRecord? {
        try await step { client in
            try await PostgresRows.identificationProfiles(
                client.query(
                    "SELECT \(unescaped: PostgresRows.identificationColumns) FROM spid_identification_profile WHERE id = \(id.uuid)")
            ).first
        }
    }

    package func verificationProfiles() async throws -> [VerificationProfileRecord] {
        try await step { client in
            try await PostgresRows.verificationProfiles(
                client.query("SELECT \(unescaped: PostgresRows.verificationColumns) FROM spid_verification_profile"))
        }
    }

    package func verificationProfile(_ id: ProfileID) async throws -> VerificationProfileRecord? {
        try await step { client in
            try await PostgresRows.verificationProfiles(
                client.query("SELECT \(unescaped: PostgresRows.verificationColumns) FROM spid_verification_profile WHERE id = \(id.uuid)")
            ).first
        }
    }

    /// Whether another profile fits under `quota`, counted under the admission lock.
    private static func roomForProfile(_ connection: PostgresConnection, quota: Int, logger: Logger) async throws -> Bool {
        try await connection.query(PostgresSchema.admissionLock, logger: logger)
        let count =
            try await connection.query(
                "SELECT (SELECT count(*) FROM spid_identification_profile) + (SELECT count(*) FROM spid_verification_profile)",
                logger: logger
            ).decode(Int.self).all().first ?? 0
        return count < quota
    }

    /// Adds the row `upsert` writes when a profile fits under `quota`.
    private func insertProfile(quota: Int, _ upsert: @escaping @Sendable () throws -> PostgresQuery) async throws -> Bool {
        try await transaction { [logger] connection in
            guard try await Self.roomForProfile(connection, quota: quota, logger: logger) else { return false }
            try await connection.query(try upsert(), logger: logger)
            return true
        }
    }

    package func insert(_ profile: IdentificationProfileRecord, quota: Int) async throws -> Bool {
        try await insertProfile(quota: quota) { try PostgresRows.upsert(profile) }
    }

    package func insert(_ profile: VerificationProfileRecord, quota: Int) async throws -> Bool {
        try await insertProfile(quota: quota) { try PostgresRows.upsert(profile) }
    }

    /// Reads one profile row locked for the transaction, applies `change` and writes it back on
    /// success; `profileNotFound` when there is no row.
    private func changeProfile<Record: Sendable, Value: Sendable>(
        _ select: PostgresQuery, read: @escaping @Sendable (PostgresRowSequence) async throws -> [Record],
        write: @escaping @Sendable (Record) throws -> PostgresQuery,
        _ change: @escaping @Sendable (inout Record) -> Result<Value, ServiceFailure>
    ) async throws -> Result<Value, ServiceFailure> {
        try await transaction { [logger] connection in
            guard var profile = try await read(connection.query(select, logger: logger)).first else { return .failure(.profileNotFound) }
            let result = change(&profile)
            if case .success = result { try await connection.query(try write(profile), logger: logger) }
            return result
        }
    }

    package func changeIdentificationProfile<Value: Sendable>(
        _ id: ProfileID, _ change: @escaping @Sendable (inout IdentificationProfileRecord) -> Result<Value, ServiceFailure>
    ) async throws -> Result<Value, ServiceFailure> {
        try await changeProfile(
            "SELECT \(unescaped: PostgresRows.identificationColumns) FROM spid_identification_profile WHERE id = \(id.uuid) FOR UPDATE",
            read: PostgresRows.identificationProfiles, write: PostgresRows.upsert, change)
    }

    package func changeVerificationProfile<Value: Sendable>(
        _ id: ProfileID, _ change: @escaping @Sendable (inout VerificationProfileRecord) -> Result<Value, ServiceFailure>
    ) async throws -> Result<Value, ServiceFailure> {
        try await changeProfile(
            "SELECT \(unescaped: PostgresRows.verificationColumns) FROM spid_verification_profile WHERE id = \(id.uuid) FOR UPDATE",
            read: PostgresRows.verificationProfiles, write: PostgresRows.upsert, change)
    }

    package func deleteIdentificationProfile(_ id: ProfileID) async throws -> Bool {
        try await step { client in
            try await !client.query("DELETE FROM spid_identification_profile WHERE id = \(id.uuid) RETURNING id").decode(UUID.self).all()
                .isEmpty
        }
    }

    package func deleteVerificationProfile(_ id: ProfileID) async throws -> Bool {
        try await step { client in
            try await !client.query("DELETE FROM spid_verification_profile WHERE id = \(id.uuid) RETURNING id").decode(UUID.self).all()
                .isEmpty
        }
    }

    // MARK: Operations

    /// Ended operations never change again (until they expire, which the service checks on
    /// their creation time), so polls of them are answered here without the database.
    private let endedOperations = Locked<[OperationID: OperationRecord]>([:])
    private static let endedOperationsKept = 4096

    package func knownOperation(_ id: OperationID) -> OperationRecord? { endedOperations.withLock { $0[id] } }

    package func operation(_ id: OperationID) async throws -> OperationRecord? {
        if let ended = knownOperation(id) { return ended }
        let record = try await step { client in
            try await PostgresRows.operations(
                client.query("SELECT \(unescaped: PostgresRows.operationColumns) FROM spid_operation WHERE id = \(id.uuid)")
            )
            .first
        }
        if let record, record.status.isTerminal {
            endedOperations.withLock { ended in
                if ended.count >= Self.endedOperationsKept { ended.removeAll(keepingCapacity: true) }
                ended[id] = record
            }
        }
        return record
    }

    package func enqueue(_ record: OperationRecord, audio: Data, limits: QueueLimits) async throws -> QueueAdmission {
        try await transaction { [logger] connection in
            try await connection.query(PostgresSchema.admissionLock, logger: logger)
            let queued =
                try await connection.query(
                    "SELECT count(*), coalesce(sum(audio_bytes), 0)::bigint FROM spid_operation WHERE status IN ('notstarted', 'running')",
                    logger: logger
                ).decode((Int, Int).self).all().first ?? (0, 0)
            guard queued.0 < limits.operations, queued.1 + audio.count <= limits.bytes else { return .full(waiting: queued.0) }
            try await connection.query(PostgresRows.insert(record, audioBytes: audio.count), logger: logger)
            try await connection.query(
                try "INSERT INTO spid_upload (operation_id, audio) VALUES (\(record.id.uuid), \(audio))", logger: logger)
            return .accepted
        }
    }

    package func claim(at now: Date, leaseUntil: Date) async throws -> ClaimResult {
        let token = UUID()
        return try await step { client in
            let claimed = try await PostgresRows.operations(
                client.query(
                    """
                    UPDATE spid_operation SET lease_token = \(token), lease_expires = \(leaseUntil)
                    WHERE id = (
                        SELECT id FROM spid_operation
                        WHERE status IN ('notstarted', 'running') AND due <= \(now)
                            AND (lease_token IS NULL OR lease_expires <= \(now))
                        ORDER BY created, id LIMIT 1 FOR UPDATE SKIP LOCKED)
                    RETURNING \(unescaped: PostgresRows.operationColumns)
                    """)
            ).first
            guard let record = claimed, let input = record.input else {
                let next =
                    try await client.query(
                        """
                        SELECT min(due) FROM spid_operation
                        WHERE status IN ('notstarted', 'running') AND due > \(now) AND (lease_token IS NULL OR lease_expires <= \(now))
                        """
                    ).decode(Date?.self).all().first ?? nil
                return .idle(nextDue: next)
            }
            let audio = try await client.query("SELECT audio FROM spid_upload WHERE operation_id = \(record.id.uuid)").decode(Data.self)
                .all().first
            return .claimed(WorkClaim(record: record, input: input, audio: audio, token: token))
        }
    }

    package func markRunning(_ claim: WorkClaim, at now: Date, leaseUntil: Date) async throws -> Bool {
        try await step { client in
            try await !client.query(
                """
                UPDATE spid_operation SET status = 'running', last_action = \(now), lease_expires = \(leaseUntil)
                WHERE id = \(claim.id.uuid) AND lease_token = \(claim.token) AND lease_expires > \(now) RETURNING id
                """
            ).decode(UUID.self).all().isEmpty
        }
    }

    package func renew(_ claim: WorkClaim, at now: Date, until: Date) async throws -> Bool {
        try await step { client in
            try await !client.query(
                """
                UPDATE spid_operation SET lease_expires = \(until)
                WHERE id = \(claim.id.uuid) AND lease_token = \(claim.token) AND lease_expires > \(now) RETURNING id
                """
            ).decode(UUID.self).all().isEmpty
        }
    }

    package func finish(
        _ claim: WorkClaim, at now: Date, resolve: @escaping @Sendable ([ProfileID: IdentificationProfileRecord]) -> OperationResolution
    ) async throws -> OperationRecord? {
        try await transaction { [logger] connection in
            let held = try await PostgresRows.operations(
                connection.query(
                    """
                    SELECT \(unescaped: PostgresRows.operationColumns) FROM spid_operation
                    WHERE id = \(claim.id.uuid) AND lease_token = \(claim.token) AND lease_expires > \(now)
                        AND status IN ('notstarted', 'running')
                    FOR UPDATE
                    """,
                    logger: logger)
            ).first
            // input_profiles stays on the row: which profiles an ended operation changed, for audits.
            guard var record = held, let input = record.input else { return nil }
            let ids = input.profiles.map(\.uuid)
            let rows = try await connection.query(
                """
                SELECT \(unescaped: PostgresRows.identificationColumns) FROM spid_identification_profile
                WHERE id = ANY(\(ids)) ORDER BY id FOR UPDATE
                """,
                logger: logger)
            let current = Dictionary(
                try await PostgresRows.identificationProfiles(rows).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            let resolution = resolve(current)
            record.end(resolution.outcome, at: now)
            try await connection.query(
                """
                UPDATE spid_operation SET status = \(record.status.wireValue), last_action = \(now), message = \(record.message),
                    result = \(record.result?.jsonText()), due = NULL, lease_token = NULL, lease_expires = NULL
                WHERE id = \(record.id.uuid)
                """,
                logger: logger)
            try await connection.query("DELETE FROM spid_upload WHERE operation_id = \(record.id.uuid)", logger: logger)
            for profile in resolution.profiles where current[profile.id] != nil {
                try await connection.query(try PostgresRows.upsert(profile), logger: logger)
            }
            return record
        }
    }

    package func purge(createdBefore cutoff: Date) async throws -> Int {
        try await step { client in
            try await client.query("DELETE FROM spid_operation WHERE created <= \(cutoff) RETURNING id").decode(UUID.self).all().count
        }
    }

    package func unfinishedCount() async throws -> Int {
        try await step { client in
            try await client.query("SELECT count(*) FROM spid_operation WHERE status IN ('notstarted', 'running')").decode(Int.self)
                .all().first ?? 0
        }
    }

    package func audioBytesInMemory() async -> Int { 0 }
}
