import Database
import Foundation

/// The single-instance lock in `TASK_LOCK`.
extension TaskRepository {
    /// Takes the single-instance lock of a task name for a running execution.
    ///
    /// Inserts the lock row (the primary key `LOCK_PK` lets exactly one of several racing
    /// starters in). When another execution holds it, the holder is checked: a holder that has
    /// ended, no longer exists, or whose process is dead (see ``ExecutionOwner/isDead(now:timeout:)``)
    /// loses the lock at once to a compare-and-set update that again lets only one starter win;
    /// the dead holder's execution is closed as recovery would. A holder without liveness
    /// information (a Spring application) keeps it until `ttl` has passed since it took it.
    /// - Parameters:
    ///   - taskName: The task name.
    ///   - executionId: The running execution that takes the lock (stored as CLIENT_ID).
    ///   - ttl: How long a lock of a holder without liveness information counts.
    ///   - livenessTimeout: Heartbeat silence after which a holder on another host is dead.
    /// - Throws: ``TaskError/Code/alreadyRunning`` with Spring's message, `Task with name "<name>" is already running.`
    public func acquireLock(taskName: String, executionId: Int64, ttl: Duration, livenessTimeout: Duration) async throws {
        let key = TaskLockKey.key(forTaskName: taskName)
        let client = String(executionId)
        for _ in 0..<5 {
            let now = Date()
            let holder: TaskLockStore.Holder? = try await run("take the lock of task \(taskName)") { connection in
                if try await TaskLockStore.insert(key: key, clientId: client, at: now, on: connection) { return nil }
                return try await TaskLockStore.find(key: key, on: connection)
                    ?? TaskLockStore.Holder(clientId: "", created: now)  // released meanwhile: try again
            }
            guard let holder else { return }
            if holder.clientId == client { return }
            if holder.clientId.isEmpty { continue }
            guard let reason = try await deadReason(of: holder, ttl: ttl, livenessTimeout: livenessTimeout, now: now) else {
                throw TaskError(.alreadyRunning, "Task with name \"\(taskName)\" is already running.")
            }
            let taken = try await run("take over the lock of task \(taskName)") { connection in
                try await TaskLockStore.takeOver(key: key, from: holder, clientId: client, at: now, on: connection)
            }
            if taken {
                logger.notice(
                    "took over the lock of task \(taskName) from execution \(holder.clientId): \(reason)",
                    metadata: ["task.name": "\(taskName)", "task.execution_id": "\(executionId)"])
                if let deadId = Int64(holder.clientId) {
                    _ = try await recoverDeadExecutions(ids: [deadId], livenessTimeout: livenessTimeout)
                }
                return
            }
        }
        throw TaskError(.alreadyRunning, "Task with name \"\(taskName)\" is already running.")
    }

    /// Releases the lock of a task name if `executionId` holds it.
    public func releaseLock(taskName: String, executionId: Int64) async throws {
        try await run("release the lock of task \(taskName)") { connection in
            try await TaskLockStore.release(key: TaskLockKey.key(forTaskName: taskName), clientId: String(executionId), on: connection)
        }
    }

    /// Why a lock holder is gone, or nil when it may be alive.
    private func deadReason(of holder: TaskLockStore.Holder, ttl: Duration, livenessTimeout: Duration, now: Date) async throws
        -> String?
    {
        let expired = now.timeIntervalSince(holder.created) > Double(ttl.components.seconds)
        guard let id = Int64(holder.clientId) else {
            return expired ? "its lock is older than the lock TTL" : nil
        }
        return try await run("check the holder of a task lock") { connection in
            guard let execution = try await TaskExecutionStore.find(id: id, on: connection) else {
                return "execution \(id) does not exist"
            }
            if execution.endTime != nil { return "execution \(id) has ended" }
            if let owner = try await TaskOwnerStore.find(executionId: id, on: connection) {
                return owner.isDead(now: now, timeout: livenessTimeout)
                    ? "its process \(owner.pid) on \(owner.host) is dead" : nil
            }
            return expired ? "its lock is older than the lock TTL" : nil
        }
    }
}
