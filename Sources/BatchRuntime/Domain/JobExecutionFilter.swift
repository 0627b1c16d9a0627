import Foundation

/// Which job executions a list or a count covers; every condition set must hold.
///
/// ```swift
/// let failed = try await explorer.jobExecutionCount(JobExecutionFilter(jobName: "importTransactions", statuses: [.failed]))
/// ```
public struct JobExecutionFilter: Sendable, Hashable {
    /// Only this job's executions.
    public var jobName: String?
    /// Only executions of jobs whose name matches this SQL `LIKE` pattern (`%` any text, `_` any
    /// one character), as Data Flow's job name filters match.
    public var jobNameLike: String?
    /// Only executions with one of these statuses; empty means any.
    public var statuses: [BatchStatus]
    /// Only executions of this job instance.
    public var instanceId: Int64?
    /// Only executions the task execution ran (`TASK_TASK_BATCH`).
    public var taskExecutionId: Int64?
    /// Only executions that started at or after this time.
    public var startedFrom: Date?
    /// Only executions that started at or before this time.
    public var startedTo: Date?

    /// Creates a filter; with no arguments it covers every execution.
    public init(
        jobName: String? = nil, jobNameLike: String? = nil, statuses: [BatchStatus] = [], instanceId: Int64? = nil,
        taskExecutionId: Int64? = nil, startedFrom: Date? = nil, startedTo: Date? = nil
    ) {
        self.jobName = jobName
        self.jobNameLike = jobNameLike
        self.statuses = statuses
        self.instanceId = instanceId
        self.taskExecutionId = taskExecutionId
        self.startedFrom = startedFrom
        self.startedTo = startedTo
    }
}
