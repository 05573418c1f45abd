import Foundation
import SpeakerRecognition
import SpidTestSupport
import Testing

@testable import SpidREPL

@Suite("Session: handlers")
struct SessionHandlerTests {
    @Test func doHandlersSeeTheChangeAndFireInOrder() async throws {
        let repl = try await SessionHarness.make()
        defer { Task { await repl.shutdown() } }
        await repl.succeed("a = profile create")
        let registered = await repl.succeed("on change all do echo \"$op: $previous -> $status ($event)\"")
        #expect(registered == "handler #1: on change all do echo \"$op: $previous -> $status ($event)\"\n")
        await repl.succeed("on done do show status")
        await repl.succeed("enroll $a awb-enroll.wav")
        let watched = await repl.succeed("watch")
        let lines = watched.split(separator: "\n").map(String.init)
        let changes = lines.filter { $0.hasPrefix("op1: ") }
        // In order, each from the status before it; whether `notstarted` was seen depends on how
        // soon the first poll came (a loaded machine can miss it), so the chain is checked instead.
        let steps = changes.map {
            $0.dropFirst("op1: ".count).replacingOccurrences(of: " (change)", with: "").components(separatedBy: " -> ")
        }
        #expect(steps.first?.first == "none" && steps.last?.last == "succeeded", "\(changes)")
        #expect(zip(steps, steps.dropFirst()).allSatisfy { $0[1] == $1[0] }, "\(changes)")
        #expect(changes.allSatisfy { $0.hasSuffix(" (change)") } && (2...3).contains(changes.count), "\(changes)")
        #expect(watched.contains(#"op1 status: "succeeded""#))
        let listed = await repl.succeed("handlers")
        #expect(listed.contains("#1") && listed.contains("#2  on done all do show status"))
    }

    @Test func handlersForEndedOperationsFireAtOnceAndCanBeRemoved() async throws {
        let repl = try await SessionHarness.make()
        defer { Task { await repl.shutdown() } }
        await repl.succeed("a = profile create", "enroll $a awb-enroll.wav", "watch")
        await repl.succeed("on enrolled op1 do echo enrolled $op")
        // `watch` waits for handlers: the one for ended op1 fired once, at once.
        #expect(await repl.succeed("watch op1").contains("enrolled op1\n"))
        await repl.succeed("on done all do echo future only")
        #expect(!(await repl.succeed("watch op1")).contains("future only"))
        #expect(await repl.succeed("off 1") == "removed handler #1: on enrolled op1 do echo enrolled $op\n")
        #expect(await repl.fail("off 1").contains("there is no handler 1 (handlers: #2)"))
        #expect(await repl.fail("off x").contains("usage: off N|all"))
        #expect(await repl.succeed("off all") == "removed 1 handler\n")
        #expect(await repl.succeed("handlers").hasPrefix("no handlers"))
    }

    @Test func execHandlersGetJSONOnStdinAndEnvironment() async throws {
        let repl = try await SessionHarness.make()
        defer { Task { await repl.shutdown() } }
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("spid-exec-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: log) }
        await repl.succeed("a = profile create")
        await repl.succeed("on done all exec 'cat >> \(log.path); echo \"env $SPID_OPERATION $SPID_STATUS $SPID_EVENT\"'")
        await repl.succeed("on failed all exec 'exit 3'")
        await repl.succeed("enroll $a awb-enroll.wav")
        let watched = await repl.succeed("watch")
        #expect(watched.contains("env op1 succeeded done"))
        let line = try String(contentsOf: log, encoding: .utf8).trimmingCharacters(in: .newlines)
        let change = try JSONParser().parse(line)
        #expect(change["operation"]?.stringValue == "op1" && change["status"]?.stringValue == "succeeded")
        #expect(change["previous"]?.stringValue == "running" && change["snapshot"]?["processingResult"] != nil)
        await repl.succeed("enroll $a silence-6s.wav")
        await repl.run("watch")
        let failing = repl.output.stderr
        #expect(failing.contains("error: handler #2 on failed: `exit 3` exited with status 3"))
    }

    @Test func slowHandlersAreStoppedWithEverythingTheyStarted() async throws {
        let repl = try await SessionHarness.make()
        defer { Task { await repl.shutdown() } }
        let pidFile = FileManager.default.temporaryDirectory.appendingPathComponent("spid-pid-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: pidFile) }
        await repl.succeed("set handler-timeout 200ms", "a = profile create")
        await repl.succeed("on done all exec 'echo $$ > \(pidFile.path); sleep 30 & wait'", "on done all do sleep 30s")
        await repl.succeed("enroll $a awb-enroll.wav")
        await repl.run("watch")
        await repl.shutdown()  // the monitor's reports of the timeouts are printed by then
        #expect(repl.output.stderr.contains("error: handler #1 on done: it ran past 200ms and was stopped"))
        #expect(repl.output.stderr.contains("error: handler #2 on done: it ran past 200ms and was stopped"))
        // The shell led its own process group; the background sleep went with it.
        let group = try #require(Int32(try String(contentsOf: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        var alive = true
        for _ in 0..<250 where alive {
            alive = kill(-group, 0) == 0
            if alive { try await Task.sleep(for: .milliseconds(20)) }
        }
        #expect(!alive, "the handler's process group \(group) is still running")
    }

    @Test func badHandlersAreRefused() async throws {
        let repl = try await SessionHarness.make(directory: SessionOperationTests.fixtures)
        defer { Task { await repl.shutdown() } }
        #expect(await repl.fail("on done show").contains("on needs `do COMMAND`, `exec SHELL-COMMAND` or `module NAME`"))
        #expect(await repl.fail("on finished do show").contains("\"finished\" is not an event"))
        #expect(await repl.fail("on done do").contains("nothing to run after do"))
        #expect(await repl.fail("on done do shwo").contains("did you mean show"))
        #expect(await repl.fail("on done op7 do show").contains("no operation \"op7\""))
        await repl.succeed("load seed-case1-notstarted.json")
        #expect(await repl.fail("on done op1 do show").contains("loaded from a file"))
    }
}
