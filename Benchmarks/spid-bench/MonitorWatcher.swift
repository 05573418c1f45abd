import Foundation
import SpeakerRecognition
import SpeakerRecognitionAsyncHTTPClient

/// spid as an application uses it: one OperationMonitor, each operation tracked as it starts,
/// a handler for every end, `waitForCompletion` for the results.
struct MonitorWatcher: Watcher {
    let name: String
    let monitor: OperationMonitor
    let transport: any Transport
    let counter: PollCounter

    init(endpoint: String, key: String, transport kind: BenchTransport, interval: Double, connections: Int) throws {
        name = "spid OperationMonitor (\(kind.rawValue))"
        counter = PollCounter()
        transport = CountingTransport(inner: kind.make(connections: connections), counter: counter)
        // The operations come as absolute URLs; the key goes to the endpoint's host only.
        let client = SpeakerRecognitionClient(endpoint: try ServiceEndpoint(endpoint), key: try SubscriptionKey(key), transport: transport)
        let policy = PollingPolicy(
            initialDelay: .seconds(interval), interval: .seconds(interval), backoffMultiplier: 1, maximumInterval: .seconds(interval),
            jitter: 0, minimumDelay: .milliseconds(10), maximumRetryAfter: .seconds(5), maximumWait: .seconds(900),
            maximumRetries: 10, retryBackoff: .milliseconds(200))
        monitor = OperationMonitor(client: client, policy: policy, maximumConcurrentRequests: connections)
    }

    func watch(_ locations: AsyncStream<String>) async throws -> WatchOutcome {
        let delays = DelayLog()
        await monitor.onChange(trigger: .terminal) { change in
            if let changed = change.snapshot.lastActionDateTime { delays.add(Date().timeIntervalSince(changed)) }
        }
        var tracked: [OperationLocation] = []
        for await line in locations {
            guard let location = OperationLocation(string: line) else { throw BenchError("not an operation URL: \(line)") }
            tracked.append(await monitor.track(location, kind: .enrollment))
        }
        var outcome = WatchOutcome(operations: tracked.count)
        for location in tracked {
            do { _ = try await monitor.waitForCompletion(of: location) } catch { outcome.failures += 1 }
        }
        await monitor.handlersSettled()
        outcome.polls = counter.polls
        outcome.endDelays = delays.values
        return outcome
    }

    func close() async {
        await monitor.shutdown()
        try? await (transport as? CountingTransport)?.shutdown()
    }
}

/// Counts the GETs passing through to the real transport.
struct CountingTransport: Transport {
    let inner: any Transport
    let counter: PollCounter

    func send(_ request: TransportRequest) async throws -> TransportResponse {
        if request.method == "GET" { counter.add() }
        return try await inner.send(request)
    }

    func shutdown() async throws {
        try await (inner as? AsyncHTTPClientTransport)?.shutdown()
    }
}

/// A count shared by every watch (a lock, not an actor: counting must not add hops to what is measured).
final class PollCounter: Sendable {
    private let count = Locked(0)
    func add() { count.withLock { $0 += 1 } }
    var polls: Int { count.withLock { $0 } }
}

/// The delays seen by the end handler.
final class DelayLog: Sendable {
    private let list = Locked<[Double]>([])
    func add(_ value: Double) { list.withLock { $0.append(value) } }
    var values: [Double] { list.withLock { $0 } }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
