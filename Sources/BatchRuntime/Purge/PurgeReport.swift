/// What a purge deleted, or with `dryRun` what it would delete: rows by table, the batches it
/// took and the longest of them (how long one transaction held its locks).
///
/// Encoded as JSON (the server's answer, the command line's `--json`) with these property
/// names, the durations as `longestBatchMillis` and `durationMillis`.
public struct PurgeReport: Sendable, Hashable, Encodable {
    /// Whether nothing was deleted: the counts say what a real run would delete.
    public var dryRun: Bool
    /// `TASK_EXECUTION` rows, children of composed tasks included.
    public var taskExecutions = 0
    /// `TASK_EXECUTION_PARAMS` rows.
    public var taskParameters = 0
    /// `TASK_TASK_BATCH` rows (links between task and job executions).
    public var taskLinks = 0
    /// `BATCH_JOB_EXECUTION` rows.
    public var jobExecutions = 0
    /// `BATCH_JOB_INSTANCE` rows left without executions.
    public var jobInstances = 0
    /// `BATCH_JOB_EXECUTION_PARAMS` rows.
    public var jobParameters = 0
    /// `BATCH_JOB_EXECUTION_CONTEXT` rows.
    public var jobContexts = 0
    /// `BATCH_STEP_EXECUTION` rows.
    public var stepExecutions = 0
    /// `BATCH_STEP_EXECUTION_CONTEXT` rows.
    public var stepContexts = 0
    /// Executions the policy selected but kept because their job instance may still be
    /// restarted (job executions, or for a task purge the task executions that ran them).
    public var keptForRestart = 0
    /// Executions the policy selected but kept because something of theirs still runs: another
    /// execution of the job instance, or a job execution or child of the task execution.
    public var keptWithRunning = 0
    /// Transactions (batches) it took.
    public var batches = 0
    /// The longest batch: for a real run the time from its transaction's begin to its commit
    /// (the longest any lock was held); for a dry run the time its counting took.
    public var longestBatch: Duration = .zero
    /// The whole purge, reads included.
    public var duration: Duration = .zero

    /// An empty report.
    public init(dryRun: Bool) {
        self.dryRun = dryRun
    }

    /// Every row counted, all tables together.
    public var rows: Int {
        taskExecutions + taskParameters + taskLinks + jobExecutions + jobInstances + jobParameters + jobContexts
            + stepExecutions + stepContexts
    }

    /// Adds another report's row counts (not its batches, durations or kept counts).
    mutating func addRows(_ other: PurgeReport) {
        taskExecutions += other.taskExecutions
        taskParameters += other.taskParameters
        taskLinks += other.taskLinks
        jobExecutions += other.jobExecutions
        jobInstances += other.jobInstances
        jobParameters += other.jobParameters
        jobContexts += other.jobContexts
        stepExecutions += other.stepExecutions
        stepContexts += other.stepContexts
    }

    private enum CodingKeys: String, CodingKey {
        case dryRun, taskExecutions, taskParameters, taskLinks, jobExecutions, jobInstances, jobParameters, jobContexts
        case stepExecutions, stepContexts, keptForRestart, keptWithRunning, batches, longestBatchMillis, durationMillis
    }

    /// Encodes the counts, and the durations in milliseconds.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(dryRun, forKey: .dryRun)
        try container.encode(taskExecutions, forKey: .taskExecutions)
        try container.encode(taskParameters, forKey: .taskParameters)
        try container.encode(taskLinks, forKey: .taskLinks)
        try container.encode(jobExecutions, forKey: .jobExecutions)
        try container.encode(jobInstances, forKey: .jobInstances)
        try container.encode(jobParameters, forKey: .jobParameters)
        try container.encode(jobContexts, forKey: .jobContexts)
        try container.encode(stepExecutions, forKey: .stepExecutions)
        try container.encode(stepContexts, forKey: .stepContexts)
        try container.encode(keptForRestart, forKey: .keptForRestart)
        try container.encode(keptWithRunning, forKey: .keptWithRunning)
        try container.encode(batches, forKey: .batches)
        try container.encode(Self.milliseconds(longestBatch), forKey: .longestBatchMillis)
        try container.encode(Self.milliseconds(duration), forKey: .durationMillis)
    }

    /// A duration in milliseconds, to the microsecond.
    public static func milliseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return ((Double(seconds) * 1000 + Double(attoseconds) / 1e15) * 1000).rounded() / 1000
    }
}
