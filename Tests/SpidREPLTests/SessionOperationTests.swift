import Foundation
import SpeakerRecognition
import SpidTestSupport
import Testing

@testable import SpidREPL

@Suite("Session: loading, showing, polling, tokens")
struct SessionOperationTests {
    static let fixtures = AudioFixtures.packageRoot.appendingPathComponent("Tests/SpeakerRecognitionTests/Fixtures")

    @Test func loadsTheDocsExamplesLeniently() async throws {
        let repl = try await SessionHarness.make(directory: Self.fixtures)
        defer { Task { await repl.shutdown() } }
        let loaded = await repl.succeed("load seed-case5.2.1-identified.json")
        #expect(loaded.hasPrefix("op1 identification succeeded: identified 111f427c-3791-468f-b709-fcef7660fff9, confidence Normal"))
        let tree = await repl.succeed("show processingResult")
        #expect(tree.contains(#"identifiedProfileId: "111f427c-3791-468f-b709-fcef7660fff9""#) && tree.contains("string"))
        #expect(await repl.succeed("show op1 processingResult.confidence --json") == "\"Normal\"\n")
        await repl.succeed("load seed-case4-failed.json", "load seed-case1-notstarted.json")
        let ops = await repl.succeed("ops")
        #expect(ops.contains("op2   -") || ops.contains("op2"))
        #expect(ops.contains("failed") && ops.contains("notstarted"))
        #expect(await repl.fail("poll op3").contains("loaded from a file"))
        #expect(await repl.fail("load nosuch.json").contains("no such file: nosuch.json"))
        // A pasted HTTP response (status line and headers first) loads too.
        #expect(await repl.succeed("load seed-case3-running.http").hasPrefix("op4 running"))
        let garbage = FileManager.default.temporaryDirectory.appendingPathComponent("spid-garbage-\(UUID().uuidString).json")
        try Data("not json at all".utf8).write(to: garbage)
        defer { try? FileManager.default.removeItem(at: garbage) }
        #expect(await repl.fail("load \(garbage.path)").contains("is not an operation document"))
    }

    @Test func loadsByIdAndURLAndPolls() async throws {
        let repl = try await SessionHarness.make()
        defer { Task { await repl.shutdown() } }
        await repl.succeed("a = profile create", "enroll $a awb-enroll.wav", "watch")
        let token = await repl.succeed("token")
        #expect(token.hasPrefix("spid-resume:") && !token.contains("key"))
        let json = await repl.succeed("ops --json")
        let tree = try JSONParser().parse(json)
        let id = try #require(tree[0]?["operationId"]?.stringValue)
        // A second session on the same service is what `load` is for; here: by id and by URL.
        #expect(await repl.succeed("load \(id)").hasPrefix("op1 enrollment succeeded"))
        #expect(await repl.succeed("load http://localhost/spid/v1.0/operations/\(id)").hasPrefix("op1"))
        #expect(await repl.succeed("poll op1").hasPrefix("op1 enrollment succeeded: Enrolled"))
        let missing = await repl.fail("load 00000000-0000-4000-8000-00000000000f")
        #expect(missing.contains("loading the operation: the operation was not found"))
        #expect(await repl.fail("show op9").contains("no operation \"op9\" (recent: op1)"))
    }

    @Test func resumeTokensWorkAcrossSessions() async throws {
        let repl = try await SessionHarness.make()
        defer { Task { await repl.shutdown() } }
        await repl.succeed("a = profile create", "enroll $a awb-enroll.wav")
        #expect(await repl.succeed("t = token").hasPrefix("spid-resume:"))
        #expect(await repl.succeed("resume $t").hasPrefix("op1 resumed"))
        let watched = await repl.succeed("watch")
        #expect(watched.contains("Enrolled"))
        #expect(await repl.fail("resume nonsense").contains("not a resume token"))
        let other = ResumeToken(
            location: OperationLocation(string: "https://elsewhere.example/spid/v1.0/operations/x")!, kind: nil, lastStatus: nil)
        #expect(await repl.succeed("resume \(other)").contains("resumed"))  // the embedded service accepts any host
    }

    @Test func jsonOutputIsOneDocumentPerResult() async throws {
        let repl = try await SessionHarness.make(json: true)
        defer { Task { await repl.shutdown() } }
        let created = await repl.succeed("a = profile create")
        let document = try JSONParser().parse(created)
        #expect(document["identificationProfileId"]?.stringValue != nil)
        let enrolled = try JSONParser().parse(await repl.succeed("enroll $a awb-enroll.wav"))
        #expect(enrolled["name"]?.stringValue == "op1" && enrolled["kind"]?.stringValue == "enrollment")
        let watched = try JSONParser().parse(await repl.succeed("watch"))
        #expect(watched[0]?["status"]?.stringValue == "succeeded")
        #expect(try JSONParser().parse(await repl.succeed("profile list"))[0]?["enrollmentStatus"]?.stringValue == "Enrolled")
        #expect(try JSONParser().parse(await repl.succeed("show status")) == .string("succeeded"))
    }

    @Test func bindingsAndVariables() async throws {
        let repl = try await SessionHarness.make()
        defer { Task { await repl.shutdown() } }
        await repl.succeed("greeting = echo hello world", "team = profile list")
        #expect(await repl.succeed("echo $greeting!") == "hello world!\n")
        let vars = await repl.succeed("vars")
        #expect(vars.contains("greeting") && vars.contains("\"hello world\"") && vars.contains("0 profiles"))
        await repl.succeed("unset greeting")
        #expect(await repl.fail("echo $greeting").contains("$greeting is not bound"))
        #expect(await repl.fail("x = ops").contains("`ops` gives no value to bind to x"))
        #expect(await repl.fail("2x = echo").contains("cannot be bound"))
        #expect(await repl.fail("x =").contains("nothing to bind"))
        #expect(await repl.succeed("echo $SPID_SAMPLES") == AudioFixtures.directory.path + "\n")
    }

    @Test func watchWithoutOperationsAndTimeouts() async throws {
        let repl = try await SessionHarness.make()
        defer { Task { await repl.shutdown() } }
        #expect(await repl.fail("watch").contains("no operation yet"))
        #expect(await repl.succeed("watch all").contains("nothing to watch"))
        await repl.succeed("a = profile create", "enroll $a awb-enroll.wav")
        let timedOut = await repl.fail("watch --timeout 1ms")
        #expect(timedOut.contains("watch timed out after 1ms; still going: op1"))
        await repl.succeed("watch")
    }

    @Test func watchCanBeCancelledAndShowsProgress() async throws {
        let repl = try await SessionHarness.make(progress: true)
        defer { Task { await repl.shutdown() } }
        await repl.succeed("a = profile create", "enroll $a awb-enroll.wav", "sleep 2s")
        await repl.succeed("enroll $a slt-enroll.wav")
        let before = repl.output.progressCount
        let task = Task { await repl.session.execute("watch") }
        // Cancel once the watch is showing progress: earlier, the line itself stops ("interrupted").
        for _ in 0..<500 where repl.output.progressCount == before { try await Task.sleep(for: .milliseconds(10)) }
        task.cancel()
        let result = await task.value
        if case .failed(let error) = result {
            #expect(error.message.contains("watch stopped; the operations go on"))
        } else {
            Issue.record("watch was not stopped: \(result)")
        }
        #expect(await repl.succeed("watch").contains("succeeded"))
        #expect(await repl.succeed("help").contains("Commands"))
    }
}
