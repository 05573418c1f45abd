import Foundation
import SpeakerRecognition
import SpidREPL
import SpidTestSupport
import Testing

/// Lines a session wrote, by stream.
final class CapturedOutput: REPLOutput, @unchecked Sendable {  // @unchecked: `entries` is only touched under `lock`.
    private let lock = NSLock()
    private var entries: [(REPLStream, String)] = []
    private var progressLines = 0

    func write(_ text: String, to stream: REPLStream) {
        lock.lock()
        entries.append((stream, text))
        lock.unlock()
    }

    func progress(_ line: String?) {
        lock.lock()
        if line != nil { progressLines += 1 }
        lock.unlock()
    }

    var stdout: String { text(of: .output) }
    var stderr: String { text(of: .error) }
    var progressCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return progressLines
    }

    func text(of stream: REPLStream) -> String {
        lock.lock()
        defer { lock.unlock() }
        return entries.filter { $0.0 == stream }.map { $0.1.hasSuffix("\n") ? $0.1 : $0.1 + "\n" }.joined()
    }

    func clear() {
        lock.lock()
        entries = []
        lock.unlock()
    }
}

/// A session on an in-memory embedded service that works fast (operations take ~50 ms).
struct SessionHarness {
    let session: REPLSession
    let output: CapturedOutput

    static func make(
        json: Bool = false, colors: Bool = false, progress: Bool = false, endpoint: String? = nil, key: String? = nil,
        directory: URL? = nil, history: [String] = [], environment: [String: String] = [:],
        transport: (@Sendable () -> any Transport)? = nil, scores: Bool = false
    ) async throws -> SessionHarness {
        let output = CapturedOutput()
        var configuration = REPLConfiguration(
            endpoint: endpoint, key: try key.map { try SubscriptionKey($0) }, localStorage: .memory,
            localProcessingDelay: .milliseconds(50),
            remotePolicy: PollingPolicy(
                initialDelay: .milliseconds(50), interval: .milliseconds(50), backoffMultiplier: 1, minimumDelay: .milliseconds(10)),
            localPolicy: PollingPolicy(
                initialDelay: .milliseconds(20), interval: .milliseconds(30), backoffMultiplier: 1, minimumDelay: .milliseconds(10)),
            makeTransport: transport ?? { URLSessionHTTPTransport() },
            style: TextStyle(colors: colors), json: json, showsProgress: progress,
            environment: ["SPID_SAMPLES": AudioFixtures.directory.path, "HOME": "/nonexistent"].merging(environment) { $1 },
            currentDirectory: directory ?? AudioFixtures.directory, previousHistory: history)
        configuration.localScores = scores
        _ = try AudioFixtures.path("awb-enroll.wav")
        let session = REPLSession(configuration: configuration, output: output)
        try await session.start()
        return SessionHarness(session: session, output: output)
    }

    /// Runs one line and returns what it printed (output, error), clearing earlier output.
    @discardableResult
    func run(_ line: String) async -> (result: REPLSession.LineResult, stdout: String, stderr: String) {
        output.clear()
        let result = await session.execute(line)
        return (result, output.stdout, output.stderr)
    }

    /// Runs lines that must all succeed (a failure is recorded at the caller); returns the output of the last.
    @discardableResult
    func succeed(_ lines: String..., sourceLocation: SourceLocation = #_sourceLocation) async -> String {
        var last = ""
        for line in lines {
            let (result, stdout, stderr) = await run(line)
            if result != .ok { Issue.record("`\(line)` failed: \(stderr)", sourceLocation: sourceLocation) }
            last = stdout
        }
        return last
    }

    /// Runs a line that must fail; returns its error output.
    func fail(_ line: String, sourceLocation: SourceLocation = #_sourceLocation) async -> String {
        let (result, _, stderr) = await run(line)
        if case .failed = result {} else { Issue.record("`\(line)` did not fail", sourceLocation: sourceLocation) }
        return stderr
    }

    func shutdown() async { await session.shutdown() }
}
