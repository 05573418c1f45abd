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
    func runsOnTheEmbeddedService(_ name: String) throws {
        let outcome = try CommandLineTests.run(["--ephemeral", Self.path(name)])
        #expect(outcome.status == 0, "\(name): \(outcome.stderr)")
        #expect(outcome.stderr.isEmpty)
        #expect(outcome.stdout.contains("ok ") || outcome.stdout.contains("succeeded"))
    }

    @Test(arguments: examples)
    func runsOnSpidServerOverHTTP(_ name: String) throws {
        let server = try ServerProcess.start(["--processing-delay", "0.1"])
        defer { server.stop() }
        let outcome = try CommandLineTests.run(
            ["--endpoint", "http://127.0.0.1:\(server.port)", Self.path(name)], environment: ["SPID_KEY": server.key])
        #expect(outcome.status == 0, "\(name): \(outcome.stderr)")
        #expect(outcome.stderr.isEmpty)
        #expect(!outcome.stdout.contains(server.key))
    }

    @Test func aFailingExpectationStopsTheCICheck() throws {
        let outcome = try CommandLineTests.run(
            ["--ephemeral", Self.path("ci-check.spid")], environment: ["SPID_SAMPLES": AudioFixtures.directory.path + "/nonexistent"])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.hasPrefix("\(Self.path("ci-check.spid")):9: error: no such file:"))
    }
}
