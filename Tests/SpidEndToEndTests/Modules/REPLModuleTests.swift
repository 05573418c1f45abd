import Foundation
import SpeakerRecognition
import SpidTestSupport
import Testing

/// Handler modules in a real `spid-repl` run on the embedded emulator: `module load`, `modules`,
/// `on EVENT … module NAME`, and every refusal, each leaving the REPL usable.
@Suite("spid-repl: handler modules")
struct REPLModuleTests {
    static var binary: URL { ChildProcess.builtProduct("spid-repl") }

    let folder: URL

    init() async throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("spid-repl-modules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    /// Runs a script file (so errors carry FILE:LINE) on the in-memory embedded service.
    func run(_ script: String) async throws -> ChildProcess.Outcome {
        _ = try AudioFixtures.path("awb-enroll.wav")
        let file = folder.appendingPathComponent("script.spid")
        try script.write(to: file, atomically: true, encoding: .utf8)
        let outcome = try await ChildProcess.running(
            Self.binary, ["--ephemeral", "--processing-delay", "100ms", file.path],
            environment: [
                "SPID_SAMPLES": AudioFixtures.directory.path, "SPID_ENDPOINT": nil, "SPID_KEY": nil, "NO_COLOR": nil,
                "XDG_DATA_HOME": folder.path, "SPID_MODULE_PATH": nil,
            ],
            currentDirectory: folder, timeout: 120)
        #expect(!outcome.timedOut)
        return outcome
    }

    @Test func theExamplesReactToARealEnrollmentAndIdentification() async throws {
        let receiver = try await WebhookReceiver.start()
        let outcome = try await run(
            """
            module load JSONLinesHandler path=changes.jsonl
            module load CStatusLineHandler path=status.log
            module load \(ModuleFixtures.example("WebhookHandler").path) url=\(receiver.base)/hook header='Authorization: Bearer s3cret'
            on change all module jsonl
            on done all module status-line
            on succeeded all module webhook
            alice = profile create
            enroll $alice $SPID_SAMPLES/awb-enroll.wav
            watch
            who = identify $SPID_SAMPLES/awb-test1.wav $alice
            watch
            modules
            handlers
            """)
        await receiver.stop()
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr.isEmpty)
        #expect(!outcome.stdout.contains("s3cret"))
        // jsonl: every change of both operations (the poll may see notstarted or not), each a JSON line.
        let lines = try Changes.lines(of: folder.appendingPathComponent("changes.jsonl"))
        let operations = lines.compactMap { $0["operation"]?.stringValue }
        #expect(lines.count >= 4 && operations == operations.sorted() && Set(operations) == ["op1", "op2"])
        for name in ["op1", "op2"] {
            let statuses = lines.filter { $0["operation"]?.stringValue == name }.compactMap { $0["status"]?.stringValue }
            #expect(statuses.last == "succeeded" && statuses.dropLast().allSatisfy { $0 == "notstarted" || $0 == "running" })
        }
        #expect(lines.last?["snapshot"]?["processingResult"]?["identifiedProfileId"] != nil)
        // status-line (C): one line per operation's end.
        let status = try String(contentsOf: folder.appendingPathComponent("status.log"), encoding: .utf8)
        #expect(status.split(separator: "\n").map { $0.hasPrefix("op") && $0.hasSuffix("running -> succeeded") } == [true, true])
        // webhook: the two successes, with the header.
        #expect(receiver.deliveries.count == 2)
        #expect(
            receiver.deliveries.allSatisfy { $0.headers["authorization"] == "Bearer s3cret" && $0.headers["x-spid-event"] == "succeeded" })
        #expect(receiver.deliveries.map { (try? JSONParser().parse($0.body))?["kind"]?.stringValue } == ["enrollment", "identification"])
        #expect(outcome.stdout.contains("jsonl        ready  \(lines.count)        0"))
        #expect(outcome.stdout.contains("#3  on succeeded all module webhook"))
    }

    @Test func refusalsAreOneLineEachAndTheREPLGoesOn() async throws {
        let crash = try ModuleFixtures.fixture("crash_in_configure").path
        let outcome = try await run(
            """
            set errexit off
            module load nowhere/libNothing.so
            module load \(try ModuleFixtures.fixture("no_entry").path)
            module load \(try ModuleFixtures.fixture("abi_999").path)
            module load \(try ModuleFixtures.fixture("create_fails").path)
            module load \(crash) level=1
            module load JSONLinesHandler colour=red
            module load JSONLinesHandler path
            on done all module ghost
            module load \(crash)
            module configure crash-configure level=2
            modules
            echo still here
            """)
        let errors = outcome.stderr.split(separator: "\n").map(String.init).filter { $0.contains("error: ") }
        #expect(errors.count == 9, "\(outcome.stderr)")
        #expect(errors[0].hasPrefix("\(folder.path)/script.spid:2: error: no handler module at \(folder.path)/nowhere/libNothing.so"))
        #expect(errors[1].hasSuffix("is not a spid handler module: it does not export spid_handler_entry (see spid_handler.h)"))
        #expect(errors[2].hasSuffix("speaks handler ABI version 999, this host speaks 1: rebuild the module against this spid"))
        #expect(errors[3].hasSuffix("error: module fails-to-start: create failed: cannot reach the results database at db.example:5432"))
        #expect(
            errors[4].hasSuffix(
                "error: module crash-configure crashed in configure level (SIGSEGV: a bad memory access); it is disabled: fix it, then load it again under a new name or restart"
            ))
        #expect(
            errors[5].hasSuffix(
                "error: module jsonl: configure colour failed: jsonl has no option colour (options: path=FILE, fsync=on|off)"))
        #expect(errors[6].hasSuffix("error: \"path\" is not an option: write KEY=VALUE"))
        #expect(errors[7].hasSuffix("error: no module named ghost; load one with `module load PATH`"))
        #expect(errors[8].contains("script.spid:11: error: module crash-configure crashed in configure level"))
        #expect(outcome.stdout.contains("crash-configure  disabled: crashed in configure level, SIGSEGV"))
        #expect(outcome.stdout.hasSuffix("still here\n"))
    }

    @Test func aHungModuleIsReportedAndNeitherPollingNorTheExitWaitForIt() async throws {
        let outcome = try await run(
            """
            module load \(try ModuleFixtures.fixture("hang_in_event").path)
            module load CStatusLineHandler path=status.log
            set module-timeout 1s
            on change all module hang
            on change all module status-line
            alice = profile create
            enroll $alice $SPID_SAMPLES/awb-enroll.wav
            watch
            expect status succeeded
            modules
            """)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(
            outcome.stderr.contains(
                "error: handler #1 on change: module hang: on_event did not return within 1.0s; it gets no more changes until it does"))
        #expect(outcome.stderr.contains("error: handler #1 on change: module hang is still in an earlier call"))
        #expect(outcome.stdout.contains("module hang: sleeping") && outcome.stdout.contains("hang         stuck in on_event"))
        let status = try String(contentsOf: folder.appendingPathComponent("status.log"), encoding: .utf8)
        let statusLines = status.split(separator: "\n")
        #expect(statusLines.count >= 2 && statusLines.last?.hasSuffix("running -> succeeded") == true)  // the other module got every change
    }

    @Test func aFailedLoadStopsAScriptAtItsLine() async throws {
        let outcome = try await run("echo before\nmodule load \(try ModuleFixtures.fixture("abi_999").path)\necho never\n")
        #expect(outcome.status == 1)
        #expect(outcome.stdout == "before\n")
        #expect(outcome.stderr.hasPrefix("\(folder.path)/script.spid:2: error: "))
    }

    @Test func modulesListAsJSON() async throws {
        let outcome = try await run("module load CStatusLineHandler as lines\nmodules --json\n")
        #expect(outcome.status == 0)
        let json = try #require(outcome.stdout.range(of: "\n[").map { String(outcome.stdout[$0.upperBound...]) }).description
        let document = try JSONParser().parse("[" + json)
        #expect(document[0]?["name"]?.stringValue == "lines" && document[0]?["module"]?.stringValue == "status-line")
        #expect(document[0]?["runtime"] == .null && document[0]?["state"]?.stringValue == "ready")
    }
}
