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
        let first = try ServerHarness(arguments)
        let enrolled = try await first.client.createIdentificationProfile()
        let done = try await first.client.enroll(try AudioFixtures.data("awb-test1.wav"), identificationProfile: enrolled, shortAudio: true)
        let finished = try await first.waitForOperation(done)
        let verification = try await first.client.createVerificationProfile()
        _ = try await first.client.enroll(try AudioFixtures.data("awb-phrase1-take1.wav"), verificationProfile: verification)
        let before = try await first.client.identificationProfiles()
        #expect(first.server.stop() == 0, "SIGTERM should end the server cleanly")

        // A slow server, stopped while its operation waits: the operation must survive and resume.
        let slow = try ServerHarness(arguments.dropLast(2) + ["--processing-delay", "30"])
        let pending = try await slow.client.enroll(
            try AudioFixtures.data("slt-test1.wav"), identificationProfile: enrolled, shortAudio: true)
        #expect(try await slow.client.operationStatus(at: pending).status == .notStarted)
        #expect(slow.server.stop() == 0)

        let second = try ServerHarness(arguments)
        #expect(try await second.client.identificationProfiles() == before)
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

    @Test func badFlagsAreRefused() throws {
        let running = try ServerProcess.start()
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
            (
                ["--key", "k", "--port", "0", "--engine", "dvector", "--model", "/nonexistent/spid-model"],
                "no d-vector weights in /nonexistent/spid-model; run scripts/fetch-model"
            ),
            (["--key", "k", "--port", "0", "--engine", "auto", "--model", damaged.path], "(or pick --engine classical)"),
        ]
        for (arguments, message) in cases {
            let process = Process()
            process.executableURL = ServerProcess.binary
            process.arguments = arguments
            let errors = Pipe()
            process.standardError = errors
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            #expect(process.terminationStatus != 0, "\(arguments)")
            #expect(text.contains("Error: ") && text.contains(message), "\(arguments): \(text)")
        }
    }
}
