/// Which job executions a purge removes: a retention policy for the metadata that Spring
/// Batch leaves to grow forever (spring-batch #1844).
///
/// A job execution is purged when it is old enough (it ended longer than ``olderThan`` ago,
/// or, never started, was created that long ago), is not among the ``keepLast`` newest
/// executions of its job, belongs to ``jobName`` when given, and may go:
/// - never while it runs (`STARTING`, `STARTED`, `STOPPING`, whether its process is alive or
///   dead: recover it first), nor while another execution of its job instance runs;
/// - never when its job instance may still be restarted (no execution of the instance is
///   `COMPLETED` or `ABANDONED` and the latest is `FAILED` or `STOPPED`: a restart reads the
///   earlier executions' steps and contexts), unless ``includeRestartable``.
///
/// An execution that started and recorded no end without running (status `UNKNOWN`, say) is
/// never old enough: nothing tells when it ended.
///
/// ```swift
/// let policy = JobPurgePolicy(olderThan: .seconds(30 * 86_400), keepLast: 10)
/// let report = try await JobRepository(pool: pool).purge(policy)
/// print("\(report.jobExecutions) job executions in \(report.batches) batches")
/// ```
public struct JobPurgePolicy: Sendable, Hashable {
    /// Only executions that ended (or, never started, were created) longer ago than this; nil for any age.
    public var olderThan: Duration?
    /// Keep the newest this many executions of each job (by id, the order they were created
    /// in), whatever their age and status; nil keeps none for that reason.
    public var keepLast: Int?
    /// Only executions of this job; nil for every job.
    public var jobName: String?
    /// Also purge the executions a restart of a FAILED or STOPPED job instance would need.
    public var includeRestartable: Bool
    /// Job executions per transaction. Each batch commits on its own, so locks are held briefly
    /// and a concurrent run waits at most one batch.
    public var batchSize: Int

    /// The batch size used unless another is given.
    public static let defaultBatchSize = 500

    /// Creates a policy; with no arguments it covers every execution that may go.
    public init(
        olderThan: Duration? = nil, keepLast: Int? = nil, jobName: String? = nil, includeRestartable: Bool = false,
        batchSize: Int = JobPurgePolicy.defaultBatchSize
    ) {
        self.olderThan = olderThan
        self.keepLast = keepLast
        self.jobName = jobName
        self.includeRestartable = includeRestartable
        self.batchSize = batchSize
    }

    /// Why the policy cannot be applied (a negative duration or count, a batch size below 1), or nil.
    public var problem: String? {
        if let olderThan, olderThan < .zero { return "the age must not be negative, not \(olderThan)" }
        if let keepLast, keepLast < 0 { return "the number of executions to keep must not be negative, not \(keepLast)" }
        if batchSize < 1 { return "the batch size must be at least 1, not \(batchSize)" }
        return nil
    }
}
