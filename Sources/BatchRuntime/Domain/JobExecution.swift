import Foundation

/// One attempt to run a job instance (`BATCH_JOB_EXECUTION` and its parameters and context).
public struct JobExecution: Sendable, Hashable, Identifiable {
    /// `JOB_EXECUTION_ID`.
    public var id: Int64
    /// `VERSION`, for optimistic locking.
    public var version: Int64
    /// The instance this execution belongs to.
    public var instance: JobInstance
    /// The parameters it was launched with.
    public var parameters: JobParameters
    /// `STATUS`.
    public var status: BatchStatus
    /// `EXIT_CODE` and `EXIT_MESSAGE`.
    public var exitStatus: ExitStatus
    /// `CREATE_TIME`.
    public var createTime: Date
    /// `START_TIME`; nil until the job starts.
    public var startTime: Date?
    /// `END_TIME`; nil while running.
    public var endTime: Date?
    /// `LAST_UPDATED`.
    public var lastUpdated: Date?
    /// The job's execution context.
    public var executionContext: ExecutionContext
    /// The task execution that ran it (`TASK_TASK_BATCH`), as the explorer reads it.
    public var taskExecutionId: Int64?

    /// The job's name.
    public var jobName: String { instance.jobName }

    /// Creates an execution value.
    public init(
        id: Int64, version: Int64 = 0, instance: JobInstance, parameters: JobParameters,
        status: BatchStatus = .starting, exitStatus: ExitStatus = .unknown, createTime: Date,
        startTime: Date? = nil, endTime: Date? = nil, lastUpdated: Date? = nil,
        executionContext: ExecutionContext = ExecutionContext(), taskExecutionId: Int64? = nil
    ) {
        self.id = id
        self.version = version
        self.instance = instance
        self.parameters = parameters
        self.status = status
        self.exitStatus = exitStatus
        self.createTime = createTime
        self.startTime = startTime
        self.endTime = endTime
        self.lastUpdated = lastUpdated
        self.executionContext = executionContext
        self.taskExecutionId = taskExecutionId
    }

    /// Whether the execution is running by its status (`STARTING`, `STARTED`, `STOPPING`).
    public var isRunning: Bool { status.isRunning }
}
