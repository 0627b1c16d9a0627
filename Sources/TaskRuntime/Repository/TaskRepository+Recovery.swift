import Database
import Foundation

/// Closing executions whose process died (kill -9, a crash, a lost pod).
extension TaskRepository {
    /// The exit code recovery records: the process's own code is unknown, and the run failed.
    public static let recoveredExitCode: Int32 = 1

    /// Closes every running execution (optionally of one task name) whose owner is dead: its
    /// process is gone from this host, or it sent no heartbeat for `livenessTimeout`. Live ones,
    /// and ones without liveness information (written by a Spring application), are left alone.
    /// Each is closed with END_TIME, exit code ``recoveredExitCode`` and an exit message that
    /// says the process died, its liveness row is removed and any lock it held is released.
    /// - Returns: What was closed.
    public func recoverDeadExecutions(name: String? = nil, livenessTimeout: Duration) async throws -> [RecoveredTask] {
        let running = try await run("find running task executions") { connection in
            try await TaskExecutionStore.running(name: name, on: connection)
        }
        return try await recover(running, livenessTimeout: livenessTimeout)
    }

    /// Closes the given executions if they are running and their owners are dead.
    func recoverDeadExecutions(ids: [Int64], livenessTimeout: Duration) async throws -> [RecoveredTask] {
        let running = try await run("find running task executions") { connection in
            try await TaskExecutionStore.running(name: nil, on: connection)
        }
        return try await recover(running.filter { ids.contains($0.0.executionId) }, livenessTimeout: livenessTimeout)
    }

    private func recover(_ running: [(TaskExecution, ExecutionOwner?)], livenessTimeout: Duration) async throws -> [RecoveredTask] {
        var recovered: [RecoveredTask] = []
        let now = Date()
        for case (var execution, let owner?) in running where owner.isDead(now: now, timeout: livenessTimeout) {
            let message =
                "the task's process \(owner.pid) on \(owner.host) died without recording its end: it was killed (kill -9, an out-of-memory killer), crashed, or could not write to the database as it ended (a full disk, a lost connection: see its own output); last heartbeat \(ISO8601DateFormatter().string(from: owner.heartbeat)); closed by recovery"
            let closed = try await run("close dead task execution \(execution.executionId)") { connection in
                try await connection.transaction { connection in
                    // Only while the same owner is still recorded, so a row another recovery closed is left alone.
                    guard try await TaskOwnerStore.find(executionId: execution.executionId, on: connection) == owner else {
                        return false
                    }
                    let updated = try await TaskExecutionStore.complete(
                        executionId: execution.executionId, endTime: now, exitCode: Self.recoveredExitCode,
                        exitMessage: message, errorMessage: nil, on: connection)
                    try await TaskOwnerStore.delete(executionId: execution.executionId, on: connection)
                    try await TaskLockStore.releaseAll(clientId: String(execution.executionId), on: connection)
                    return updated
                }
            }
            guard closed else { continue }
            execution.endTime = now
            execution.exitCode = Self.recoveredExitCode
            execution.exitMessage = message
            execution.lastUpdated = now
            logger.notice(
                "closed task execution \(execution.executionId): its process died",
                metadata: ["task.execution_id": "\(execution.executionId)", "task.name": "\(execution.taskName ?? "")"])
            recovered.append(RecoveredTask(execution: execution, owner: owner))
        }
        return recovered
    }
}
