import Foundation
import SpeakerRecognition
import SpidTestSupport
import Testing

/// `--data` keeps everything across a restart, operations in flight included; SIGTERM is graceful.
@Suite(.timeLimit(.minutes(5))) struct ServerRestartTests {
    @Test func aRestartLosesNothing() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("spid-data-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let arguments = ["--data", folder.path, "--processing-delay", "0.05"]
        let first = try await ServerHarness(arguments)
        let enrolled = try await first.client.createIdentificationProfile()
        let done = try await first.client.enroll(try AudioFixtures.data("awb-test1.wav"), identificationProfile: enrolled, shortAudio: true)
        let finished = try await first.waitForOperation(done)
        let verification = try await first.client.createVerificationProfile()
        _ = try await first.client.enroll(try AudioFixtures.data("awb-phrase1-take1.wav"), verificationProfile: verification)
        let before = try await first.client.identificationProfiles()
        #expect(await first.server.stopped() == 0, "SIGTERM should end the server cleanly")

        // A slow server, stopped while its operation waits: the operation must survive and resume.
        let slow = try await ServerHarness(arguments.dropLast(2) + ["--processing-delay", "30"])
        let pending = try await slow.client.enroll(
            try AudioFixtures.data("slt-test1.wav"), identificationProfile: enrolled, shortAudio: true)
        #expect(try await slow.client.operationStatus(at: pending).status == .notStarted)
        #expect(await slow.server.stopped() == 0)

        let second = try await ServerHarness(arguments)
        // The pending enrollment resumes at once and may already have grown its profile: compare
        // what it cannot change.
        let after = try await second.client.identificationProfiles()
        #expect(after.map(\.identificationProfileId) == before.map(\.identificationProfileId))
        #expect(after.map(\.createdDateTime) == before.map(\.createdDateTime))
        #expect(zip(after, before).allSatisfy { $0.enrollmentSpeechTime >= $1.enrollmentSpeechTime })
        let verificationAfter = try await second.client.verificationProfile(verification)
        #expect(verificationAfter.enrollmentsCount == 1)
        let again = try await second.client.operationStatus(id: try #require(done.operationId))
        #expect(again.raw == finished.raw, "a finished operation reads the same after a restart")
        let resumedLocation = try #require(pending.operationId).description
        let resumed = try await second.waitForOperation(try second.client.location(parsing: resumedLocation))
        #expect(resumed.status == .succeeded, "\(resumed.raw.jsonText())")
        let grown = try await second.client.identificationProfile(enrolled)
        #expect(grown.enrollmentSpeechTime > (before.first?.enrollmentSpeechTime ?? 0))
    }

    @Test func badFlagsAreRefused() async throws {
        let running = try await ServerProcess.started()
        defer { running.stop() }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("spid-not-a-folder-\(UUID().uuidString)")
        try Data("x".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        // Weights present but broken: auto must say so, not fall back quietly.
        let damaged = FileManager.default.temporaryDirectory.appendingPathComponent("spid-damaged-model-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: damaged, withIntermediateDirectories: true)
        try Data(count: 8).write(to: damaged.appendingPathComponent("weights.f32"))
        defer { try? FileManager.default.removeItem(at: damaged) }
        let cases: [([String], String)] = [
            (["--port", "70000"], "--port must be 0 to 65535"), (["--fail-rate", "2"], "--fail-rate is a fraction"),
            (["--key", ""], "no subscription key"), (["--key", "k", "--log-level", "loud"], "--log-level must be one of"),
            (["--key", "k", "--port", "\(running.port)"], "is already in use"),
            (["--key", "k", "--port", "0", "--data", file.path], "it is a file, not a folder"),
            (["--key", "k", "--port", "0", "--engine", "neural"], "--engine"),
            (["--key", "k", "--port", "0", "--analysis-nice", "20"], "--analysis-nice must be 0 to 19"),
            (
                ["--key", "k", "--port", "0", "--engine", "dvector", "--model", "/nonexistent/spid-model"],
                "no d-vector weights in /nonexistent/spid-model; run scripts/fetch-model"
            ),
            (["--key", "k", "--port", "0", "--engine", "auto", "--model", damaged.path], "(or pick --engine classical)"),
        ]
        for (arguments, message) in cases {
            let outcome = try await ChildProcess.running(ServerProcess.binary, arguments, timeout: 60)
            #expect(!outcome.timedOut && outcome.status != 0, "\(arguments)")
            #expect(outcome.stderr.contains("Error: ") && outcome.stderr.contains(message), "\(arguments): \(outcome.stderr)")
        }
    }
}
