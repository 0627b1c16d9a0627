import CoreMetrics
import Foundation
import Logging
import MetricsRSocket

/// The server's own metrics, by Spring's names, through swift-metrics (recorded whatever backend
/// is bootstrapped): `http.server.requests` (a timer per method, route, status and outcome, as
/// Spring Boot's), `spring.cloud.dataflow.task.launches` (a counter per task, platform and
/// outcome), and the gauges `spring.cloud.dataflow.tasks.running` and `...queued` per platform.
public enum ServerMetrics {
    /// Counts a launch request's outcome: `launched`, `queued`, or the error category.
    static func launched(task: String, platform: String, outcome: String) {
        Counter(label: "spring.cloud.dataflow.task.launches", dimensions: [("task.name", task), ("platform", platform), ("outcome", outcome)])
            .increment()
    }

    /// Counts a schedule's fire by outcome (`launched`, or the error category) and times how late it was.
    static func scheduleFired(schedule: String, lateness: Double, outcome: String) {
        Counter(label: "spring.cloud.dataflow.schedule.fires", dimensions: [("schedule.name", schedule), ("outcome", outcome)]).increment()
        Timer(label: "spring.cloud.dataflow.schedule.lateness", dimensions: [("schedule.name", schedule)])
            .recordNanoseconds(Int64(max(0, lateness) * 1_000_000_000))
    }

    /// Records how many launches run and wait on each platform.
    static func load(platform: String, running: Int, queued: Int) {
        Gauge(label: "spring.cloud.dataflow.tasks.running", dimensions: [("platform", platform)]).record(running)
        Gauge(label: "spring.cloud.dataflow.tasks.queued", dimensions: [("platform", platform)]).record(queued)
    }

    /// The Prometheus RSocket export of the server, when `management.metrics.export.prometheus.rsocket.enabled`:
    /// the registry is bootstrapped as the swift-metrics backend and the client (a `Service`)
    /// connects to the proxy, tagged `application=dataflow-server` and `instance=<host>:<pid>`.
    /// - Returns: The client to run in the server's service group, or nil when the export is off.
    public static func export(_ settings: PrometheusRSocketSettings, logger: Logger) -> PrometheusRSocketClient? {
        guard settings.enabled else { return nil }
        let registry = PrometheusRegistry()
        MetricsSystem.bootstrap(registry)
        registry.setCommonTags(
            settings.tags + [("application", "dataflow-server"), ("instance", "\(ProcessInfo.processInfo.hostName):\(getpid())")])
        return PrometheusRSocketClient(registry: registry, settings: settings, logger: logger)
    }
}
