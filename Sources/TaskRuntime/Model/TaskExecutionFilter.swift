import Foundation

/// Which task executions a list or a count covers; every condition set must hold.
///
/// ```swift
/// let failed = try await explorer.taskExecutionCount(TaskExecutionFilter(taskName: "nightly", status: .error))
/// ```
public struct TaskExecutionFilter: Sendable, Hashable {
    /// Only this task name (`TASK_NAME`, exact).
    public var taskName: String?
    /// Only this status, as Data Flow derives it (``TaskStatus``).
    public var status: TaskStatus?
    /// Only children of this execution (composed tasks).
    public var parentExecutionId: Int64?
    /// Only this platform launch id.
    public var externalExecutionId: String?
    /// Only executions that ended (true) or that did not (false).
    public var ended: Bool?
    /// Only executions that ended before this time (Data Flow's `days` of its cleanup and counts).
    public var endedBefore: Date?

    /// Creates a filter; with no arguments it covers every execution.
    public init(
        taskName: String? = nil, status: TaskStatus? = nil, parentExecutionId: Int64? = nil, externalExecutionId: String? = nil,
        ended: Bool? = nil, endedBefore: Date? = nil
    ) {
        self.taskName = taskName
        self.status = status
        self.parentExecutionId = parentExecutionId
        self.externalExecutionId = externalExecutionId
        self.ended = ended
        self.endedBefore = endedBefore
    }
}
