import Foundation

/// The purge of task executions lives beside the job purge: a task execution's job executions
/// go with it, and only BatchRuntime knows the job tables and the rules that keep job data.
extension TaskRepository {
    /// Deletes the task executions `policy` selects, with their arguments, links and liveness
    /// rows, the children of composed tasks, and the job executions they ran with everything
    /// that hangs off those (as ``JobRepository/purge(_:dryRun:participant:)`` deletes them);
    /// or, with `dryRun`, counts exactly what that would delete and deletes nothing.
    ///
    /// A task execution that has not ended is never deleted, nor one whose job executions
    /// must stay: one runs, or its instance runs, or (unless
    /// ``TaskPurgePolicy/includeRestartable``) its instance may still be restarted. Such a task
    /// execution is kept whole, with its children and job executions. Batches of
    /// ``TaskPurgePolicy/batchSize`` task executions go in their own short transactions. The
    /// number of task executions the database keeps (`SB_TASK_EXECUTION_COUNT`) follows through
    /// its triggers.
    ///
    /// ```swift
    /// let report = try await TaskRepository(pool: pool).purge(TaskPurgePolicy(olderThan: .seconds(30 * 86_400)))
    /// ```
    /// - Parameters:
    ///   - policy: What to delete.
    ///   - dryRun: Count instead of deleting.
    ///   - participant: Work to add to each batch: rows of other tables that reference the task
    ///     executions must be deleted in ``PurgeParticipant/deleting(taskExecutionIds:on:)``
    ///     (the server deletes its launch manifests there).
    /// - Returns: What was deleted (or would be), the batches and the longest of them.
    /// - Throws: ``BatchError`` with ``BatchError/Code/invalidPolicy`` for a policy that cannot
    ///   be applied, ``BatchError/Code/repositoryFailed`` for database errors (the batches before
    ///   the failing one stay deleted); `CancellationError` between batches.
    public func purge(_ policy: TaskPurgePolicy, dryRun: Bool = false, participant: (any PurgeParticipant)? = nil) async throws
        -> PurgeReport
    {
        if let problem = policy.problem { throw BatchError(.invalidPolicy, "cannot purge task executions: \(problem)") }
        var purge = TaskPurge(pool: pool, policy: policy, dryRun: dryRun, participant: participant, logger: logger, now: Date())
        do {
            return try await purge.purge()
        } catch let error as CancellationError {
            throw error
        } catch {
            throw BatchError.repository("purge task executions", error)
        }
    }
}
