import BatchRuntime
import TaskRuntime

/// The `composedTaskJobExecutionStatus` of task executions, as Data Flow shows it: for a run of
/// a composed definition, the exit status code of the job its runner ran (`COMPLETED`,
/// `FAILED`, `STOPPED`...); nil for any other execution, and for a runner that has not started
/// its job yet. The task execution's status follows it (``taskStatus(of:composedStatus:)``).
struct ComposedJobStatus: Sendable {
    let definitions: TaskDefinitions
    let tasks: TaskExplorer
    let jobs: JobExplorer

    /// The status of each composed run among `executions`, by task execution id: three queries
    /// for a page (the composed names, their job executions, those executions).
    func statuses(of executions: [TaskExecution]) async throws -> [Int64: String] {
        let composed = try await definitions.composedNames(among: Set(executions.compactMap(\.taskName)))
        let runs = executions.filter { $0.taskName.map(composed.contains) ?? false }.map(\.executionId)
        guard !runs.isEmpty else { return [:] }
        // The runner runs one job per task execution; a restart is a new task execution. The
        // newest is taken should there be more.
        let newest = try await tasks.jobExecutionIds(ofTaskExecutions: runs).compactMapValues(\.last)
        let jobExecutions = try await jobs.jobExecutions(ids: Array(newest.values))
        var exitCodes: [Int64: String] = [:]
        for execution in jobExecutions { exitCodes[execution.id] = execution.exitStatus.exitCode }
        return newest.compactMapValues { exitCodes[$0] }
    }

    /// The status of one execution (for a single resource).
    func status(of execution: TaskExecution) async throws -> String? {
        try await statuses(of: [execution])[execution.executionId]
    }

    /// The task execution's status as Data Flow derives it: a composed run that ended is
    /// ERROR when its job ended `ABANDONED`, `FAILED` or `STOPPED` (whatever the runner's exit
    /// code), else COMPLETE; any other execution by its row (``TaskExecution/status``).
    static func taskStatus(of execution: TaskExecution, composedStatus: String?) -> TaskStatus {
        let status = execution.status
        guard let composedStatus, status == .complete || status == .error else { return status }
        return ["ABANDONED", "FAILED", "STOPPED"].contains(composedStatus) ? .error : .complete
    }
}
