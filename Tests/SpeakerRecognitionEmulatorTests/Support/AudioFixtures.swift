import Foundation
import Testing

/// The generated audio fixtures (`scripts/fixtures/make-audio`), made on first use when missing.
enum AudioFixtures {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let directory: URL = {
        if let custom = ProcessInfo.processInfo.environment["SPID_AUDIO_FIXTURES"] {
            return URL(fileURLWithPath: custom)
        }
        return packageRoot.appendingPathComponent(".build/fixtures/audio")
    }()

    private static let made: String? = {
        let script = packageRoot.appendingPathComponent("scripts/fixtures/make-audio")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [script.path, directory.path]
        do {
            try process.run()
            process.waitUntilExit()
        } catch {
            return "could not run \(script.path): \(error)"
        }
        return process.terminationStatus == 0
            ? nil : "scripts/fixtures/make-audio failed (exit \(process.terminationStatus)); run it by hand to see why"
    }()

    /// The bytes of fixture `name` (for example `awb-enroll.wav`).
    static func data(_ name: String) throws -> Data {
        if let problem = made { Issue.record(Comment(rawValue: problem)) }
        return try Data(contentsOf: directory.appendingPathComponent(name))
    }

    /// The voices the fixtures hold, each a distinct synthetic speaker.
    static let voices = ["awb", "slt", "rms", "kal", "f3"]
}
