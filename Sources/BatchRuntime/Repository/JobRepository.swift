import Database
import Foundation
import Logging

/// The write side of the job metadata: Spring Batch's launch and restart rules over the
/// `BATCH_*` tables, with optimistic locking on every execution row update.
///
/// The engine talks only to this type; the SQL lives in the per-table stores.
public final class JobRepository: Sendable {
    /// The metadata database.
    public let pool: ConnectionPool
    let logger: Logger

    /// Creates a repository over a migrated database.
    public init(pool: ConnectionPool, logger: Logger = Logger(label: "swift-batch.repository")) {
        self.pool = pool
        self.logger = logger
    }

    /// Creates the execution that runs a job instance next, applying Spring's rules.
    ///
    /// In one transaction: finds or creates the instance (the unique constraint `JOB_INST_UN`
    /// settles concurrent creators), locks it (PostgreSQL `FOR UPDATE`; SQLite's write lock),
    /// checks the instance's executions and inserts the new one with its parameters, the
    /// previous execution's job context and, when `owner` is given, its owner row. So of two
    /// processes launching the same instance at once, exactly one gets an execution and the
    /// other ``BatchError/Code/alreadyRunning``, without serializable isolation.
    /// - Parameters:
    ///   - jobName: The job.
    ///   - parameters: The parameters; the identifying ones select the instance.
    ///   - restartable: Whether an existing instance may get another execution.
    ///   - owner: The process that will run it.
    ///   - taskExecutionId: The task execution that runs it; the `TASK_TASK_BATCH` link commits
    ///     with the new execution, so no job execution of a task is ever unlinked.
    /// - Throws: ``BatchError`` with ``BatchError/Code/alreadyRunning``, ``BatchError/Code/alreadyComplete``
    ///   or ``BatchError/Code/notRestartable``; ``BatchError/Code/repositoryFailed`` for database errors.
    public func createJobExecution(
        jobName: String, parameters: JobParameters, restartable: Bool = true, owner: ExecutionOwner? = nil,
        taskExecutionId: Int64? = nil
    ) async throws -> JobExecution {
        let key = parameters.jobKey
        do {
            return try await pool.transaction { connection in
                var instance = try await JobInstanceStore.find(name: jobName, key: key, forUpdate: true, on: connection)
                if instance == nil {
                    try await JobInstanceStore.insertIfAbsent(name: jobName, key: key, on: connection)
                    instance = try await JobInstanceStore.find(name: jobName, key: key, forUpdate: true, on: connection)
                }
                guard let instance else {
                    throw BatchError(.repositoryFailed, "job instance \(jobName) could not be created")
                }
                var context = ExecutionContext()
                let executions = try await JobExecutionStore.executions(ofInstance: instance.id, on: connection)
                if let last = executions.first {
                    try Self.checkRestart(
                        jobName: jobName, parameters: parameters, restartable: restartable, executions: executions)
                    context = try await ExecutionContextStore.find(for: .job(last.id), on: connection)
                }
                let now = Date()
                let execution = JobExecution(
                    id: try await IdGenerator.next(.jobExecution, on: connection), instance: instance,
                    parameters: parameters, createTime: now, lastUpdated: now, executionContext: context)
                try await JobExecutionStore.insert(execution, on: connection)
                try await ExecutionContextStore.insert(context, for: .job(execution.id), on: connection)
                if let owner { try await ExecutionOwnerStore.insert(owner, executionId: execution.id, on: connection) }
                if let taskExecutionId {
                    try await TaskRepository.linkJobExecution(
                        taskExecutionId: taskExecutionId, jobExecutionId: execution.id, on: connection)
                }
                return execution
            }
        } catch {
            throw BatchError.repository("create an execution of job \(jobName)", error)
        }
    }

    static func checkRestart(
        jobName: String, parameters: JobParameters, restartable: Bool, executions: [JobExecution]
    ) throws(BatchError) {
        if let running = executions.first(where: \.isRunning) {
            throw BatchError(
                .alreadyRunning,
                "job \(jobName) is already running with these parameters (execution \(running.id), \(running.status.rawValue)); wait for it, stop it with 'stop \(running.id)', or if its process died, 'recover \(running.id)'"
            )
        }
        if let unknown = executions.first(where: { $0.status == .unknown }) {
            throw BatchError(
                .notRestartable,
                "job \(jobName) cannot be restarted: execution \(unknown.id) has status UNKNOWN; abandon it and launch with new parameters")
        }
        if !parameters.identifying.isEmpty,
            let done = executions.first(where: { $0.status == .completed || $0.status == .abandoned })
        {
            throw BatchError(
                .alreadyComplete,
                "job \(jobName) instance \(done.instance.id) with \(parameters.identifying) is already \(done.status == .completed ? "complete" : "abandoned") (execution \(done.id)); change an identifying parameter or use --next"
            )
        }
        if !restartable {
            throw BatchError(
                .notRestartable,
                "job \(jobName) is not restartable and instance \(executions[0].instance.id) already ran (execution \(executions[0].id)); launch it with new identifying parameters"
            )
        }
    }

