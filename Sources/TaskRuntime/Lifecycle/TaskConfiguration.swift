/// How the task lifecycle runs: liveness and signal handling.
public struct TaskConfiguration: Sendable, Hashable {
    /// How often a running task records its heartbeat.
    public var heartbeatInterval: Duration
    /// Heartbeat silence after which another host's task counts as dead (on this host a
    /// vanished process is dead at once).
    public var livenessTimeout: Duration
    /// Whether the lifecycle catches SIGTERM and SIGINT (off when the caller handles them,
    /// as `dataflow task exec` does to forward them).
    public var trapsSignals: Bool

    /// Creates settings; the defaults suit most tasks.
    public init(heartbeatInterval: Duration = .seconds(5), livenessTimeout: Duration = .seconds(30), trapsSignals: Bool = true) {
        self.heartbeatInterval = heartbeatInterval
        self.livenessTimeout = livenessTimeout
        self.trapsSignals = trapsSignals
    }
}
