import Database
import Foundation

extension JobRepository {
    /// What a running execution learns at a chunk boundary.
    struct Signals {
        /// A stop was requested (job row `STOPPING` from any tool, or our owner row's flag).
        var stopRequested: Bool
    }

    /// Reads the stop signals of a running execution (one query per chunk boundary).
    func signals(jobExecutionId: Int64) async throws -> Signals {
        do {
            return try await pool.withConnection { connection in
                Signals(stopRequested: try await ExecutionOwnerStore.stopRequested(jobExecutionId: jobExecutionId, on: connection))
            }
        } catch {
            throw BatchError.repository("read the status of job execution \(jobExecutionId)", error)
        }
    }

    /// Records that the owner is alive; returns whether a stop was requested through the owner row.
    func heartbeat(jobExecutionId: Int64) async throws -> Bool {
        do {
            return try await pool.withConnection { connection in
                try await ExecutionOwnerStore.beat(executionId: jobExecutionId, at: Date(), on: connection)
            }
        } catch {
            throw BatchError.repository("record a heartbeat of job execution \(jobExecutionId)", error)
        }
    }

    /// Forgets the owner of an execution that ended.
    func releaseOwner(jobExecutionId: Int64) async throws {
        do {
            try await pool.writingWhenFull {
                try await pool.withConnection { connection in
                    try await ExecutionOwnerStore.delete(executionId: jobExecutionId, on: connection)
                }
            }
        } catch {
            throw BatchError.repository("release job execution \(jobExecutionId)", error)
        }
    }

    /// The owner row of an execution, or nil.
    public func owner(ofJobExecution id: Int64) async throws -> ExecutionOwner? {
        do {
            return try await pool.withConnection { try await ExecutionOwnerStore.find(executionId: id, on: $0) }
        } catch {
            throw BatchError.repository("read the owner of job execution \(id)", error)
        }
    }

    /// Asks a running execution to stop at its next chunk boundary.
    ///
    /// When the execution has a live owner, the request goes to the owner row, so the row the
    /// running process updates never changes under it; the process itself records `STOPPING`
    /// and then `STOPPED`. Without an owner row (an execution run by a Spring app), the job row
    /// is set to `STOPPING`, as Spring's operator does.
    /// - Throws: ``BatchError/Code/noSuchExecution``, ``BatchError/Code/notRunning``.
    public func requestStop(jobExecutionId id: Int64) async throws {
        do {
            try await pool.transaction { connection in
                guard var execution = try await JobExecutionStore.find(id: id, on: connection) else {
                    throw BatchError(.noSuchExecution, "no job execution with id \(id)")
                }
                guard execution.isRunning else {
                    throw BatchError(
                        .notRunning, "job execution \(id) is not running (\(execution.status.rawValue)); nothing to stop")
                }
                if try await ExecutionOwnerStore.requestStop(executionId: id, at: Date(), on: connection) { return }
                if try await ExecutionOwnerStore.find(executionId: id, on: connection) != nil { return }
                execution.status = .stopping
                execution.lastUpdated = Date()
                guard try await JobExecutionStore.update(execution, on: connection) else {
                    throw BatchError(.optimisticLockingFailure, "job execution \(id) changed while stopping it; try again")
                }
            }
        } catch {
            throw BatchError.repository("stop job execution \(id)", error)
        }
    }

    /// Marks a dead execution FAILED, with an end time, on its job row and its running step rows,
    /// so it can be restarted.
    /// - Parameters:
    ///   - id: The job execution.
    ///   - reason: Why it is recovered; becomes the exit message.
    ///   - livenessTimeout: How long without a heartbeat makes an owner dead.
    ///   - force: Recover even when the owner looks alive or there is no owner row.
    /// - Returns: The recovered execution.
    /// - Throws: ``BatchError/Code/stillRunning`` when the owner is alive, ``BatchError/Code/notRunning``
    ///   when the execution already ended.
    @discardableResult
    public func recover(
        jobExecutionId id: Int64, reason: String? = nil, livenessTimeout: Duration, force: Bool = false
    ) async throws -> JobExecution {
        do {
            return try await pool.transaction { connection in
                guard var execution = try await JobExecutionStore.find(id: id, on: connection) else {
                    throw BatchError(.noSuchExecution, "no job execution with id \(id)")
                }
                guard execution.isRunning else {
                    throw BatchError(
                        .notRunning, "job execution \(id) is not running (\(execution.status.rawValue)); nothing to recover")
                }
                let owner = try await ExecutionOwnerStore.find(executionId: id, on: connection)
                let now = Date()
                var message = reason ?? "recovered by an operator"
                if let owner {
                    if !owner.isDead(now: now, timeout: livenessTimeout) && !force {
                        throw BatchError(
                            .stillRunning,
                            "job execution \(id) is alive: process \(owner.pid) on \(owner.host) sent a heartbeat at \(SQLValue.date(owner.heartbeat)); stop it with 'stop \(id)' instead"
                        )
                    }
                    message = reason
                        ?? "process \(owner.pid) on \(owner.host) died; last heartbeat \(SQLValue.date(owner.heartbeat)); recovered as FAILED"
                } else if !force {
                    throw BatchError(
                        .stillRunning,
                        "job execution \(id) has no owner record, so swift-batch cannot tell whether it is alive; if its process is gone, run 'recover \(id) --force'"
                    )
                }
                _ = try await StepExecutionStore.failRunning(jobExecutionId: id, message: message, at: now, on: connection)
                execution.status = .failed
                execution.exitStatus = ExitStatus("FAILED", description: message)
                execution.endTime = now
                execution.lastUpdated = now
                guard try await JobExecutionStore.update(execution, on: connection) else {
                    throw BatchError(.optimisticLockingFailure, "job execution \(id) changed while recovering it; try again")
                }
                execution.version += 1
                try await ExecutionOwnerStore.delete(executionId: id, on: connection)
                return execution
            }
        } catch {
            throw BatchError.repository("recover job execution \(id)", error)
        }
    }

    /// Marks an execution that is not running ABANDONED with an end time; a restart then skips it.
    /// - Throws: ``BatchError/Code/stillRunning`` for a running execution (recover or stop it first).
    @discardableResult
    public func abandon(jobExecutionId id: Int64) async throws -> JobExecution {
        do {
            return try await pool.transaction { connection in
                guard var execution = try await JobExecutionStore.find(id: id, on: connection) else {
                    throw BatchError(.noSuchExecution, "no job execution with id \(id)")
                }
                guard execution.status >= .stopping, execution.status != .stopping else {
                    throw BatchError(
                        .stillRunning,
                        "job execution \(id) is \(execution.status.rawValue); only stopped or failed executions can be abandoned (stop it, or recover it if its process died)"
                    )
                }
                let now = Date()
                execution.status = .abandoned
                execution.exitStatus = execution.exitStatus.and(ExitStatus("ABANDONED", description: "abandoned by an operator"))
                if execution.endTime == nil { execution.endTime = now }
                execution.lastUpdated = now
                guard try await JobExecutionStore.update(execution, on: connection) else {
                    throw BatchError(.optimisticLockingFailure, "job execution \(id) changed while abandoning it; try again")
                }
                execution.version += 1
                return execution
            }
        } catch {
            throw BatchError.repository("abandon job execution \(id)", error)
        }
    }
}
