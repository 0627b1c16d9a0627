import CoreMetrics
import Foundation
import Logging
import ServiceLifecycle
import MetricsRSocket
import Synchronization

/// The process's Prometheus RSocket export: one registry bootstrapped as the swift-metrics
/// backend, and a client that connects to the proxy when a task starts and pushes the last
/// values when it ends.
package final class MetricsExport: Sendable {
    /// The registry every task run of this process records into.
    package let registry: PrometheusRegistry
    private let client: PrometheusRSocketClient
    private let settings: PrometheusRSocketSettings

    private static let bootstrapped = Mutex<PrometheusRegistry?>(nil)

    private init(registry: PrometheusRegistry, settings: PrometheusRSocketSettings, logger: Logger) {
        self.registry = registry
        self.settings = settings
        client = PrometheusRSocketClient(registry: registry, settings: settings, logger: logger)
    }

    /// Bootstraps the registry (once per process) and starts connecting; nil when the export is
    /// off or another metrics backend was bootstrapped first.
    package static func begin(_ settings: PrometheusRSocketSettings, application: String, logger: Logger) -> MetricsExport? {
        guard settings.enabled else { return nil }
        let registry: PrometheusRegistry? = bootstrapped.withLock { registry in
            if let registry { return registry }
            guard MetricsSystem.factory is NOOPMetricsHandler else { return nil }
            let created = PrometheusRegistry()
            MetricsSystem.bootstrap(created)
            registry = created
            return created
        }
        guard let registry else {
            logger.warning("another metrics backend was bootstrapped first: metrics are not pushed to the Prometheus RSocket proxy")
            return nil
        }
        let export = MetricsExport(registry: registry, settings: settings, logger: logger)
        export.tag(application: application)
        return export
    }

    /// Sets the common tags: the user's `management.metrics.tags.*` first, then
    /// `application` (Data Flow's `<task name>-<task execution id>`) and `instance`
    /// (`<host>:<pid>`), so runs and processes never share a series.
    package func tag(application: String) {
        let instance = "\(ProcessInfo.processInfo.hostName):\(getpid())"
        registry.setCommonTags(settings.tags + [("application", application), ("instance", instance)])
    }

    /// Runs `body` beside the metrics client, a service in one group with it: the client
    /// connects while `body` runs, and when `body` ends (however it ends) pushes the final
    /// values and closes, waiting at most the configured timeout. Without an export, just `body`.
    /// - Returns: What `body` returns; what it throws is rethrown after the push.
    package static func running<T: Sendable>(
        _ export: MetricsExport?, logger: Logger, _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        guard let export else { return try await body() }
        let result = Mutex<Result<T, any Error>?>(nil)
        let work = ClosureService {
            do {
                let value = try await body()
                result.withLock { $0 = .success(value) }
            } catch {
                result.withLock { $0 = .failure(error) }
            }
        }
        // Shut down in reverse order: the work ends first, then the client pushes what it left.
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [.init(service: export.client), .init(service: work, successTerminationBehavior: .gracefullyShutdownGroup)],
                logger: logger))
        try await group.run()
        guard let outcome = result.withLock({ $0 }) else { throw CancellationError() }
        return try outcome.get()
    }
}
