import Foundation

/// The generated audio fixtures (`scripts/fixtures/make-audio`), made on first use when missing.
public enum AudioFixtures {
    /// The package's root folder.
    public static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static let directory: URL = {
        if let custom = ProcessInfo.processInfo.environment["SPID_AUDIO_FIXTURES"] {
            return URL(fileURLWithPath: custom)
        }
        return packageRoot.appendingPathComponent(".build/fixtures/audio")
    }()

    /// Runs the generator once per process (it returns at once when the fixtures are current).
    private static let generated: Result<Void, FixtureError> = {
        let script = packageRoot.appendingPathComponent("scripts/fixtures/make-audio")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [script.path, directory.path]
        do {
            try process.run()
            process.waitUntilExit()
        } catch {
            return .failure(FixtureError(message: "could not run \(script.path): \(error)"))
        }
        guard process.terminationStatus == 0 else {
            return .failure(
                FixtureError(
                    message: "scripts/fixtures/make-audio failed (exit \(process.terminationStatus)); run it by hand to see why"))
        }
        return .success(())
    }()

    /// The bytes of fixture `name` (for example `awb-enroll.wav`).
    public static func data(_ name: String) throws -> Data {
        try generated.get()
        return try Data(contentsOf: directory.appendingPathComponent(name))
    }

    /// The path of fixture `name`, made first when missing.
    public static func path(_ name: String) throws -> String {
        try generated.get()
        return directory.appendingPathComponent(name).path
    }

    /// The voices the fixtures hold, each a distinct synthetic speaker.
    public static let voices = ["awb", "slt", "rms", "kal", "f3"]
}

/// Why the fixtures are not there.
public struct FixtureError: Error, CustomStringConvertible {
    public let message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}
