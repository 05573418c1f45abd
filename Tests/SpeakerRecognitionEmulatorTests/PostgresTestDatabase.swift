import Foundation
import SpeakerRecognitionEmulator
import SpeakerRecognitionPostgres

/// The PostgreSQL that `scripts/test` starts (`SPID_TEST_POSTGRES_URL`), a schema of its own for
/// each store a test opens, so tests never see each other's rows.
enum PostgresTestDatabase {
    struct Missing: Error, CustomStringConvertible {
        var description: String {
            "SPID_REQUIRE_POSTGRES=1 but SPID_TEST_POSTGRES_URL is not set: run scripts/test, which starts a PostgreSQL"
        }
    }

    static var url: String {
        get throws {
            guard let url = ProcessInfo.processInfo.environment["SPID_TEST_POSTGRES_URL"] else { throw Missing() }
            return url
        }
    }

    /// A store on a new, empty schema. Its time limits are far above the service's: the contract
    /// is under test here, not latency, and the whole test run shares two cores with this
    /// database (an unreachable database answering 503 is checked by `scripts/test-cluster`).
    static func freshStore() async throws -> PostgresStore {
        let schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        return try await PostgresStore(
            url: try url + (try url.contains("?") ? "&" : "?") + "schema=\(schema)", stepTimeout: .seconds(60),
            startTimeout: .seconds(120))
    }
}
