import Foundation
import SpidTestSupport
import Testing

@testable import SpidREPL

@Suite("Scripts: errors with FILE:LINE, errexit, nesting")
struct ScriptTests {
    @Test func theFirstErrorStopsWithFileAndLine() async throws {
        let repl = try await SessionHarness.make()
        defer { Task { await repl.shutdown() } }
        let script = "#!/usr/bin/env spid-repl\n# a comment\necho one\n\nfrobnicate\necho never\n"
        let result = await repl.session.runScript(script, name: "check.spid")
        #expect(result == .failed)
        #expect(repl.output.stdout == "one\n")
        #expect(repl.output.stderr == "check.spid:5: error: unknown command \"frobnicate\"; `help` lists the commands\n")
    }

    @Test func errexitOffGoesOnButStillFails() async throws {
        let repl = try await SessionHarness.make()
        defer { Task { await repl.shutdown() } }
        let result = await repl.session.runScript("set errexit off\nexpect status x\necho after; nope; echo last\n", name: "s")
        #expect(result == .failed)
        #expect(repl.output.stdout == "after\nlast\n")
        #expect(
            repl.output.stderr.contains("s:2: error: no operation yet")
                && repl.output.stderr.contains("s:3: error: unknown command \"nope\""))
    }

    @Test func quitEndsAScript() async throws {
        let repl = try await SessionHarness.make()
        defer { Task { await repl.shutdown() } }
        #expect(await repl.session.runScript("echo a\nquit\necho b\n", name: "s") == .quit)
        #expect(repl.output.stdout == "a\n")
    }

    @Test func runNestsScriptsAndReportsTheInnerLine() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("spid-scripts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "echo inner\nexpect nothing here\n".write(to: folder.appendingPathComponent("inner.spid"), atomically: true, encoding: .utf8)
        try "run inner.spid\n".write(to: folder.appendingPathComponent("self.spid"), atomically: false, encoding: .utf8)
        try "run self.spid\n".write(to: folder.appendingPathComponent("loop.spid"), atomically: false, encoding: .utf8)
        try Data([0, 1, 2, 255]).write(to: folder.appendingPathComponent("binary.spid"))
        let repl = try await SessionHarness.make(directory: folder)
        defer { Task { await repl.shutdown() } }
        let stderr = await repl.fail("run inner.spid")
        #expect(stderr.hasPrefix("inner.spid:2: error:"))
        #expect(!stderr.contains("reported above"))
        try "run loop.spid\n".write(to: folder.appendingPathComponent("loop.spid"), atomically: false, encoding: .utf8)
        #expect(await repl.fail("run loop.spid").contains("scripts are nested 16 deep"))
        #expect(await repl.fail("run binary.spid").contains("binary.spid is not a text file"))
        #expect(await repl.fail("run missing.spid") == "error: no such script: missing.spid\n")
    }

    @Test func settingsAndHistory() async throws {
        let repl = try await SessionHarness.make(history: ["old line"])
        defer { Task { await repl.shutdown() } }
        #expect(await repl.succeed("set") == "errexit on\noutput human\ncolor auto\nhandler-timeout 30.0s\nmodule-timeout 10.0s\n")
        await repl.succeed("set output json", "set output human", "set color off")
        #expect(await repl.fail("set errexit maybe").contains("errexit is on or off, not maybe"))
        #expect(await repl.fail("set colour purple").contains("colour is auto or on or off"))
        #expect(await repl.fail("set nosuch 1").contains("there is no setting nosuch"))
        await repl.run("connect http://127.0.0.1:1 key sup3rs3cret")
        let history = await repl.succeed("history 3")
        #expect(history.contains("connect http://127.0.0.1:1 key ****") && !history.contains("sup3rs3cret"))
        #expect(await repl.succeed("history 100").contains("    1  old line"))
        #expect(await repl.fail("history x").contains("history takes a number"))
    }

    @Test func aNameThatKeepsDoublingStopsAtTheLimit() async throws {
        let repl = try await SessionHarness.make()
        defer { Task { await repl.shutdown() } }
        await repl.succeed("a = echo \(String(repeating: "x", count: 60_000))")
        var refused: String?
        for _ in 0..<6 where refused == nil {
            let (result, _, stderr) = await repl.run(#"a = echo "$a$a$a$a""#)
            if case .failed = result { refused = stderr }
        }
        #expect(refused?.contains("error: expanding $a makes the command longer than 1 MiB") == true, "\(refused ?? "never refused")")
        #expect(await repl.succeed("echo $a").utf8.count == 960_001)  // the last value that fitted is kept
    }

    @Test func helpExplainsEveryCommand() async throws {
        let repl = try await SessionHarness.make()
        defer { Task { await repl.shutdown() } }
        for spec in CommandCatalog.all {
            let text = await repl.succeed("help \(spec.name)")
            #expect(text.hasPrefix("usage: \(spec.usage[0])"), "\(spec.name)")
        }
        #expect(await repl.succeed("help watch").contains("Examples:\n  watch\n"))
        #expect(await repl.fail("help wath").contains("did you mean watch?"))
        #expect(await repl.fail("wath").contains("unknown command \"wath\"; did you mean watch?"))
        #expect(await repl.run("quit").result == .quit)
    }
}
