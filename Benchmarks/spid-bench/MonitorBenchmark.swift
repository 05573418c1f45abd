import ArgumentParser
import Foundation
import SpeakerRecognition

/// `spid-bench`: starts N enrollments on a spid-server, watches each with one OperationMonitor
/// from the moment it starts, and prints one JSON line of measurements (client CPU includes the
/// POSTs that start the operations).
@main
struct MonitorBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spid-bench",
        abstract: "Watch N operations on a spid-server with the OperationMonitor and measure the client.")

    @Option(help: "The server, e.g. http://127.0.0.1:8080.") var endpoint: String
    @Option(help: "A file holding the subscription key.") var keyFile: String
    @Option(help: "How many operations to start and watch.") var operations = 1000
    @Option(help: "A short WAV to enroll (16 kHz mono 16-bit, at least 1 s).") var audio: String
    @Option(help: "Seconds between polls (fixed, no backoff, no jitter).") var interval = 1.0
    @Option(help: "Polls in flight at once.") var concurrency = 64

    func run() async throws {
        let key = try SubscriptionKey(
            String(contentsOfFile: keyFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines))
        let counter = PollCounter()
        let transport = CountingTransport(
            inner: URLSessionHTTPTransport(configuration: .init(maximumConnectionsPerHost: concurrency)), counter: counter)
        let client = SpeakerRecognitionClient(endpoint: try ServiceEndpoint(endpoint), key: key, transport: transport)
        let wav = try Data(contentsOf: URL(fileURLWithPath: audio))
        let profile = try await client.createIdentificationProfile()

        let policy = PollingPolicy(
            initialDelay: .seconds(interval), interval: .seconds(interval), backoffMultiplier: 1, maximumInterval: .seconds(interval),
            jitter: 0, minimumDelay: .milliseconds(10), maximumRetryAfter: .seconds(5), maximumWait: .seconds(900),
            maximumRetries: 10, retryBackoff: .milliseconds(200))
        let monitor = OperationMonitor(client: client, policy: policy, maximumConcurrentRequests: concurrency)
        let delays = DelayLog()
        await monitor.onChange(trigger: .terminal) { change in
            let fired = Date()
            if let changed = change.snapshot.lastActionDateTime { await delays.add(fired.timeIntervalSince(changed)) }
        }
        let rssBefore = Self.residentBytes()
        let cpuBefore = Self.cpuSeconds()
        let start = Date()
        let sampler = Task {
            var peak = rssBefore
            while !Task.isCancelled {
                peak = max(peak, Self.residentBytes())
                try? await Task.sleep(for: .milliseconds(100))
            }
            return peak
        }
        // Each operation is watched as soon as it is started, as an application does.
        var locations: [OperationLocation] = []
        try await withThrowingTaskGroup(of: OperationLocation.self) { group in
            var started = 0
            func add() {
                group.addTask {
                    let location = try await client.enroll(wav, identificationProfile: profile, shortAudio: true)
                    return await monitor.track(location, kind: .enrollment)
                }
                started += 1
            }
            for _ in 0..<min(32, operations) { add() }
            while let location = try await group.next() {
                locations.append(location)
                if started < operations { add() }
            }
        }
        var failures = 0
        for location in locations {
            do { _ = try await monitor.waitForCompletion(of: location) } catch { failures += 1 }
        }
        let wall = Date().timeIntervalSince(start)
        let cpu = Self.cpuSeconds() - cpuBefore
        sampler.cancel()
        let peakBytes = await sampler.value
        let polls = await counter.polls
        let posts = await counter.posts
        let sorted = await delays.values.sorted()
        func percentile(_ p: Double) -> Double { sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }
        let report: [String: Any] = [
            "client": "spid OperationMonitor (URLSession)", "operations": operations, "failures": failures, "polls": polls, "posts": posts,
            "cpuSeconds": cpu, "cpuPer1000Polls": polls > 0 ? cpu / Double(polls) * 1000 : 0, "wallSeconds": wall,
            "peakRSSBytes": peakBytes, "baselineRSSBytes": rssBefore,
            "handlerDelayMedian": percentile(0.5), "handlerDelayP95": percentile(0.95),
        ]
        let data = try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
    }

    static func cpuSeconds() -> Double {
        var usage = rusage()
        #if os(Linux)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    /// VmRSS from /proc/self/status, in bytes.
    static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
            let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "")
        else { return 0 }
        return kilobytes * 1024
    }
}

/// Counts GETs (polls) passing through.
struct CountingTransport: Transport {
    let inner: any Transport
    let counter: PollCounter
    func send(_ request: TransportRequest) async throws -> TransportResponse {
        await counter.add(request.method)
        return try await inner.send(request)
    }
}

actor PollCounter {
    private(set) var polls = 0
    private(set) var posts = 0
    func add(_ method: String) {
        if method == "GET" { polls += 1 } else { posts += 1 }
    }
}

actor DelayLog {
    private(set) var values: [Double] = []
    func add(_ value: Double) { values.append(value) }
}
