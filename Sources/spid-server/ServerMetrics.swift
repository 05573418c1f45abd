import Prometheus

/// What `GET /metrics` shows, in Prometheus's text format: requests by route and status, their
/// latency, the operations not yet finished, and connections open. A registry of its own,
/// handed in, not a global bootstrap.
struct ServerMetrics: Sendable {
    let registry: PrometheusCollectorRegistry
    private let queued: Gauge
    private let connections: Gauge

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
        registry.makeCounter(
            descriptor: .init(namespace: "spid", metricName: "http_requests", unitName: "total", helpText: "HTTP requests answered"),
            labels: [("route", route), ("status", String(status))]
        ).increment()
        registry.makeDurationHistogram(
            descriptor: .init(
                namespace: "spid", metricName: "http_request_duration", unitName: "seconds",
                helpText: "Time from a request's headers to its answer"),
            labels: [("route", route)], buckets: Self.buckets
        ).record(duration)
    }

    /// The exposition, with the gauges read now.
    func exposition(unfinishedOperations: Int, openConnections: Int) -> String {
        queued.set(Int64(unfinishedOperations))
        connections.set(Int64(openConnections))
        return registry.emitToString()
    }
}
