import Foundation

/// A `spid-server` process on 127.0.0.1 and a port it picks, for end-to-end tests.
public final class ServerProcess: Sendable {
    public let port: Int
    public let key: String
    private let process: Process
    private let errorLog: URL

    /// `http://127.0.0.1:PORT/spid/v1.0`.
    public var apiBase: String { "http://127.0.0.1:\(port)/spid/v1.0" }

    /// The built `spid-server` next to the test bundle, or `SPID_SERVER_BINARY`.
    public static var binary: URL {
        if let custom = ProcessInfo.processInfo.environment["SPID_SERVER_BINARY"] { return URL(fileURLWithPath: custom) }
        return ChildProcess.builtProduct("spid-server")
    }

    /// `--postgres` on a schema of its own when `SPID_TEST_SERVER_POSTGRES_URL` is set (scripts/test
    /// runs the server suites once more that way) and `arguments` name no store.
    private static func postgresStore(_ arguments: [String]) -> [String] {
        guard let url = ProcessInfo.processInfo.environment["SPID_TEST_SERVER_POSTGRES_URL"],
            !arguments.contains("--data"), !arguments.contains("--postgres")
        else { return [] }
        let schema = "s_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        return ["--postgres", url + (url.contains("?") ? "&" : "?") + "schema=\(schema)"]
    }

    /// Starts the server with `arguments` (plus `--host 127.0.0.1 --port 0 --key KEY`, and
    /// `--engine classical` unless `arguments` name an engine) and waits,
    /// at most `timeout`, for its "listening on" line.
    public static func start(
        _ arguments: [String] = [], key: String = "test-key-\(UUID().uuidString.prefix(8))", timeout: Double = 30
    )
        throws -> ServerProcess
    {
        let process = Process()
        process.executableURL = binary
        // The classical engine unless a test names one: the d-vector engine is too slow in a debug build.
        let engine = arguments.contains("--engine") ? [] : ["--engine", "classical"]
        process.arguments =
            ["--host", "127.0.0.1", "--port", "0", "--key", key, "--log-level", "warning"] + engine + arguments + postgresStore(arguments)
        let output = Pipe()
        let errorLog = FileManager.default.temporaryDirectory.appendingPathComponent("spid-server-\(UUID().uuidString).log")
        guard FileManager.default.createFile(atPath: errorLog.path, contents: nil) else {
            throw FixtureError(message: "cannot create \(errorLog.path)")
        }
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: errorLog)
        process.standardInput = FileHandle.nullDevice
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw FixtureError(message: "spid-server is not built at \(binary.path); run swift build first")
        }
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        var text = ""
        while Date() < deadline, process.isRunning {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("listening on http://127.0.0.1:") }),
                let port = Int(line.split(separator: ":").last ?? "")
            {
                return ServerProcess(port: port, key: key, process: process, errorLog: errorLog)
            }
        }
        process.terminate()
        let log = (try? String(contentsOf: errorLog, encoding: .utf8)) ?? ""
        throw FixtureError(message: "spid-server did not report a port within \(timeout) s; stdout: \(text); stderr: \(log)")
    }

    /// ``start(_:key:timeout:)`` on a thread of its own, so waiting for the server's first line
    /// never holds one of Swift concurrency's few threads.
    public static func started(
        _ arguments: [String] = [], key: String = "test-key-\(UUID().uuidString.prefix(8))", timeout: Double = 30
    ) async throws -> ServerProcess {
        try await offPool { try start(arguments, key: key, timeout: timeout) }
    }

    /// ``stop(signal:timeout:)`` on a thread of its own.
    @discardableResult
    public func stopped(signal: Int32 = SIGTERM, timeout: Double = 20) async -> Int32? {
        (try? await offPool { [self] in stop(signal: signal, timeout: timeout) }) ?? nil
    }

    private init(port: Int, key: String, process: Process, errorLog: URL) {
        self.port = port
        self.key = key
        self.process = process
        self.errorLog = errorLog
    }

    deinit { if process.isRunning { process.terminate() } }

    /// The server's process id, to read its memory from `/proc`.
    public var processIdentifier: Int32 { process.processIdentifier }

    /// The server's peak resident memory so far (`VmHWM`), in bytes; 0 when unknown.
    public var peakResidentBytes: Int {
        guard let status = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "")
        else { return 0 }
        return kilobytes * 1024
    }

    /// Sends SIGTERM (or `signal`) and waits, at most `timeout`, for the exit; returns the status.
    @discardableResult
    public func stop(signal: Int32 = SIGTERM, timeout: Double = 20) -> Int32? {
        guard process.isRunning else { return process.terminationStatus }
        kill(process.processIdentifier, signal)
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            return nil
        }
        return process.terminationStatus
    }

    /// What the server wrote to standard error so far.
    public var log: String { (try? String(contentsOf: errorLog, encoding: .utf8)) ?? "" }
}
