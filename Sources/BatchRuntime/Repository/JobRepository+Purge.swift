import Foundation

extension JobRepository {
    /// Deletes the job executions `policy` selects, with their steps, step and job contexts,
    /// parameters, owner rows and task links, then the instances left without executions, in
    /// foreign-key order; or, with `dryRun`, counts exactly what that would delete and deletes
    /// nothing.
    ///
    /// The executions are read in id order and deleted in batches of ``JobPurgePolicy/batchSize``,
    /// each in its own short transaction, so no lock is held for long and a concurrent run waits
    /// at most one batch. A running execution is never deleted, nor the executions a restart
    /// of a FAILED or STOPPED instance needs (unless ``JobPurgePolicy/includeRestartable``):
    /// each batch is judged again inside its transaction, with the instances locked, so a run
    /// that starts meanwhile keeps its instance's data.
    ///
    /// ```swift
    /// let report = try await repository.purge(JobPurgePolicy(olderThan: .seconds(90 * 86_400), keepLast: 5))
    /// print("\(report.jobExecutions) executions, \(report.rows) rows, longest batch \(report.longestBatch)")
    /// ```
    /// - Parameters:
    ///   - policy: What to delete.
    ///   - dryRun: Count instead of deleting.
    ///   - participant: Work to add to each batch (the server audits each batch this way).
    /// - Returns: What was deleted (or would be), the batches and the longest of them.
    /// - Throws: ``BatchError`` with ``BatchError/Code/invalidPolicy`` for a policy that cannot
    ///   be applied, ``BatchError/Code/repositoryFailed`` for database errors (the batches before
    ///   the failing one stay deleted); `CancellationError` between batches.
    public func purge(_ policy: JobPurgePolicy, dryRun: Bool = false, participant: (any PurgeParticipant)? = nil) async throws
        -> PurgeReport
    {
        if let problem = policy.problem { throw BatchError(.invalidPolicy, "cannot purge job executions: \(problem)") }
        var purge = JobPurge(pool: pool, policy: policy, dryRun: dryRun, participant: participant, logger: logger, now: Date())
        do {
            return try await purge.purge()
        } catch let error as CancellationError {
            throw error
        } catch {
            throw BatchError.repository("purge job executions", error)
        }
    }
}
