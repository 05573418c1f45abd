import NIOConcurrencyHelpers
import Prometheus
import SpeakerRecognition
import SpeakerRecognitionEmulator

/// What `GET /metrics` shows, in Prometheus's text format: requests by route and status, their
/// latency, the operations not yet finished and how they ended, the engine's time, and
/// connections open. A registry of its own, handed in, not a global bootstrap.
struct ServerMetrics: EmulatorObserver {
    let registry: PrometheusCollectorRegistry
    private let queued: Gauge
    private let connections: Gauge
    /// Counters and histograms by route and status (routes are the 16 templates and `other`).
    private let recorders = NIOLockedValueBox<[RouteStatus: (Counter, DurationHistogram)]>([:])

    /// Operations ended, by kind and outcome, and their lifetimes; engine seconds by kind.
    private let operationRecorders = NIOLockedValueBox<[String: (Counter, DurationHistogram)]>([:])
    private let engineCounters = NIOLockedValueBox<[OperationKind: Counter]>([:])

    /// Latency buckets from 1 ms to 10 s: polls take about a millisecond, uploads up to seconds.
    static let buckets: [Duration] = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000].map { .milliseconds($0) }

    init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        queued = registry.makeGauge(
            descriptor: .init(
                namespace: "spid", metricName: "operations_unfinished", unitName: "count",
                helpText: "Operations accepted and not yet succeeded or failed"))
        connections = registry.makeGauge(
            descriptor: .init(namespace: "spid", metricName: "connections_open", unitName: "count", helpText: "HTTP connections open"))
    }

    /// One request answered: `route` is its endpoint's template (`GET /operations/{id}`).
    func record(route: String, status: Int, duration: Duration) {
        let (counter, histogram) = Self.cached(recorders, RouteStatus(route: route, status: status)) {
            (
                registry.makeCounter(
                    descriptor: .init(
                        namespace: "spid", metricName: "http_requests", unitName: "total", helpText: "HTTP requests answered"),
                    labels: [("route", route), ("status", String(status))]),
                registry.makeDurationHistogram(
                    descriptor: .init(
                        namespace: "spid", metricName: "http_request_duration", unitName: "seconds",
                        helpText: "Time from a request's headers to its answer"),
                    labels: [("route", route)], buckets: Self.buckets)
            )
        }
        counter.increment()
        histogram.record(duration)
    }

    /// From 100 ms to 10 minutes: an operation lives for its delays, the queue and the engine.
    static let operationBuckets: [Duration] = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600].map { .milliseconds(Int64($0 * 1000)) }

    func operationEnded(_ kind: OperationKind, succeeded: Bool, after duration: Duration) {
        let outcome = succeeded ? "succeeded" : "failed"
        let (counter, histogram) = Self.cached(operationRecorders, "\(kind.rawValue) \(outcome)") {
            (
                registry.makeCounter(
                    descriptor: .init(namespace: "spid", metricName: "operations_ended", unitName: "total", helpText: "Operations ended"),
                    labels: [("kind", kind.rawValue), ("status", outcome)]),
                registry.makeDurationHistogram(
                    descriptor: .init(
                        namespace: "spid", metricName: "operation_duration", unitName: "seconds",
                        helpText: "Time from an operation's 202 to its end"),
                    labels: [("kind", kind.rawValue), ("status", outcome)], buckets: Self.operationBuckets)
            )
        }
        counter.increment()
        histogram.record(duration)
    }

    func engineWorked(on kind: OperationKind, for time: Duration) {
        let counter = Self.cached(engineCounters, kind) {
            registry.makeCounter(
                descriptor: .init(
                    namespace: "spid", metricName: "engine", unitName: "seconds_total",
                    helpText: "Seconds the speaker engine spent on uploads"),
                labels: [("kind", kind.rawValue)])
        }
        counter.increment(by: Double(time.components.seconds) + Double(time.components.attoseconds) / 1e18)
    }

    /// The recorders under `key`, made once: the registry's own lookup builds names and label
    /// sets on every call, which costs a poll more than the rest of its path.
    private static func cached<Key: Hashable, Value>(
        _ box: NIOLockedValueBox<[Key: Value]>, _ key: Key, make: () -> Value
    ) -> Value {
        if let known = box.withLockedValue({ $0[key] }) { return known }
        let made = make()
        box.withLockedValue { $0[key] = made }
        return made
    }

    private struct RouteStatus: Hashable {
        let route: String
        let status: Int
    }

    /// The exposition, with the gauges read now.
    func exposition(unfinishedOperations: Int, openConnections: Int) -> String {
        queued.set(Int64(unfinishedOperations))
        connections.set(Int64(openConnections))
        return registry.emitToString()
    }
}
