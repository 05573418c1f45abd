import Foundation

/// Runs a built executable to its end with input, environment and a time limit, for end-to-end tests.
public enum ChildProcess {
    /// What a run produced.
    public struct Outcome: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        /// True when it ran past the time limit and was killed.
        public var timedOut: Bool
    }

    /// The executable `name` built next to the test bundle.
    public static func builtProduct(_ name: String) -> URL {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        if folder.lastPathComponent == "MacOS" {  // inside an .xctest bundle on macOS
            folder = folder.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        }
        return folder.appendingPathComponent(name)
    }

    /// ``run(_:_:environment:input:currentDirectory:timeout:)`` on a thread of its own: waiting
    /// for the child never holds one of Swift concurrency's few threads, which in-process servers
    /// the child talks to may need.
    public static func running(
        _ executable: URL, _ arguments: [String], environment: [String: String?] = [:], input: Data = Data(),
        currentDirectory: URL? = nil, timeout: Double = 120
    ) async throws -> Outcome {
        try await offPool {
            try run(executable, arguments, environment: environment, input: input, currentDirectory: currentDirectory, timeout: timeout)
        }
    }

    /// Runs `executable` with `arguments`; `environment` adds to (or, with `nil` values, removes
    /// from) this process's environment. Killed past `timeout` seconds.
    public static func run(
        _ executable: URL, _ arguments: [String], environment: [String: String?] = [:], input: Data = Data(),
        currentDirectory: URL? = nil, timeout: Double = 120
    ) throws -> Outcome {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment
        // spid-repl's embedded service on the classical engine unless a test asks otherwise: the
        // d-vector engine is too slow in a debug build.
        merged["SPID_ENGINE"] = merged["SPID_ENGINE"] ?? "classical"
        for (name, value) in environment { merged[name] = value }
        process.environment = merged
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("spid-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let inputFile = folder.appendingPathComponent("stdin"), outFile = folder.appendingPathComponent("stdout")
        let errFile = folder.appendingPathComponent("stderr")
        try input.write(to: inputFile)
        try Data().write(to: outFile)
        try Data().write(to: errFile)
        process.standardInput = try FileHandle(forReadingFrom: inputFile)
        process.standardOutput = try FileHandle(forWritingTo: outFile)
        process.standardError = try FileHandle(forWritingTo: errFile)
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        var timedOut = false
        while process.isRunning {
            if Date() > deadline {
                timedOut = true
                kill(process.processIdentifier, SIGKILL)
                break
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus,
            stdout: (try? String(contentsOf: outFile, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: errFile, encoding: .utf8)) ?? "",
            timedOut: timedOut)
    }
}
