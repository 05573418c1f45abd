import Foundation
import SpidTestSupport
import Testing

/// Every script under scripts/examples, run by the real binary: on the embedded service, and on
/// spid-server over HTTP.
@Suite("Example scripts", .serialized)
struct ExampleScriptTests {
    static let examples: [String] = {
        let folder = AudioFixtures.packageRoot.appendingPathComponent("scripts/examples")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".spid") }.sorted()
    }()

    static func path(_ name: String) -> String {
        AudioFixtures.packageRoot.appendingPathComponent("scripts/examples/\(name)").path
    }

    @Test func thereAreExamples() {
        #expect(Self.examples == ["ci-check.spid", "enroll-and-identify.spid", "watch-and-react.spid"])
    }

    @Test(arguments: examples)
    func runsOnTheEmbeddedService(_ name: String) async throws {
        let outcome = try await CommandLineTests.run(["--ephemeral", Self.path(name)])
        #expect(outcome.status == 0, "\(name): \(outcome.stderr)")
        #expect(outcome.stderr.isEmpty)
        #expect(outcome.stdout.contains("ok ") || outcome.stdout.contains("succeeded"))
    }

    @Test(arguments: examples)
    func runsOnSpidServerOverHTTP(_ name: String) async throws {
        let server = try await ServerProcess.started(["--processing-delay", "0.1"])
        defer { server.stop() }
        let outcome = try await CommandLineTests.run(
            ["--endpoint", "http://127.0.0.1:\(server.port)", Self.path(name)], environment: ["SPID_KEY": server.key])
        #expect(outcome.status == 0, "\(name): \(outcome.stderr)")
        #expect(outcome.stderr.isEmpty)
        #expect(!outcome.stdout.contains(server.key))
    }

    @Test func aFailingExpectationStopsTheCICheck() async throws {
        let outcome = try await CommandLineTests.run(
            ["--ephemeral", Self.path("ci-check.spid")], environment: ["SPID_SAMPLES": AudioFixtures.directory.path + "/nonexistent"])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.hasPrefix("\(Self.path("ci-check.spid")):9: error: no such file:"))
    }
}

/// What the service says when it refuses: one line each, and the REPL goes on.
@Suite("spid-repl against spid-server's refusals")
struct ServiceRefusalTests {
    @Test func wrongKeysAndRateLimitsAreOneLineEach() async throws {
        let server = try await ServerProcess.started(["--rate-limit", "3"])
        defer { server.stop() }
        let url = "http://127.0.0.1:\(server.port)"
        let outcome = try await CommandLineTests.run([
            "--ephemeral", "-c",
            "set errexit off; connect \(url) key wrong-key; profile list; connect \(url) key \(server.key); "
                + "profile list; profile list; profile list; profile list; connect local; profile list",
        ])
        #expect(outcome.status == 1)
        let errors = outcome.stderr.split(separator: "\n")
        #expect(errors.count == 2, "\(outcome.stderr)")
        #expect(errors.first?.hasPrefix("-c:1: error: listing profiles: the service answered 401 Unauthorized: ") == true)
        #expect(
            errors.last?.hasPrefix("-c:1: error: listing profiles: the service answered 429 Too Many Requests: RateLimitExceeded: ") == true
        )
        #expect(errors.last?.contains("(retry after ") == true)
        #expect(outcome.stdout.hasSuffix("connected to local (in memory)\nno identification profiles; create one with `profile create`\n"))
        #expect(!(outcome.stdout + outcome.stderr).contains(server.key) && !outcome.stderr.contains("wrong-key"))
    }
}
