/// The status of a job or step execution, as Spring Batch stores it in the `STATUS` columns.
///
/// Cases are declared in Spring's order of severity (`COMPLETED` is the least severe), and
/// `Comparable` follows that order.
public enum BatchStatus: String, Sendable, Hashable, CaseIterable, Comparable, Codable {
    /// The execution finished successfully.
    case completed = "COMPLETED"
    /// The execution is being created.
    case starting = "STARTING"
    /// The execution is running.
    case started = "STARTED"
    /// A stop was requested; the execution stops at its next chunk boundary.
    case stopping = "STOPPING"
    /// The execution stopped on request and can be restarted.
    case stopped = "STOPPED"
    /// The execution failed and can be restarted.
    case failed = "FAILED"
    /// The execution was abandoned; it is never restarted (a restart skips its steps).
    case abandoned = "ABANDONED"
    /// The outcome is not known; Spring refuses to restart such an execution.
    case unknown = "UNKNOWN"

    /// The position in Spring's order of severity; also the exit code Spring Boot uses for a job.
    public var ordinal: Int { Self.allCases.firstIndex(of: self)! }

    /// Whether the execution is still running (`STARTING`, `STARTED` or `STOPPING`).
    public var isRunning: Bool { self == .starting || self == .started || self == .stopping }

    /// Whether the execution ended without success (more severe than `STARTED`).
    public var isUnsuccessful: Bool { self > .started }

    /// Combines two statuses as Spring's `BatchStatus.upgradeTo` does: when either is worse than
    /// `STARTED` the more severe wins; otherwise `COMPLETED` wins over the running states.
    public func upgraded(to other: BatchStatus) -> BatchStatus {
        if self > .started || other > .started { return max(self, other) }
        if self == .completed || other == .completed { return .completed }
        return max(self, other)
    }

    /// Orders by severity.
    public static func < (lhs: BatchStatus, rhs: BatchStatus) -> Bool { lhs.ordinal < rhs.ordinal }

    /// Reads a stored status; unknown text reads as ``unknown``.
    public init(stored: String?) {
        self = stored.flatMap(BatchStatus.init(rawValue:)) ?? .unknown
    }
}
