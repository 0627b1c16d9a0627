/// Reads that span task and job metadata: the batch side of Data Flow's task pages.
extension JobExplorer {
    /// A task execution with its arguments and the job executions it ran (newest first), or nil:
    /// one query for the task, one for its arguments and links, one for all its job executions.
    public func taskExecutionWithJobs(id: Int64) async throws -> (task: TaskExecution, jobs: [JobExecution])? {
        guard let task = try await TaskExplorer(pool: pool).taskExecution(id: id) else { return nil }
        return (task, try await jobExecutions(ids: task.jobExecutionIds))
    }
}
