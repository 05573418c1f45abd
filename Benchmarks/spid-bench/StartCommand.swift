import ArgumentParser
import Foundation
import SpeakerRecognition
import SpeakerRecognitionAsyncHTTPClient

/// Starts enrollments and prints each `Operation-Location` the moment its 202 arrives, so that
/// every client under test watches the same operations from their start, in a process of its own.
struct StartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start", abstract: "Start N enrollments on a spid-server; print each operation's URL as it is accepted.")

    @Option(help: "The server, e.g. http://127.0.0.1:8080.") var endpoint: String
    @Option(help: "A file holding the subscription key.") var keyFile: String
    @Option(help: "How many operations to start.") var operations = 1000
    @Option(help: "A short WAV to enroll (16 kHz mono 16-bit, at least 1 s).") var audio: String
    @Option(help: "Enrollments posted at once.") var concurrency = 32

    func run() async throws {
        let key = try SubscriptionKey(String(contentsOfFile: keyFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines))
        let transport = AsyncHTTPClientTransport(configuration: .init(maximumConnectionsPerHost: concurrency))
        let client = SpeakerRecognitionClient(endpoint: try ServiceEndpoint(endpoint), key: key, transport: transport)
        let wav = try Data(contentsOf: URL(fileURLWithPath: audio))
        let profile = try await client.createIdentificationProfile()
        try await withThrowingTaskGroup(of: OperationLocation.self) { group in
            var started = 0
            func add() {
                group.addTask { try await client.enroll(wav, identificationProfile: profile, shortAudio: true) }
                started += 1
            }
            for _ in 0..<min(concurrency, operations) { add() }
            while let location = try await group.next() {
                FileHandle.standardOutput.write(Data((location.url.absoluteString + "\n").utf8))
                if started < operations { add() }
            }
        }
        try await transport.shutdown()
    }
}
