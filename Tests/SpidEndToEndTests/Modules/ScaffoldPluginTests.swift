import Foundation
import SpidTestSupport
import Testing

/// `swift package scaffold-handler`: the package it writes builds, passes its own test, and loads
/// in a real spid-repl, as the plugin's printed steps say.
@Suite("scaffold-handler plugin")
struct ScaffoldPluginTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("spid-scaffold-\(UUID().uuidString)")

    /// `swift ARGUMENTS` in `directory`, niced: its compiles should not starve the suites running
    /// beside it.
    func swift(
        _ arguments: [String], in directory: URL = AudioFixtures.packageRoot, timeout: Double = 900
    ) async throws -> ChildProcess.Outcome {
        let outcome = try await ChildProcess.running(
            URL(fileURLWithPath: "/usr/bin/env"), ["nice", "-n", "10", "swift"] + arguments, currentDirectory: directory, timeout: timeout)
        #expect(!outcome.timedOut)
        return outcome
    }

    /// The plugin, with a scratch path of its own (the tests' `.build` is in use).
    func scaffold(_ words: [String]) async throws -> ChildProcess.Outcome {
        try await swift(
            [
                "package", "--scratch-path", folder.appendingPathComponent("scratch").path, "--allow-writing-to-package-directory",
                "scaffold-handler",
            ]
                + words)
    }

    /// A spid-repl run that loads the module (`load`), hands it every change, and enrolls.
    func enrollWith(_ load: String) async throws -> ChildProcess.Outcome {
        try await ChildProcess.running(
            ChildProcess.builtProduct("spid-repl"),
            [
                "--ephemeral", "--processing-delay", "100ms", "-c",
                "\(load); on change all module greeter; p = profile create; enroll $p $SPID_SAMPLES/awb-enroll.wav; watch",
            ],
            environment: [
                "SPID_SAMPLES": AudioFixtures.directory.path, "SPID_ENDPOINT": nil, "SPID_KEY": nil, "XDG_DATA_HOME": folder.path,
            ],
            timeout: 120)
    }

    @Test func aScaffoldedModuleBuildsPassesItsTestAndLoads() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("Greeter")
        let made = try await scaffold(["Greeter", "--output", target.path])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.contains("Created the handler module greeter in \(target.path):"))
        #expect(made.stdout.contains("module load \(target.path)/.build/debug/libGreeter.so"))
        for file in ["Package.swift", "Sources/Greeter/Greeter.swift", "Tests/GreeterTests/GreeterTests.swift", ".gitignore"] {
            #expect(FileManager.default.fileExists(atPath: target.appendingPathComponent(file).path), "\(file)")
        }

        let again = try await scaffold(["Greeter", "--output", target.path])
        #expect(again.status != 0 && again.stderr.contains("exists; pass --force to overwrite its template files"))
        let forced = try await scaffold(["Greeter", "--output", target.path, "--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        let badName = try await scaffold(["9lives"])
        #expect(badName.status != 0 && badName.stderr.contains("\"9lives\" cannot name a module"))
        let noName = try await scaffold([])
        #expect(noName.status != 0 && noName.stderr.contains("name the module: scaffold-handler NAME"))

        let built = try await swift(["build", "--build-tests", "--package-path", target.path])
        #expect(built.status == 0, "\(built.stdout.suffix(2000))\(built.stderr.suffix(2000))")
        let tested = try await swift(["test", "--skip-build", "--disable-xctest", "--package-path", target.path])
        #expect(tested.status == 0 && tested.stdout.contains("Test run with 3 tests"), "\(tested.stdout.suffix(2000))")

        _ = try AudioFixtures.path("awb-enroll.wav")
        let library = target.appendingPathComponent(".build/debug/libGreeter.so").path
        let loaded = try await enrollWith("module load \(library) prefix=hi")
        #expect(loaded.status == 0, "\(loaded.stderr)")
        #expect(loaded.stdout.contains("module greeter loaded: Logs each change it gets (scaffolded; make it yours)"))
        #expect(loaded.stdout.contains("module greeter: hi: op1 running -> succeeded"))

        // Step 4 of the DocC walkthrough, as written there, replaces the example's `handle`.
        let article = try String(
            contentsOf: AudioFixtures.packageRoot.appendingPathComponent(
                "Sources/SpidHandlerKit/SpidHandlerKit.docc/WritingAHandlerModule.md"),
            encoding: .utf8)
        let step = try #require(article.range(of: "### 4.").map { article[$0.upperBound...] })
        let code = try #require(
            step.range(of: "```swift\n").flatMap { start in
                step[start.upperBound...].range(of: "```").map { String(step[start.upperBound..<$0.lowerBound]) }
            })
        let sourceFile = target.appendingPathComponent("Sources/Greeter/Greeter.swift")
        let source = try String(contentsOf: sourceFile, encoding: .utf8)
        let handle = try #require(
            source.range(of: "    mutating func handle").map { start in
                source[start.lowerBound...].range(of: "\n    }\n").map { start.lowerBound..<$0.upperBound }
            } ?? nil)
        let indented = code.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : "    " + $0 }.joined(
            separator: "\n")
        try source.replacingCharacters(in: handle, with: indented).write(to: sourceFile, atomically: true, encoding: .utf8)
        let rebuilt = try await swift(["build", "--package-path", target.path])
        #expect(rebuilt.status == 0, "\(rebuilt.stdout.suffix(2000))\(rebuilt.stderr.suffix(2000))")
        let reloaded = try await enrollWith("module load \(library)")
        #expect(reloaded.status == 0, "\(reloaded.stderr)")
        #expect(reloaded.stdout.contains("module greeter: op1 is enrolled: "), "\(reloaded.stdout)")
    }
}
