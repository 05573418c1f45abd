import Foundation
import SpeakerRecognition
import SpidCodeSamples
import SpidTestSupport
import Testing

/// Every language's samples, written by `SpidCodeSamples`, built and run against a real
/// `spid-server`: a profile created, a WAV with a quote and a space in its name enrolled, an
/// identification started, an operation's status read, the phrases listed, the profile deleted.
/// What each step did is checked through this package's client, not only in the sample's output.
@Suite(.serialized, .timeLimit(.minutes(10))) struct CodeSampleRunTests {
    /// A file name that breaks any sample that does not quote it.
    static let audioFile = "enroll audio's \"take\" $1.wav"

    @Test(arguments: SampleLanguage.allCases)
    func flowRunsAgainstTheServer(_ language: SampleLanguage) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "spid-samples-\(language.rawValue)-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try await ServerProcess.started(["--processing-delay", "0.05"])
        defer { _ = server.stop() }
        let runner = SampleRunner(language: language, folder: folder, key: server.key)
        guard try runner.available() else { return }
        let endpoint = try ServiceEndpoint(server.apiBase)
        let client = SpeakerRecognitionClient(endpoint: endpoint, key: try SubscriptionKey(server.key))
        func sample(_ call: APICall) -> CodeSample {
            CodeSample(SampleRequest(call, endpoint: endpoint, audioFile: Self.audioFile), in: language)
        }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try AudioFixtures.data("awb-enroll.wav").write(to: folder.appendingPathComponent(Self.audioFile))

        // Create: the new profile's id is in the output, and the service has it.
        let created = try await runner.run(sample(.createProfile(.identification, locale: "en-us")))
        let id = try #require(Self.guids(in: created).last.flatMap(ProfileID.init), "no profile id in:\n\(created)")
        #expect(try await client.identificationProfile(id).locale == "en-us")

        // Enroll the oddly named WAV with shortAudio: the service applies it.
        let enrolled = try await runner.run(sample(.enroll(.identification, id: id.description, shortAudio: true)))
        if language == .repl {
            #expect(enrolled.contains("succeeded"), "\(enrolled)")
        } else {
            #expect(enrolled.contains("Operation-Location: \(server.apiBase)/operations/"), "\(enrolled)")
        }
        #expect(try await Self.waitForEnrollment(of: id, client), "the enrollment was not applied:\n\(enrolled)")

        // Identify among that profile: 202 and where to watch (the REPL watches it to its end).
        let identified = try await runner.run(sample(.identify(candidates: [id.description], shortAudio: true)))
        if language == .repl {
            #expect(identified.contains("succeeded"), "\(identified)")
        } else {
            let location = try #require(
                Self.operationLocation(in: identified, base: server.apiBase), "no Operation-Location in:\n\(identified)")
            guard case .identification(let result) = try await client.waitForCompletion(at: location) else {
                Issue.record("the identification did not end as one")
                return
            }
            #expect(result.identifiedProfileId == id)
        }

        // An operation's status, by id.
        let operation = try await client.identify(try AudioFixtures.data("awb-test1.wav"), among: [id], shortAudio: true)
        _ = try await client.waitForCompletion(at: operation)
        let status = try await runner.run(sample(.operationStatus(id: try #require(operation.operationId).description)))
        #expect(status.contains("succeeded"), "\(status)")
        if language != .repl { #expect(status.contains(id.description), "the identified profile is in:\n\(status)") }

        // The phrases of a locale.
        let phrases = try await runner.run(sample(.verificationPhrases(locale: "en-us")))
        #expect(phrases.contains("i am going to make him an offer he cannot refuse"), "\(phrases)")

        // Delete: the profile is gone.
        _ = try await runner.run(sample(.deleteProfile(.identification, id: id.description)))
        await #expect(throws: SpidError.self) { try await client.identificationProfile(id) }

        // A wrong key: the service's 401 reaches the reader.
        try await runner.build(sample(.profiles(.identification)))
        let wrong = try await runner.execute(environment: ["SPID_KEY": "wrong-key"])
        #expect(!wrong.timedOut)
        #expect((wrong.stdout + wrong.stderr).contains("401"), "\(wrong.stdout)\n\(wrong.stderr)")
    }

    @Test func everySwiftSampleCompiles() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("spid-swift-samples-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: folder) }
        let runner = SampleRunner(language: .swift, folder: folder, key: "unused")
        guard try runner.available() else { return }
        let endpoint = try ServiceEndpoint("http://127.0.0.1:9")
        // Each of the 16, built as is; run against a closed port, each fails cleanly with the
        // network's error, not a crash.
        for call in SampleCalls.every {
            try await runner.build(CodeSample(SampleRequest(call, endpoint: endpoint), in: .swift))
            let ran = try await runner.execute()
            #expect(ran.status == 1 && ran.stdout.hasPrefix("error: "), "\(call.template): \(ran.stdout) \(ran.stderr)")
            #expect(!ran.stderr.contains("Fatal error"), "\(call.template): \(ran.stderr)")
        }
    }

    static func guids(in text: String) -> [String] {
        text.matches(of: /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/).map { String($0.output) }
    }

    static func operationLocation(in text: String, base: String) -> OperationLocation? {
        guard let line = text.split(whereSeparator: \.isNewline).first(where: { $0.hasPrefix("Operation-Location: ") }) else { return nil }
        return OperationLocation(string: line.dropFirst("Operation-Location: ".count).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Polls the profile until its enrollment shows, for at most 30 s.
    static func waitForEnrollment(of id: ProfileID, _ client: SpeakerRecognitionClient) async throws -> Bool {
        for _ in 0..<300 {
            if try await client.identificationProfile(id).enrollmentSpeechTime > 0 { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }
}
