import Foundation
import SpeakerRecognition
import SpidTestSupport
import Testing

@testable import SpidREPL

@Suite("Completion candidates")
struct CompletionTests {
    @Test func commandsSubcommandsAndFlags() async throws {
        let repl = try await SessionHarness.make()
        defer { Task { await repl.shutdown() } }
        #expect(await repl.session.completions(for: "wa").texts == ["watch"])
        #expect(await repl.session.completions(for: "h").texts == ["handlers", "help", "history"])
        #expect(await repl.session.completions(for: "profile ").texts == ["create", "delete", "list", "reset", "show"])
        #expect(await repl.session.completions(for: "profile cr").texts == ["create"])
        #expect(await repl.session.completions(for: "profile create ").texts == ["en-us", "zh-cn"])
        #expect(await repl.session.completions(for: "enroll x y --sh").texts == ["--short-audio"])
        #expect(await repl.session.completions(for: "watch --").texts == ["--json", "--timeout"])
        #expect(await repl.session.completions(for: "on ").texts == CommandCatalog.events.sorted())
        #expect(await repl.session.completions(for: "on done all do wa").texts == ["watch"])
        #expect(await repl.session.completions(for: "set ").texts == CommandCatalog.settings.sorted())
        #expect(await repl.session.completions(for: "set errexit o").texts == ["off", "on"])
        #expect(await repl.session.completions(for: "help pro").texts == ["profile"])
        #expect(await repl.session.completions(for: "ops; sh").texts == ["show"])
    }

    @Test func boundNamesOperationsAndProfiles() async throws {
        let repl = try await SessionHarness.make()
        defer { Task { await repl.shutdown() } }
        await repl.succeed("alice = profile create", "alpha = echo x", "enroll $alice awb-enroll.wav")
        #expect(await repl.session.completions(for: "echo $al").texts == ["$alice", "$alpha"])
        #expect(await repl.session.completions(for: "watch ").texts == ["all", "op1"])
        #expect(await repl.session.completions(for: "x = poll o").texts == ["op1"])
        let json = await repl.succeed("ops --json")
        let operationId = try #require(try JSONParser().parse(json)[0]?["operationId"]?.stringValue)
        #expect(await repl.session.completions(for: "poll \(operationId.prefix(4))").texts == [operationId])
        let profiles = await repl.session.completions(for: "enroll ").texts
        #expect(profiles.contains("$alice") && profiles.count == 2)
    }

    @Test func filePaths() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("spid-complete-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("voices"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["alice.wav", "alan.wav", ".hidden.wav", "voices/bob.wav"] {
            try Data().write(to: folder.appendingPathComponent(name))
        }
        let repl = try await SessionHarness.make(directory: folder)
        defer { Task { await repl.shutdown() } }
        #expect(await repl.session.completions(for: "enroll $x al").texts == ["alan.wav", "alice.wav"])
        let folderCompletion = await repl.session.completions(for: "enroll $x vo")
        #expect(folderCompletion.candidates == [.init("voices/", display: "voices/", isComplete: false)])
        #expect(await repl.session.completions(for: "enroll $x voices/").texts == ["voices/bob.wav"])
        #expect(await repl.session.completions(for: "identify ").texts.count == 3)
        #expect(await repl.session.completions(for: "load \(folder.path)/ali").texts == ["\(folder.path)/alice.wav"])
        #expect(await repl.session.completions(for: "run $SPID_SAMPLES/awb-en").texts == ["$SPID_SAMPLES/awb-enroll.wav"])
    }
}
