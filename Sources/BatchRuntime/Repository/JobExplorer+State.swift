import Database
import Foundation

extension JobExplorer {
    /// The state of each of `executions` (what it is and what may be done with it), in at most
    /// four queries for a page of any size: the owners and ended task executions of the running
    /// ones, and the blocking executions of their instances and those executions' owners.
    ///
    /// A running execution is dead when its owner row says its process is gone
    /// (``ExecutionOwner/isDead(now:timeout:)``), or, without an owner row (an execution of a
    /// Spring app), when the task execution that ran it has ended.
    /// - Parameter livenessTimeout: How long without a heartbeat makes an owner on another host dead.
    public func states(of executions: [JobExecution], livenessTimeout: Duration = BatchConfiguration().livenessTimeout)
        async throws -> [Int64: JobExecutionState]
    {
        guard !executions.isEmpty else { return [:] }
        return try await read("judge the state of job executions") { connection in
            let siblings = try await JobExecutionStateStore.blockingSiblings(
                instanceIds: Array(Set(executions.map(\.instance.id))), on: connection)
            let running = Set(executions.filter(\.isRunning).map(\.id))
                .union(siblings.values.joined().filter { $0.status.isRunning }.map(\.id))
            let owners = try await ExecutionOwnerStore.find(executionIds: Array(running), on: connection)
            let ended = try await JobExecutionStateStore.endedTasks(jobExecutionIds: Array(running), on: connection)
            let now = Date()
            func liveness(_ id: Int64, _ status: BatchStatus) -> JobExecutionState.Liveness {
                guard status.isRunning else { return .alive }
                if let owner = owners[id] {
                    guard owner.isDead(now: now, timeout: livenessTimeout) else { return .alive }
                    return .dead(
                        "process \(owner.pid) on \(owner.host) that ran it is gone (last heartbeat \(WireDate.text(owner.heartbeat)))")
                }
                if let task = ended[id] {
                    return .dead(
                        "task execution \(task.taskExecutionId) that ran it ended at \(WireDate.text(task.endTime))"
                            + (task.exitCode.map { " with exit code \($0)" } ?? "") + " while the job was \(status.rawValue)")
                }
                return .unknown
            }
            var states: [Int64: JobExecutionState] = [:]
            for execution in executions {
                let others = (siblings[execution.instance.id] ?? []).map { sibling in
                    let state = liveness(sibling.id, sibling.status)
                    if case .dead = state { return JobExecutionState.Sibling(id: sibling.id, status: sibling.status, isDead: true) }
                    return JobExecutionState.Sibling(id: sibling.id, status: sibling.status, isDead: false)
                }
                states[execution.id] = JobExecutionState.of(
                    execution, liveness: liveness(execution.id, execution.status), siblings: others)
            }
            return states
        }
    }

    /// The state of one execution; see ``states(of:livenessTimeout:)``.
    public func state(of execution: JobExecution, livenessTimeout: Duration = BatchConfiguration().livenessTimeout)
        async throws -> JobExecutionState
    {
        try await states(of: [execution], livenessTimeout: livenessTimeout)[execution.id]!
    }
}

/// Times in operator messages: ISO-8601 in UTC with milliseconds.
enum WireDate {
    static func text(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt))
    }
}
