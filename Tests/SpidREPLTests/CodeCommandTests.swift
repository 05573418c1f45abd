import Foundation
import SpeakerRecognition
import SpidTestSupport
import Testing

@testable import SpidREPL

@Suite("code and show --as: requests written as code")
struct CodeCommandTests {
    @Test func languagesAreListed() async throws {
        let repl = try await SessionHarness.make()
        defer { Task { await repl.shutdown() } }
        let listed = await repl.succeed("code")
        for name in ["curl", "csharp", "java", "javascript", "objc", "php", "python", "ruby", "swift", "repl"] {
            #expect(listed.contains(name), "\(name)")
        }
        let unknown = await repl.fail("code pyton")
        #expect(unknown.contains("no code in \"pyton\" (did you mean python?)"))
    }

    @Test func commandsBecomeTheirRequestsAndNothingIsSent() async throws {
        let repl = try await SessionHarness.make()
        defer { Task { await repl.shutdown() } }
        await repl.succeed("alice = profile create")
        let id = await repl.succeed("echo $alice").trimmingCharacters(in: .newlines)
        let curl = await repl.succeed("code curl enroll $alice 'my voice.wav' --short-audio")
        #expect(curl.contains("the embedded service has no URL"))
        #expect(curl.contains("curl -sS -i -X POST 'http://127.0.0.1:8080/spid/v1.0/identificationProfiles/\(id)/enroll?shortAudio=true'"))
        #expect(curl.contains("--data-binary @'my voice.wav'"))
        #expect(await repl.succeed("ops").contains("no operations"), "code sent nothing")
        let python = await repl.succeed("code py identify a.wav $alice")
        #expect(python.contains("/identify?identificationProfileIds=\(id)&shortAudio=false"))
        let ruby = await repl.succeed("code ruby profile create zh-cn")
        #expect(ruby.contains(#"request.body = '{"locale":"zh-cn"}'"#))
        let swift = await repl.succeed("code swift phrases")
        #expect(swift.contains(#"client.verificationPhrases(locale: "en-us")"#))
        let repl2 = await repl.succeed("code repl vprofile list")
        #expect(repl2.contains("-c 'vprofile list'"))
        #expect(await repl.fail("code curl echo hello").contains("`echo` is none of them"))
        #expect(await repl.fail("code curl enroll $alice").contains("code enroll takes a profile and a WAV file"))
        #expect(await repl.fail("code curl profile show nobody").contains("is not a profile id"))
    }

    @Test func anOperationsStatusRequest() async throws {
        let repl = try await SessionHarness.make()
        defer { Task { await repl.shutdown() } }
        await repl.succeed("alice = profile create", "enroll $alice awb-enroll.wav --short-audio")
        let shown = await repl.succeed("show op1 --as curl")
        let viaCode = await repl.succeed("code curl op1")
        #expect(shown == viaCode)
        #expect(shown.contains("curl -sS -i -X GET http://127.0.0.1:8080/spid/v1.0/operations/"))
        let current = await repl.succeed("code java")
        #expect(current.contains(#"RequestBuilder.create("GET")"#))
        let json = await repl.succeed("show --as swift --json")
        #expect(json.contains(#""code": "// GET /operations/{operationId}"#) && json.contains(#""language": "swift""#), "\(json)")
        #expect(await repl.fail("show op1 --as cobol").contains("no code in \"cobol\""))
        #expect(await repl.fail("code curl op9").contains("op9"))
    }
}
