/// Which ended task executions a purge removes, with the job executions they ran: a retention
/// policy for the metadata that Spring Cloud Task and Data Flow leave to grow forever.
///
/// A task execution is purged when it ended (`END_TIME` is set: a running execution, or one a
/// server created and never launched, is never touched), ended longer than ``olderThan`` ago,
/// is not among the ``keepLast`` newest executions of its task name, and none of its job
/// executions must stay: a running one, or one whose job instance needs it to restart (unless
/// ``includeRestartable``). The children of a composed task go with their parent, and only
/// with it. `TaskRepository.purge(_:dryRun:participant:)` (in BatchRuntime, which knows the
/// job tables) applies it.
///
/// ```swift
/// let policy = TaskPurgePolicy(olderThan: .seconds(30 * 86_400), keepLast: 10, taskName: "nightly")
/// let report = try await TaskRepository(pool: pool).purge(policy, dryRun: true)
/// ```
public struct TaskPurgePolicy: Sendable, Hashable {
    /// Only executions that ended longer ago than this; nil for any age.
    public var olderThan: Duration?
    /// Keep the newest this many executions of each task name (by id, the order they were
    /// created in), whatever their age; nil keeps none for that reason.
    public var keepLast: Int?
    /// Only executions of this task name; nil for every task.
    public var taskName: String?
    /// Also purge task executions whose job executions a restart of a FAILED or STOPPED job
    /// instance would need.
    public var includeRestartable: Bool
    /// Task executions per transaction (children of composed tasks come on top). Each batch
    /// commits on its own, so locks are held briefly and a concurrent run waits at most one batch.
    public var batchSize: Int

    /// The batch size used unless another is given.
    public static let defaultBatchSize = 500

    /// Creates a policy; with no arguments it covers every ended execution that no job needs.
    public init(
        olderThan: Duration? = nil, keepLast: Int? = nil, taskName: String? = nil, includeRestartable: Bool = false,
        batchSize: Int = TaskPurgePolicy.defaultBatchSize
    ) {
        self.olderThan = olderThan
        self.keepLast = keepLast
        self.taskName = taskName
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
