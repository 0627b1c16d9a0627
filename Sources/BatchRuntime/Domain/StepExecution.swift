import Foundation

/// One attempt to run a step within a job execution (`BATCH_STEP_EXECUTION` and its context).
public struct StepExecution: Sendable, Hashable, Identifiable {
    /// `STEP_EXECUTION_ID`.
    public var id: Int64
    /// `VERSION`, for optimistic locking.
    public var version: Int64
    /// `STEP_NAME`.
    public var stepName: String
    /// `JOB_EXECUTION_ID`.
    public var jobExecutionId: Int64
    /// `STATUS`.
    public var status: BatchStatus
    /// `EXIT_CODE` and `EXIT_MESSAGE`.
    public var exitStatus: ExitStatus
    /// The step's counters.
    public var counts: StepCounts
    /// `CREATE_TIME`.
    public var createTime: Date
    /// `START_TIME`.
    public var startTime: Date?
    /// `END_TIME`.
    public var endTime: Date?
    /// `LAST_UPDATED`.
    public var lastUpdated: Date?
    /// The step's execution context (reader and writer positions).
    public var executionContext: ExecutionContext

    /// Creates a step execution value.
    public init(
        id: Int64, version: Int64 = 0, stepName: String, jobExecutionId: Int64, status: BatchStatus = .starting,
        exitStatus: ExitStatus = .executing, counts: StepCounts = StepCounts(), createTime: Date,
        startTime: Date? = nil, endTime: Date? = nil, lastUpdated: Date? = nil,
        executionContext: ExecutionContext = ExecutionContext()
    ) {
        self.id = id
        self.version = version
        self.stepName = stepName
        self.jobExecutionId = jobExecutionId
        self.status = status
        self.exitStatus = exitStatus
        self.counts = counts
        self.createTime = createTime
        self.startTime = startTime
        self.endTime = endTime
        self.lastUpdated = lastUpdated
        self.executionContext = executionContext
    }
}

/// The counters of a step execution, as Spring Batch keeps them.
public struct StepCounts: Sendable, Hashable, Codable {
    /// `READ_COUNT`: items read.
    public var read: Int64 = 0
    /// `WRITE_COUNT`: items written and committed.
    public var write: Int64 = 0
    /// `FILTER_COUNT`: items the processor dropped.
    public var filter: Int64 = 0
    /// `COMMIT_COUNT`: committed chunk transactions, including the final empty one.
    public var commit: Int64 = 0
    /// `ROLLBACK_COUNT`: rolled-back chunk transactions.
    public var rollback: Int64 = 0
    /// `READ_SKIP_COUNT`.
    public var readSkip: Int64 = 0
    /// `PROCESS_SKIP_COUNT`.
    public var processSkip: Int64 = 0
    /// `WRITE_SKIP_COUNT`.
    public var writeSkip: Int64 = 0

    /// All zero.
    public init() {}

    /// Items skipped in all: read, process and write skips.
    public var skips: Int64 { readSkip + processSkip + writeSkip }

    /// Adds every counter of `other` to this one.
    public mutating func add(_ other: StepCounts) {
        read += other.read
        write += other.write
        filter += other.filter
        commit += other.commit
        rollback += other.rollback
        readSkip += other.readSkip
        processSkip += other.processSkip
        writeSkip += other.writeSkip
    }
}
