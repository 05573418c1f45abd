import Foundation
import SpeakerRecognition
import SpidTestSupport
import Testing

/// The real `spid-repl` binary, run as scripts, `-c` and pipes use it.
@Suite("spid-repl: scripts, -c, pipes, flags")
struct CommandLineTests {
    static var binary: URL { ChildProcess.builtProduct("spid-repl") }

    /// Runs spid-repl on the in-memory embedded service, with the samples in SPID_SAMPLES.
    static func run(
        _ arguments: [String], input: String = "", environment: [String: String?] = [:], folder: URL? = nil
    ) async throws -> ChildProcess.Outcome {
        try await run(arguments, data: Data(input.utf8), environment: environment, folder: folder)
    }

    static func run(
        _ arguments: [String], data: Data, environment: [String: String?] = [:], folder: URL? = nil
    ) async throws -> ChildProcess.Outcome {
        _ = try AudioFixtures.path("awb-enroll.wav")
        var merged: [String: String?] = [
            "SPID_SAMPLES": AudioFixtures.directory.path, "SPID_ENDPOINT": nil, "SPID_KEY": nil, "NO_COLOR": nil,
        ]
        for (name, value) in environment { merged[name] = value }
        let outcome = try await ChildProcess.running(
            binary, ["--processing-delay", "100ms"] + arguments, environment: merged, input: data, currentDirectory: folder)
        #expect(!outcome.timedOut)
        return outcome
    }

    @Test func commandsRunAndStatusSaysHowItWent() async throws {
        let ok = try await Self.run(["--ephemeral", "-c", "a = profile create; echo made $a"])
        #expect(ok.status == 0 && ok.stdout.contains("made ") && ok.stderr.isEmpty)
        let bad = try await Self.run(["--ephemeral", "-c", "echo one; frobnicate; echo never"])
        #expect(bad.status == 1 && bad.stdout == "one\n")
        #expect(bad.stderr == "-c:1: error: unknown command \"frobnicate\"; `help` lists the commands\n")
    }

    @Test func pipedStdinIsAScriptWithoutPromptOrEscapes() async throws {
        let input =
            "# a comment\nalice = profile create\nenroll $alice $SPID_SAMPLES/awb-enroll.wav\nwatch\nshow\nexpect status succeeded\nnope\necho never\n"
        let outcome = try await Self.run(["--ephemeral"], input: input)
        #expect(outcome.status == 1)
        #expect(!outcome.stdout.contains("spid>") && !outcome.stdout.contains("\u{1B}"))
        #expect(outcome.stdout.contains("op1 enrollment succeeded: Enrolled") && outcome.stdout.contains("ok op1 status is succeeded"))
        #expect(outcome.stderr == "<stdin>:7: error: unknown command \"nope\"; `help` lists the commands\n")
        #expect(!outcome.stdout.contains("never"))
        let empty = try await Self.run(["--ephemeral"], input: "")
        #expect(empty.status == 0 && empty.stdout.isEmpty)
    }

    @Test func scriptFilesRunByPathAndByShebang() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("spid-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = folder.appendingPathComponent("hello.spid")
        try "#!/usr/bin/env spid-repl\necho hello from $WHO\nset errexit off\nexpect x y z\necho still here\n".write(
            to: script, atomically: true, encoding: .utf8)
        let byPath = try await Self.run(["--ephemeral", script.path], environment: ["WHO": "a script"])
        #expect(byPath.status == 1 && byPath.stdout == "hello from a script\nstill here\n")
        #expect(byPath.stderr.hasPrefix("\(script.path):4: error: no operation or bound result \"x\""))
        chmod(script.path, 0o755)
        let path = Self.binary.deletingLastPathComponent().path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        let direct = try await ChildProcess.running(
            script, [], environment: ["PATH": path, "WHO": "shebang", "SPID_KEY": nil, "SPID_ENDPOINT": nil, "XDG_DATA_HOME": folder.path])
        #expect(direct.stdout == "hello from shebang\nstill here\n" && direct.status == 1)
        let missing = try await Self.run(["--ephemeral", folder.appendingPathComponent("nope.spid").path])
        #expect(missing.status == 1 && missing.stderr.contains("no such script"))
    }

