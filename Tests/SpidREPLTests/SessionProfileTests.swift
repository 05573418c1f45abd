import Foundation
import SpeakerRecognition
import SpidTestSupport
import Testing

@testable import SpidREPL

@Suite("Session: profiles, enrollment, identification, verification")
struct SessionProfileTests {
    @Test func identificationProfileLifecycle() async throws {
        let repl = try await SessionHarness.make()
        defer { Task { await repl.shutdown() } }
        let created = await repl.succeed("alice = profile create")
        #expect(created.hasPrefix("created identification profile "))
        let id = try #require(created.split(separator: " ").last.map { $0.trimmingCharacters(in: .newlines) })
        #expect(await repl.succeed("echo $alice") == "\(id)\n")
        let list = await repl.succeed("profile list")
        #expect(list.contains("PROFILE") && list.contains("\(id) (alice)") && list.contains("Enrolling"))
        let shown = await repl.succeed("profile show $alice")
        #expect(shown.contains("identificationProfileId: \"\(id)\"") && shown.contains("enrollmentStatus: \"Enrolling\""))
        #expect(await repl.succeed("profile reset $alice").contains("reset identification profile \(id)"))
        #expect(await repl.succeed("profile delete $alice") == "deleted identification profile \(id)\n")
        let gone = await repl.fail("profile show \(id)")
        #expect(gone == "error: reading the profile: the service answered 404 Not Found: NotFound: Requested profile doesn't exist.\n")
        #expect(await repl.succeed("profile create zh-cn").contains("created identification profile"))
        let locale = await repl.fail("profile create xx-yy")
        #expect(locale.contains("400 Bad Request: BadRequest: Locale 'xx-yy' is not supported"))
    }

    @Test func enrollWatchIdentifyAndExpect() async throws {
        let repl = try await SessionHarness.make()
        defer { Task { await repl.shutdown() } }
        await repl.succeed("alice = profile create", "bob = profile create")
        let accepted = await repl.succeed("enroll $alice $SPID_SAMPLES/awb-enroll.wav")
        #expect(accepted.hasPrefix("op1 enrollment accepted: "))
        await repl.succeed("enroll $bob slt-enroll.wav")  // relative to the current folder (the samples)
        let watched = await repl.succeed("watch all --timeout 2m")
        #expect(watched.contains("op1 enrollment succeeded: Enrolled") && watched.contains("op2 enrollment succeeded: Enrolled"))
        await repl.succeed("who = identify awb-test1.wav $alice $bob")
        let identified = await repl.succeed("watch --timeout 2m")
        #expect(identified.contains("op3 identification succeeded (") || identified.contains("op3 identification succeeded:"))
        #expect(identified.contains("identified alice ("))
        #expect(await repl.succeed("expect $who processingResult.identifiedProfileId $alice").hasPrefix("ok op3"))
        #expect(await repl.succeed("expect who status SUCCEEDED").hasPrefix("ok"))
        let mismatch = await repl.fail("expect $who processingResult.identifiedProfileId $bob")
        #expect(mismatch.contains("expected op3 processingResult.identifiedProfileId to be"))
        #expect(await repl.succeed("expect processingResult.confidence High").hasPrefix("ok op3"))
        #expect(await repl.succeed("expect op3 message null").hasPrefix("ok"))
    }

    @Test func scoresAreShownWhenTheServiceSendsThem() async throws {
        let repl = try await SessionHarness.make(scores: true)
        defer { Task { await repl.shutdown() } }
        await repl.succeed("alice = profile create", "bob = profile create")
        await repl.succeed("enroll $alice awb-enroll.wav", "enroll $bob slt-enroll.wav", "watch all --timeout 2m")
        await repl.succeed("who = identify awb-test1.wav $bob $alice")
        let identified = await repl.succeed("watch --timeout 2m")
        #expect(
            identified.range(
                of: #"identified alice \(.*\), confidence \w+, score [01]\.\d\d; ranking: alice [01]\.\d\d, bob [01]\.\d\d"#,
                options: .regularExpression) != nil, "\(identified)")
        #expect(await repl.succeed("expect $who processingResult.profilesRanking[0].profileId $alice").hasPrefix("ok"))
        await repl.succeed("v = vprofile create")
        for take in 1...3 { await repl.succeed("enroll $v kal-phrase1-take\(take).wav") }
        let verified = await repl.succeed("verify $v kal-phrase1-take4.wav")
        #expect(
            verified.range(of: #"^Accept \(confidence \w+, score [01]\.\d\d\), phrase"#, options: .regularExpression) != nil, "\(verified)")
    }

    @Test func verificationEnrollsAndVerifies() async throws {
        let repl = try await SessionHarness.make()
        defer { Task { await repl.shutdown() } }
        let phrases = await repl.succeed("phrases")
        #expect(phrases.contains("my voice is my passport verify me"))
        await repl.succeed("v = vprofile create")
        #expect(await repl.succeed("enroll $v kal-phrase1-take1.wav").hasPrefix("Enrolling: 1 enrollment, 2 to go"))
        await repl.succeed("enroll $v kal-phrase1-take2.wav")
        await repl.succeed("last = enroll $v kal-phrase1-take3.wav", "expect last enrollmentStatus Enrolled")
        let verified = await repl.succeed("check = verify $v kal-phrase1-take4.wav")
        #expect(verified.hasPrefix("Accept (confidence"))
        await repl.succeed("expect check result accept", "vprofile list")
        #expect(await repl.fail("enroll $v kal-phrase1-take1.wav --short-audio").contains("--short-audio is for identification profiles"))
    }

    @Test func audioMistakesGetOneClearLine() async throws {
        let repl = try await SessionHarness.make()
        defer { Task { await repl.shutdown() } }
        await repl.succeed("a = profile create")
        #expect(await repl.fail("enroll $a nosuch.wav") == "error: no such file: nosuch.wav\n")
        let notWave = await repl.fail("enroll $a not-wave.mp3")
        #expect(notWave.contains("400 Bad Request") && notWave.contains("Invalid Audio Format") && notWave.contains("sox IN"))
        #expect(await repl.fail("enroll $a short-3s.wav").contains("Audio too short"))
        #expect(await repl.fail("enroll $a /").contains("is a folder"))
        #expect(await repl.fail("enroll nobody x.wav").contains("\"nobody\" is not a profile id"))
        let unknown = await repl.fail("enroll 00000000-0000-4000-8000-000000000001 awb-enroll.wav")
        #expect(unknown.contains("there is no profile 00000000-0000-4000-8000-000000000001"))
        let tooMany = await repl.fail("identify awb-test1.wav " + String(repeating: "$a ", count: 11))
        #expect(tooMany.contains("identify takes at most 11 arguments") && tooMany.contains("usage: identify FILE PROFILE..."))
    }

    @Test func aFailedOperationIsOneLine() async throws {
        let repl = try await SessionHarness.make()
        defer { Task { await repl.shutdown() } }
        await repl.succeed("a = profile create", "enroll $a silence-6s.wav")
        let failed = await repl.fail("watch --timeout 1m")
        #expect(failed.hasSuffix("error: op1 failed: SpeechNotRecognized\n") || failed.contains("op1 failed:"))
        #expect(await repl.succeed("ops").contains("failed"))
    }
}