    /// Saves a job execution row; fails when another writer changed it, except for a stop
    /// request (`STOPPING`) written by another tool, which is merged.
    /// - Throws: ``BatchError/Code/optimisticLockingFailure`` or ``BatchError/Code/repositoryFailed``.
    public func update(_ execution: inout JobExecution) async throws {
        execution.lastUpdated = Date()
        let snapshot = execution
        do {
            // An outcome must be recorded even on a full disk, if the database allows it at all.
            // Outside a chunk, a write that lost a race for the lock is run again (nothing was
            // written), rather than failing a run that may have waited hours for this moment.
            execution.version = try await pool.retryingOnContention { try await pool.writingWhenFull { try await pool.transaction { connection in
                var current = snapshot
                if try await JobExecutionStore.update(current, on: connection) { return current.version + 1 }
                guard let (status, version) = try await JobExecutionStore.status(id: current.id, on: connection) else {
                    throw BatchError(.noSuchExecution, "job execution \(current.id) no longer exists")
                }
                guard status == .stopping || status == .abandoned else {
                    throw BatchError(
                        .optimisticLockingFailure,
                        "job execution \(current.id) was changed by another process (version \(version), expected \(current.version))")
                }
                current.version = version
                if current.status.isRunning { current.status = current.status.upgraded(to: status) }
                guard try await JobExecutionStore.update(current, on: connection) else {
                    throw BatchError(.optimisticLockingFailure, "job execution \(current.id) was changed by another process")
                }
                return version + 1
            } } }
        } catch {
            throw BatchError.repository("update job execution \(execution.id)", error)
        }
    }

    /// Saves the job's execution context.
    public func updateExecutionContext(of execution: JobExecution) async throws {
        do {
            try await pool.withConnection { connection in
                try await ExecutionContextStore.update(execution.executionContext, for: .job(execution.id), on: connection)
            }
        } catch {
            throw BatchError.repository("save the context of job execution \(execution.id)", error)
        }
    }

    /// Inserts a new step execution (assigning its id) with its context.
    public func add(_ step: inout StepExecution) async throws {
        let snapshot = step
        do {
            step.id = try await pool.retryingOnContention {
                try await pool.transaction { connection in
                    var step = snapshot
                    step.id = try await IdGenerator.next(.stepExecution, on: connection)
                    try await StepExecutionStore.insert(step, on: connection)
                    try await ExecutionContextStore.insert(step.executionContext, for: .step(step.id), on: connection)
                    return step.id
                }
            }
        } catch {
            throw BatchError.repository("create step execution \(step.stepName)", error)
        }
    }

    /// Saves a step execution row and, when it changed, its context, in one transaction.
    /// - Throws: ``BatchError/Code/optimisticLockingFailure`` or ``BatchError/Code/repositoryFailed``.
    public func update(_ step: inout StepExecution) async throws {
        var copy = step
        do {
            let snapshot = copy
            copy = try await pool.retryingOnContention {
                try await pool.writingWhenFull {
                    try await pool.transaction { connection in
                        var step = snapshot
                        try await self.update(&step, on: connection)
                        return step
                    }
                }
            }
        } catch {
            throw BatchError.repository("update step execution \(step.id)", error)
        }
        step = copy
    }

    /// Saves a step execution row and its context (when changed) on a connection inside a
    /// transaction the caller owns: the chunk transaction.
    public func update(_ step: inout StepExecution, on connection: SQLConnection) async throws {
        step.lastUpdated = Date()
        // The row and its context in one hand-off to the driver's thread: this runs once per chunk.
        var statements = [StepExecutionStore.updateStatement(step)]
        if step.executionContext.isDirty {
            statements.append(ExecutionContextStore.updateStatement(step.executionContext, for: .step(step.id)))
        }
        let changed = try await connection.executeSequence(statements)
        guard changed[0] == 1 else {
            throw BatchError(
                .optimisticLockingFailure, "step execution \(step.id) (\(step.stepName)) was changed by another process")
        }
        step.version += 1
        if changed.count == 2 {
            if changed[1] == 0 {
                try await ExecutionContextStore.insert(step.executionContext, for: .step(step.id), on: connection)
            }
            step.executionContext.markClean()
        }
    }

    /// The latest execution of `stepName` in the instance, with its context, or nil.
    public func lastStepExecution(jobInstanceId: Int64, stepName: String) async throws -> StepExecution? {
        do {
            return try await pool.withConnection { connection in
                guard var step = try await StepExecutionStore.last(stepName: stepName, instanceId: jobInstanceId, on: connection)
                else { return nil }
                step.executionContext = try await ExecutionContextStore.find(for: .step(step.id), on: connection)
                return step
            }
        } catch {
            throw BatchError.repository("find the last execution of step \(stepName)", error)
        }
    }

    /// How often `stepName` was started in the instance.
    public func stepExecutionCount(jobInstanceId: Int64, stepName: String) async throws -> Int {
        do {
            return try await pool.withConnection { connection in
                try await StepExecutionStore.count(stepName: stepName, instanceId: jobInstanceId, on: connection)
            }
        } catch {
            throw BatchError.repository("count the executions of step \(stepName)", error)
        }
    }

    /// Deletes job executions with their steps, contexts, parameters and owner rows, and the
    /// instances left without executions, on a connection the caller holds (a purge of task
    /// executions deletes their jobs in the same transaction). Running executions must not be given.
    public static func deleteJobExecutions(ids: [Int64], on connection: SQLConnection) async throws {
        try await JobDataPurge.delete(jobExecutionIds: ids, on: connection)
    }
}
