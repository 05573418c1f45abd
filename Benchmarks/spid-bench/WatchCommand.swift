import ArgumentParser
import Foundation
import SpeakerRecognition

/// Watches the operations whose URLs arrive on standard input until each ends, with spid's
/// OperationMonitor or with a bare loop (the floor), and prints what that cost this process.
///
/// It writes `ready` to standard error once set up; CPU, wall time and memory count from then.
struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch", abstract: "Watch operations read from stdin until each ends; print the client's cost as JSON.")

    enum Client: String, ExpressibleByArgument, CaseIterable { case monitor, loop }

    @Option(help: "monitor (spid's OperationMonitor) or loop (GET, decode, sleep: no framework).") var client: Client = .monitor
    @Option(help: "urlsession or asynchttpclient.") var transport: BenchTransport = .asynchttpclient
    @Option(help: "The server, e.g. http://127.0.0.1:8080 (the client sends its key to this host only).") var endpoint: String
    @Option(help: "A file holding the subscription key.") var keyFile: String
    @Option(help: "Seconds between polls (fixed, no backoff, no jitter).") var interval = 1.0
    @Option(help: "Connections per host, and the monitor's polls in flight.") var connections = 64

    func run() async throws {
        let key = try String(contentsOfFile: keyFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let watcher: any Watcher =
            switch client {
            case .monitor:
                try MonitorWatcher(endpoint: endpoint, key: key, transport: transport, interval: interval, connections: connections)
            case .loop: BareLoopWatcher(key: key, transport: transport, interval: interval, connections: connections)
            }
        let lines = StandardInputLines.stream()
        let baseline = ProcessMeter.residentBytes().now
        let cpuBefore = ProcessMeter.cpuSeconds()
        let start = ContinuousClock.now
        FileHandle.standardError.write(Data("ready\n".utf8))
        let outcome = try await watcher.watch(lines)
        let wall = start.duration(to: .now)
        let cpu = ProcessMeter.cpuSeconds() - cpuBefore
        let memory = ProcessMeter.residentBytes()
        await watcher.close()
        var report: [String: Any] = [
            "client": watcher.name, "operations": outcome.operations, "failures": outcome.failures, "polls": outcome.polls,
            "cpuSeconds": cpu, "cpuPer1000Polls": outcome.polls > 0 ? cpu / Double(outcome.polls) * 1000 : 0,
            "wallSeconds": wall.seconds,
            "baselineRSSBytes": baseline, "peakRSSBytes": memory.peak,
        ]
        if let delays = outcome.endDelays, !delays.isEmpty {
            let sorted = delays.sorted()
            report["endSeenMedian"] = sorted[sorted.count / 2]
            report["endSeenP95"] = sorted[min(sorted.count - 1, sorted.count * 95 / 100)]
        }
        let data = try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
    }
}

/// What one watch run saw.
struct WatchOutcome: Sendable {
    var operations = 0
    var polls = 0
    var failures = 0
    /// Seconds from the server's last change of each operation to the client seeing it end, when known.
    var endDelays: [Double]?
}

/// One way of watching operations to their end.
protocol Watcher: Sendable {
    var name: String { get }
    func watch(_ locations: AsyncStream<String>) async throws -> WatchOutcome
    func close() async
}
