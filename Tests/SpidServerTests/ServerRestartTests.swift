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
        let pending = try await slow.client.enroll(try AudioFixtures.data("slt-test1.wav"), identificationProfile: enrolled, shortAudio: true)
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
        for arguments in [["--port", "70000"], ["--fail-rate", "2"], ["--key", ""], ["--log-level", "loud"]] {
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
            #expect(text.contains("Error:"), "\(arguments): \(text)")
        }
    }
}
