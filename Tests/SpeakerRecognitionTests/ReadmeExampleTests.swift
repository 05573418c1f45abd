import Foundation
import SpeakerRecognition
import Testing

/// The README's embedding example, compiled here; the test checks the README still says exactly this.
func readmeExample() async throws {
    // README-BEGIN
    let client = SpeakerRecognitionClient(
        endpoint: try ServiceEndpoint("westus"),  // or https://NAME.cognitiveservices.azure.com, http://127.0.0.1:PORT
        key: try SubscriptionKey(ProcessInfo.processInfo.environment["SPID_KEY"] ?? ""))
    let alice = try await client.createIdentificationProfile(locale: "en-us")
    let audio = try Data(contentsOf: URL(fileURLWithPath: "alice.wav"))  // WAV, PCM, 16 kHz, 16-bit, mono
    let location = try await client.enroll(audio, identificationProfile: alice, shortAudio: true)
    // Polls as the service asks (Retry-After), retries 429 and 5xx, throws if the operation failed.
    if case .enrollment(let enrollment) = try await client.waitForCompletion(at: location) {
        print(enrollment.enrollmentStatus, enrollment.remainingEnrollmentSpeechTime)
    }
    // README-END
}

@Suite("README")
struct ReadmeExampleTests {
    @Test("the README's example is the code compiled here")
    func exampleMatches() throws {
        let testFile = URL(fileURLWithPath: #filePath)
        let root = testFile.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let source = try String(contentsOf: testFile, encoding: .utf8)

        let compiled = source.components(separatedBy: "// README-BEGIN\n")[1].components(separatedBy: "    // README-END")[0]
            .split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasPrefix("    ") ? String($0.dropFirst(4)) : String($0) }
            .joined(separator: "\n")
        let fence = try #require(readme.range(of: "```swift\nimport Foundation\nimport SpeakerRecognition\n\n"))
        let end = try #require(readme.range(of: "```", range: fence.upperBound..<readme.endIndex))
        #expect(String(readme[fence.upperBound..<end.lowerBound]) == compiled)
        #expect(compiled.split(separator: "\n").count <= 12)
    }
}
