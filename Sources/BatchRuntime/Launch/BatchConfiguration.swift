import Database

/// Engine settings shared by every job an application runs.
public struct BatchConfiguration: Sendable, Hashable {
    /// How often a running execution records its heartbeat.
    public var heartbeatInterval: Duration
    /// How long without a heartbeat makes an execution's owner dead (on another host; on this
    /// host a vanished process is dead at once).
    public var livenessTimeout: Duration
    /// How often, at most, chunk boundaries ask the repository whether a stop was requested.
    public var stopCheckInterval: Duration
    /// How often the progress line refreshes on a terminal.
    public var progressInterval: Duration
    /// How often progress is logged when standard error is not a terminal.
    public var progressLogInterval: Duration
    /// Whether `start` and `restart` run inside the task lifecycle (a `TASK_EXECUTION` row per
    /// run, linked to its job executions), as Spring Boot batch applications with Spring Cloud
    /// Task do. `--spring.cloud.task.autoconfiguration.enabled=false` also turns it off.
    public var recordsTasks: Bool

    /// Creates settings; the defaults suit most jobs.
    public init(
        heartbeatInterval: Duration = .seconds(5), livenessTimeout: Duration = .seconds(30),
        stopCheckInterval: Duration = .milliseconds(250), progressInterval: Duration = .milliseconds(500),
        progressLogInterval: Duration = .seconds(10), recordsTasks: Bool = true
    ) {
        self.recordsTasks = recordsTasks
        self.heartbeatInterval = heartbeatInterval
        self.livenessTimeout = livenessTimeout
        self.stopCheckInterval = stopCheckInterval
        self.progressInterval = progressInterval
        self.progressLogInterval = progressLogInterval
    }

    /// These settings with the `batch.*` launch properties applied: `batch.heartbeat-interval`,
    /// `batch.liveness-timeout`, `batch.stop-check-interval` (durations; a bare number is
    /// seconds), `batch.record-tasks` (`false` turns task recording off). The command-line
    /// options `--heartbeat-interval` and `--liveness-timeout` win over them.
    /// - Throws: ``BatchError/Code/invalidParameters`` naming the property.
    public func applying(_ properties: LaunchProperties) throws(BatchError) -> BatchConfiguration {
        var configuration = self
        do {
            if let value = try properties.duration("batch.heartbeat-interval", defaultUnit: .seconds) {
                configuration.heartbeatInterval = value
            }
            if let value = try properties.duration("batch.liveness-timeout", defaultUnit: .seconds) {
                configuration.livenessTimeout = value
            }
            if let value = try properties.duration("batch.stop-check-interval", defaultUnit: .seconds) {
                configuration.stopCheckInterval = value
            }
            if let value = try properties.bool("batch.record-tasks") { configuration.recordsTasks = value }
        } catch {
            throw BatchError(.invalidParameters, error.message)
        }
        return configuration
    }
}
