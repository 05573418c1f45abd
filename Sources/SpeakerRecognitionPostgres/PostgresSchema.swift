import Logging
import PostgresNIO

/// The tables of a spid PostgreSQL database and their versioned migrations.
///
/// Every instance migrates at start, in one transaction holding an advisory lock, so instances
/// starting together apply each migration once and the others wait, then find nothing to do.
/// A migration is never edited once released: a change is a new one, which old instances ignore
/// (rolling upgrades run old and new instances against one schema).
enum PostgresSchema {
    /// The advisory lock that serialises migrations of one schema: services in other schemas of
    /// the same database do not wait for each other.
    static func migrationLock(schema: String?) -> PostgresQuery {
        "SELECT pg_advisory_xact_lock(hashtext('spid-migrations'), hashtext(\(schema ?? "public")))"
    }

    /// Serialises the steps that count before they add (the profile quota, the queue's limits),
    /// per schema.
    static let admissionLock: PostgresQuery = "SELECT pg_advisory_xact_lock(hashtext('spid-admission'), hashtext(current_schema()))"

    /// Each migration's version and statements, oldest first.
    static let migrations: [(version: Int, statements: [PostgresQuery])] = [
        (
            1,
            [
                """
                CREATE TABLE spid_identification_profile (
                    id uuid PRIMARY KEY, locale text NOT NULL, created timestamptz NOT NULL,
                    last_action timestamptz NOT NULL, speech_time double precision NOT NULL,
                    forced_enrolled boolean NOT NULL, voiceprint bytea)
                """,
                """
                CREATE TABLE spid_verification_profile (
                    id uuid PRIMARY KEY, locale text NOT NULL, created timestamptz NOT NULL,
                    last_action timestamptz NOT NULL, enrollments integer NOT NULL, phrase text,
                    phrase_template bytea, voiceprint bytea)
                """,
                """
                CREATE TABLE spid_operation (
                    id uuid PRIMARY KEY, kind text NOT NULL, status text NOT NULL, created timestamptz NOT NULL,
                    last_action timestamptz NOT NULL, message text, result text,
                    input_profiles text, input_short_audio boolean, audio_bytes bigint NOT NULL DEFAULT 0,
                    due timestamptz, lease_token uuid, lease_expires timestamptz)
                """,
                "CREATE INDEX spid_operation_unfinished ON spid_operation (created) WHERE status IN ('notstarted', 'running')",
                "CREATE INDEX spid_operation_created ON spid_operation (created)",
                """
                CREATE TABLE spid_upload (
                    operation_id uuid PRIMARY KEY REFERENCES spid_operation (id) ON DELETE CASCADE, audio bytea NOT NULL)
                """,
            ]
        )
    ]

    /// The newest version this build knows.
    static var currentVersion: Int { migrations.last?.version ?? 0 }

    /// Brings the database to ``currentVersion``; returns the versions applied now. A database
    /// newer than this build is left alone (an older instance in a rolling upgrade).
    static func migrate(_ client: PostgresClient, schema: String?, logger: Logger) async throws -> [Int] {
        try await client.withTransaction(logger: logger) { connection in
            try await connection.query(migrationLock(schema: schema), logger: logger)
            // A name checked by PostgresURL: lowercase letters, digits and _ only.
            if let schema { try await connection.query("CREATE SCHEMA IF NOT EXISTS \(unescaped: schema)", logger: logger) }
            try await connection.query(
                "CREATE TABLE IF NOT EXISTS spid_schema (version integer PRIMARY KEY, applied timestamptz NOT NULL DEFAULT now())",
                logger: logger)
            var applied: Set<Int> = []
            for try await version in try await connection.query("SELECT version FROM spid_schema", logger: logger).decode(Int.self) {
                applied.insert(version)
            }
            var now: [Int] = []
            for migration in migrations where !applied.contains(migration.version) {
                for statement in migration.statements { try await connection.query(statement, logger: logger) }
                try await connection.query("INSERT INTO spid_schema (version) VALUES (\(migration.version))", logger: logger)
                now.append(migration.version)
            }
            return now
        }
    }
}