    @Test func hugeLinesAndBinaryGarbageEndCleanly() async throws {
        let huge = String(repeating: "x", count: 1 << 20) + "\necho after\n"
        let outcome = try await Self.run(["--ephemeral"], input: huge)
        #expect(outcome.status == 1 && outcome.stderr.hasPrefix("<stdin>:1: error: the line is 1048576 bytes long"))
        var generator = SystemRandomNumberGenerator()
        let garbage = Data((0..<65536).map { _ in UInt8.random(in: 0...255, using: &generator) })
        let binary = try await Self.run(["--ephemeral"], data: garbage)
        #expect(binary.status == 1 && binary.stderr.contains("error:"))
        #expect(binary.stderr.split(separator: "\n").count == 1)
    }

    @Test func jsonOutputIsOneDocumentPerResult() async throws {
        let outcome = try await Self.run([
            "--ephemeral", "--output", "json", "-c", "a = profile create; enroll $a $SPID_SAMPLES/awb-enroll.wav; watch; ops",
        ])
        #expect(outcome.status == 0)
        // JSON Lines: one compact document per result.
        let documents = try outcome.stdout.split(separator: "\n").map { try JSONParser().parse(String($0)) }
        #expect(documents.count == 4)
        #expect(documents.first?["identificationProfileId"] != nil && documents.last?[0]?["status"]?.stringValue == "succeeded")
    }

    @Test func keysNeverShowAndEndpointsFailInOneLine() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("spid-key-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let keyFile = folder.appendingPathComponent("key")
        try "s3cr3t-k3y\n".write(to: keyFile, atomically: true, encoding: .utf8)
        let unreachable = try await Self.run([
            "--endpoint", "http://127.0.0.1:1", "--key-file", keyFile.path, "-c", "connect; profile list",
        ])
        #expect(unreachable.status == 1 && unreachable.stdout == "connected to http://127.0.0.1:1/spid/v1.0\n")
        #expect(unreachable.stderr.hasPrefix("-c:1: error: listing profiles: cannot reach http://127.0.0.1:1:"))
        #expect(!(unreachable.stdout + unreachable.stderr).contains("s3cr3t"))
        let noKey = try await Self.run(["--endpoint", "westus", "-c", "ops"])
        #expect(noKey.status == 1 && noKey.stderr.contains("no subscription key for https://westus.api.cognitive.microsoft.com/spid/v1.0"))
        let badEndpoint = try await Self.run(["--endpoint", "ftp://x", "-c", "ops"], environment: ["SPID_KEY": "k"])
        #expect(badEndpoint.status == 1 && badEndpoint.stderr.contains("scheme must be http or https"))
        let missingKeyFile = try await Self.run(["--endpoint", "westus", "--key-file", "/nonexistent/key", "-c", "ops"])
        #expect(missingKeyFile.status != 0 && missingKeyFile.stderr.contains("cannot read the key file /nonexistent/key"))
        let clash = try await Self.run(["--ephemeral", "--data", folder.path, "-c", "ops"])
        #expect(clash.status != 0 && clash.stderr.contains("--ephemeral and --data contradict each other"))
    }

    @Test func theEmbeddedServiceKeepsItsDataBetweenRuns() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("spid-data-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try await Self.run(["--data", folder.path, "-c", "profile create"])
        let id = try #require(first.stdout.split(separator: " ").last).trimmingCharacters(in: .newlines)
        let second = try await Self.run(["--data", folder.path, "-c", "profile list; connect"])
        #expect(second.stdout.contains(id) && second.stdout.contains("connected to local (data in \(folder.path))"))
        try Data("not a database".utf8).write(to: folder.appendingPathComponent("blocker"))
        let file = try await Self.run(["--data", folder.appendingPathComponent("blocker").path, "-c", "ops"])
        #expect(file.status == 1 && file.stderr.hasPrefix("spid-repl: error: cannot open the embedded service's data"))
    }
}
