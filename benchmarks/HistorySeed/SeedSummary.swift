/// What the seeder wrote, for `--summary` (the tests compare the explorers' counts with it)
/// and for the last line on standard error.
struct SeedSummary: Codable, Sendable {
    var jobInstances = 0
    var jobExecutions = 0
    var jobExecutionParameters = 0
    var stepExecutions = 0
    var taskExecutions = 0
    var taskExecutionParameters = 0
    var taskBatchLinks = 0
    /// Job executions by `STATUS`.
    var jobExecutionsByStatus: [String: Int] = [:]
    /// Job executions by `JOB_NAME`.
    var jobExecutionsByName: [String: Int] = [:]
    /// Job executions that restarted an instance that ran before.
    var restarts = 0
    /// Task executions by Data Flow's derived status (`UNKNOWN`, `RUNNING`, `COMPLETE`, `ERROR`).
    var taskExecutionsByStatus: [String: Int] = [:]
    /// Task executions that ran no job.
    var tasksWithoutJobs = 0
    /// The highest id written to each table (the sequences continue after these).
    var lastJobInstanceId: Int64 = 0
    var lastJobExecutionId: Int64 = 0
    var lastStepExecutionId: Int64 = 0
    var lastTaskExecutionId: Int64 = 0
    /// Rows written in all tables.
    var rows = 0
    /// Seconds spent writing (generation overlaps it), and analysing afterwards.
    var writeSeconds = 0.0
    var analyzeSeconds = 0.0

    /// Counts a task execution under Data Flow's status.
    mutating func countTask(started: Bool, ended: Bool, exitCode: Int?) {
        let status = !started ? "UNKNOWN" : !ended ? "RUNNING" : exitCode == 0 ? "COMPLETE" : "ERROR"
        taskExecutions += 1
        taskExecutionsByStatus[status, default: 0] += 1
    }
}
