import NIOConcurrencyHelpers
import Prometheus

/// What `GET /metrics` shows, in Prometheus's text format: requests by route and status, their
/// latency, the operations not yet finished, and connections open. A registry of its own,
/// handed in, not a global bootstrap.
struct ServerMetrics: Sendable {
    let registry: PrometheusCollectorRegistry
    private let queued: Gauge
    private let connections: Gauge
    /// Counters and histograms by route and status (routes are the 16 templates and `other`).
    private let recorders = NIOLockedValueBox<[RouteStatus: (Counter, DurationHistogram)]>([:])

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
        let key = RouteStatus(route: route, status: status)
        let known = recorders.withLockedValue { $0[key] }
        let (counter, histogram) = known ?? makeRecorders(key)
        counter.increment()
        histogram.record(duration)
    }

    /// The counter and histogram of one route and status, made once: the registry's own lookup
    /// builds names and label sets on every call, which costs a poll more than the rest of its path.
    private func makeRecorders(_ key: RouteStatus) -> (Counter, DurationHistogram) {
        let counter = registry.makeCounter(
            descriptor: .init(namespace: "spid", metricName: "http_requests", unitName: "total", helpText: "HTTP requests answered"),
            labels: [("route", key.route), ("status", String(key.status))])
        let histogram = registry.makeDurationHistogram(
            descriptor: .init(
                namespace: "spid", metricName: "http_request_duration", unitName: "seconds",
                helpText: "Time from a request's headers to its answer"),
            labels: [("route", key.route)], buckets: Self.buckets)
        recorders.withLockedValue { $0[key] = (counter, histogram) }
        return (counter, histogram)
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
