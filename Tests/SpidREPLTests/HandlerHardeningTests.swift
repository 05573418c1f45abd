import Foundation
import SpeakerRecognition
import SpidTestSupport
import Testing

@testable import SpidREPL

/// `exec` handlers cannot flood the REPL's memory, outlive it, or see the key unasked.
@Suite("Handlers: output bound, process groups, the key", .timeLimit(.minutes(2)))
struct HandlerHardeningTests {
    static let path = ["PATH": "/usr/bin:/bin"]

    @Test func outputPastTheLimitIsDrainedAndCounted() async throws {
        let total = 24 << 20  // far more than the limit; the shell must not block on a full pipe
        let result = try await ShellCommand.run(
            "head -c \(total) /dev/zero | tr '\\0' x; echo done >&2", input: "", environment: Self.path)
        #expect(result.status == 0)
        #expect(result.output.utf8.count == ShellCommand.outputLimit)
        #expect(result.droppedBytes == total + "done\n".utf8.count - ShellCommand.outputLimit)
        #expect(result.output.allSatisfy { $0 == "x" })
    }

    @Test func outputIsCutOnACharacterBoundary() async throws {
        // 3-byte characters: a limit of 10 bytes keeps 3 of them (9 bytes) and drops the rest.
        let result = try await ShellCommand.run("printf '☃☃☃☃☃'", input: "", environment: Self.path, limit: 10)
        #expect(result.output == "☃☃☃" && result.droppedBytes == 6)
        let exact = try await ShellCommand.run("printf 'ab☃'", input: "", environment: Self.path, limit: 5)
        #expect(exact.output == "ab☃" && exact.droppedBytes == 0)
    }

    @Test func theSessionSaysWhenOutputWasCut() async throws {
        let repl = try await SessionHarness.make(environment: Self.path)
        defer { Task { await repl.shutdown() } }
        await repl.succeed("a = profile create")
        await repl.succeed("on done all exec 'head -c 3145728 /dev/zero | tr \"\\0\" y'")
        await repl.succeed("enroll $a awb-enroll.wav")
        let printed = await repl.succeed("watch")
        #expect(printed.utf8.count < ShellCommand.outputLimit + 4096)
        #expect(printed.contains(String(repeating: "y", count: 1000)))
        #expect(repl.output.stderr.contains("warning: handler #1 on done: its output was cut at 1 MiB: 2 MiB more were dropped"))
    }

    @Test func theKeyReachesExecHandlersOnlyWhenAskedFor() async throws {
        let repl = try await SessionHarness.make(environment: Self.path.merging(["SPID_KEY": "env-s3cr3t"]) { $1 })
        defer { Task { await repl.shutdown() } }
        await repl.succeed("a = profile create")
        #expect(
            await repl.succeed("on done all exec 'echo plain=${SPID_KEY:-unset}'")
                == "handler #1: on done all exec echo plain=${SPID_KEY:-unset}\n")
        #expect(
            await repl.succeed("on done all exec --with-key 'echo asked=${SPID_KEY:-unset}'")
                == "handler #2: on done all exec --with-key echo asked=${SPID_KEY:-unset}\n")
        await repl.succeed("enroll $a awb-enroll.wav")
        let printed = await repl.succeed("watch")
        #expect(printed.contains("plain=unset\n") && printed.contains("asked=env-s3cr3t\n"))
        #expect(await repl.fail("on done all exec --with-key").contains("nothing to run after exec --with-key"))
        #expect(await repl.succeed("help on").contains("exec --with-key"))
    }

    @Test func backgroundProcessesEndWithTheirHandlerAndTheSession() async throws {
        let repl = try await SessionHarness.make(environment: Self.path)
        let first = "1000.\(Int.random(in: 100_000...999_999))"
        let second = "1000.\(Int.random(in: 100_000...999_999))"
        defer { Self.killAll(withArgument: [first, second]) }  // only when the test failed: this test started them
        await repl.succeed("a = profile create")
        await repl.succeed("on done all exec 'sleep \(first) &'", "on done all exec 'sleep \(second) &'")
        await repl.succeed("enroll $a awb-enroll.wav", "watch")
        #expect(try await Self.processes(withArgument: first, expected: 1) == 1)
        #expect(try await Self.processes(withArgument: second, expected: 1) == 1)
        #expect(await repl.succeed("off 1").hasPrefix("removed handler #1"))
        #expect(try await Self.processes(withArgument: first, expected: 0) == 0)
        #expect(try await Self.processes(withArgument: second, expected: 1) == 1)
        await repl.shutdown()
        #expect(try await Self.processes(withArgument: second, expected: 0) == 0)
    }

    /// How many live (not zombie) processes have `argument` on their command line, polling a
    /// bounded number of times until it is `expected`.
    static func processes(withArgument argument: String, expected: Int) async throws -> Int {
        var found = -1
        for _ in 0..<100 {
            found = pids(withArgument: argument).count
            if found == expected { return found }
            try await Task.sleep(for: .milliseconds(50))
        }
        return found
    }

    /// The processes with `argument` on their command line (zombies have none).
    static func pids(withArgument argument: String) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry in
            guard let pid = Int32(entry), let command = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline"),
                command.split(separator: 0).contains(where: { String(decoding: $0, as: UTF8.self) == argument })
            else { return nil }
            return pid
        }
    }

    static func killAll(withArgument arguments: [String]) {
        for argument in arguments {
            for pid in pids(withArgument: argument) { kill(pid, SIGKILL) }
        }
    }
}
