import BatchRuntime
import Foundation
import TaskRuntime

/// What the server knows of a job execution beyond its rows: its state, as
/// ``JobExplorer/states(of:livenessTimeout:)`` judges it (the one judgement of dead, stoppable,
/// restartable and abandonable), and whether a task definition of the task that ran it exists.
struct JobExecutionFacts: Sendable {
    var state: JobExecutionState
    /// Data Flow's `defined`: a task definition named like the task execution that ran the job exists.
    var defined: Bool

    /// `self`, and `stop`, `restart` and `abandon` where the state allows them, all built from the
    /// job execution's own id (Data Flow builds `self` from the task execution id and the others
    /// from the job instance id).
    func links(executionId: Int64, base: RequestBase) -> Links {
        let path = "/jobs/executions/\(executionId)"
        var relations: [(String, Link)] = [("self", base.link(path))]
        if state.stoppable { relations.append(("stop", base.link(path + "?stop=true"))) }
        if state.restartable { relations.append(("restart", base.link(path + "?restart=true"))) }
        if state.abandonable { relations.append(("abandon", base.link(path + "?abandon=true"))) }
        return Links(relations)
    }
}

/// The read side of the job endpoints: the job explorer for Spring Batch's tables, the task
/// explorer for the tasks that ran the jobs, and the task definitions.
struct JobQueries: Sendable {
    let explorer: JobExplorer
    let tasks: TaskExplorer
    let definitions: TaskDefinitions

    /// The facts of every execution of a page, in a fixed number of queries: the states (at most
    /// four), the names of the tasks that ran them (one) and which of those are defined (one).
    func facts(_ executions: [JobExecution]) async throws -> [Int64: JobExecutionFacts] {
        guard !executions.isEmpty else { return [:] }
        let states = try await explorer.states(of: executions)
        let taskNames = try await tasks.taskNames(ofExecutions: Array(Set(executions.compactMap(\.taskExecutionId))))
        let defined = try await definitions.existingNames(Set(taskNames.values))
        var facts: [Int64: JobExecutionFacts] = [:]
        for execution in executions {
            let name = execution.taskExecutionId.flatMap { taskNames[$0] }
            facts[execution.id] = JobExecutionFacts(state: states[execution.id]!, defined: name.map(defined.contains) ?? false)
        }
        return facts
    }

    /// The facts of one execution.
    func facts(_ execution: JobExecution) async throws -> JobExecutionFacts {
        try await facts([execution])[execution.id]!
    }
}

extension JobExecutionState {
    /// Whether a step of this job execution is dead: the job's process is gone while the step's
    /// status still says it runs.
    func isDead(_ step: StepExecution) -> Bool {
        isDead && step.status.isRunning
    }
}
