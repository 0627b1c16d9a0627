import Foundation

/// One run of a task: a row of `TASK_EXECUTION` with its arguments (`TASK_EXECUTION_PARAMS`).
public struct TaskExecution: Sendable, Hashable, Codable {
    /// `TASK_EXECUTION_ID`, from `TASK_SEQ`.
    public var executionId: Int64
    /// `TASK_NAME` (at most 100 characters).
    public var taskName: String?
    /// When the task started; nil for a row a server created before launching it.
    public var startTime: Date?
    /// When the task ended; nil while it runs.
    public var endTime: Date?
    /// The exit code; nil while it runs.
    public var exitCode: Int32?
    /// A short outcome set by the task or its listeners (at most 2500 characters).
    public var exitMessage: String?
    /// The error that failed the task, with its description (at most 2500 characters).
    public var errorMessage: String?
    /// When the row was last written.
    public var lastUpdated: Date?
    /// An id given by the platform or the launcher (`--spring.cloud.task.external-execution-id`).
    public var externalExecutionId: String?
    /// The task execution that launched this one (composed tasks).
    public var parentExecutionId: Int64?
    /// The raw command-line arguments, in order.
    public var arguments: [String]
    /// The job executions this task execution ran (`TASK_TASK_BATCH`), in id order, as the
    /// explorer reads them; empty on values the lifecycle returns.
    public var jobExecutionIds: [Int64] = []

    /// Creates a value.
    public init(
        executionId: Int64, taskName: String?, startTime: Date? = nil, endTime: Date? = nil, exitCode: Int32? = nil,
        exitMessage: String? = nil, errorMessage: String? = nil, lastUpdated: Date? = nil,
        externalExecutionId: String? = nil, parentExecutionId: Int64? = nil, arguments: [String] = []
    ) {
        self.executionId = executionId
        self.taskName = taskName
        self.startTime = startTime
        self.endTime = endTime
        self.exitCode = exitCode
        self.exitMessage = exitMessage
        self.errorMessage = errorMessage
        self.lastUpdated = lastUpdated
        self.externalExecutionId = externalExecutionId
        self.parentExecutionId = parentExecutionId
        self.arguments = arguments
    }

    /// The status Data Flow servers show for this row.
    public var status: TaskStatus {
        if startTime == nil { return .unknown }
        if endTime == nil { return .running }
        return exitCode == 0 ? .complete : .error
    }
}

/// The status of a task execution as Spring Cloud Data Flow derives it from the row.
public enum TaskStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Created by a server but not started (no `START_TIME`).
    case unknown = "UNKNOWN"
    /// Started and not ended (no `END_TIME`).
    case running = "RUNNING"
    /// Ended with exit code 0.
    case complete = "COMPLETE"
    /// Ended with any other exit code.
    case error = "ERROR"
}
