import CoreMetrics

/// The proxy's own metrics, with the Java proxy's names, served on `/metrics/proxy`.
struct ProxyMetrics: Sendable {
    let registry = PrometheusRegistry()
    let activeConnections: any MeterHandler
    let payloadBytes: any RecorderHandler
    let connectionErrors: any CounterHandler

    init() {
        activeConnections = registry.makeMeter(label: "prometheus.proxy.scrape.active.connections", dimensions: [])
        payloadBytes = registry.makeRecorder(label: "prometheus.proxy.scrape.payload.bytes", dimensions: [], aggregate: true)
        connectionErrors = registry.makeCounter(label: "prometheus.proxy.connection.error", dimensions: [])
        // Every outcome's series exists from the start, so dashboards show zeros, not gaps.
        for outcome in ["success", "error", "timeout", "closed"] { _ = scrape(outcome) }
    }

    /// The scrape timer of one outcome: `success`, `error`, `timeout` or `closed`.
    func scrape(_ outcome: String) -> any TimerHandler {
        registry.makeTimer(label: "prometheus.proxy.scrape", dimensions: [("outcome", outcome)])
    }
}
