import Database
import Foundation
import Logging

/// The write side of task metadata: `TASK_EXECUTION`, `TASK_EXECUTION_PARAMS`, `TASK_TASK_BATCH`
/// and `TASK_LOCK` written as Spring Cloud Task writes them, plus the liveness rows that let
/// recovery close executions whose process died. Ids come from `TASK_SEQ`.
public final class TaskRepository: Sendable {
    /// The metadata database.
    public let pool: ConnectionPool
    package let logger: Logger

    /// Creates a repository over a migrated database.
    public init(pool: ConnectionPool, logger: Logger = Logger(label: "swift-batch.task")) {
        self.pool = pool
        self.logger = logger
    }

    /// Creates a row the way a Data Flow server does before it launches a task: name (and
    /// optionally external and parent ids) only, no start time, exit code NULL.
    /// - Returns: The new execution; launch the task with `--spring.cloud.task.executionid=<its id>`.
    public func createTaskExecution(name: String, externalExecutionId: String? = nil, parentExecutionId: Int64? = nil)
        async throws -> TaskExecution
    {
        do {
            return try await pool.transaction { connection in
                let execution = TaskExecution(
                    executionId: try await connection.nextValue(ofSequence: "TASK_SEQ"), taskName: name, lastUpdated: Date(),
                    externalExecutionId: externalExecutionId, parentExecutionId: parentExecutionId)
                try await TaskExecutionStore.insert(execution, on: connection)
                return execution
            }
        } catch {
            throw TaskError.repository("create a task execution for \(name)", error)
        }
    }

    /// Records the start of a run: on the pre-created row named by ``TaskSettings/executionId``
    /// (which must exist and not have ended), else on a new row; with the arguments and, when
    /// `owner` is given, the liveness row, all in one transaction.
    /// - Throws: ``TaskError/Code/noSuchExecution``, ``TaskError/Code/alreadyEnded``,
    ///   ``TaskError/Code/alreadyRunning`` (the row is running in a live process), ``TaskError/Code/repositoryFailed``.
    public func startTaskExecution(_ settings: TaskSettings, owner: ExecutionOwner?, at time: Date = Date()) async throws
        -> TaskExecution
    {
        do {
            // A start that lost the race for the lock wrote nothing: it runs again
            // (ConnectionPool.retryingOnContention) rather than failing the launch.
            return try await pool.retryingOnContention { try await pool.transaction { connection in
                var execution: TaskExecution
                if let id = settings.executionId {
                    guard let existing = try await TaskExecutionStore.find(id: id, forUpdate: true, on: connection) else {
                        throw TaskError(
                            .noSuchExecution,
                            "task execution \(id) given by --spring.cloud.task.executionid does not exist; launch without it to record a new execution, or create the row first")
                    }
                    if existing.endTime != nil {
                        throw TaskError(
                            .alreadyEnded,
                            "task execution \(id) given by --spring.cloud.task.executionid has already ended (exit code \(existing.exitCode.map(String.init) ?? "none")); each launch needs a new execution id")
                    }
                    if existing.startTime != nil, let holder = try await TaskOwnerStore.find(executionId: id, on: connection) {
                        throw TaskError(
                            .alreadyRunning,
                            "task execution \(id) is already running in process \(holder.pid) on \(holder.host); each launch needs a new execution id")
                    }
                    execution = existing
                    execution.arguments = []
                } else {
                    execution = TaskExecution(executionId: try await connection.nextValue(ofSequence: "TASK_SEQ"), taskName: nil)
                }
                execution.taskName = settings.taskName
                execution.startTime = time
                execution.lastUpdated = time
                execution.parentExecutionId = settings.parentExecutionId
                if let external = settings.externalExecutionId { execution.externalExecutionId = external }
                execution.arguments = settings.arguments
                if settings.executionId == nil {
                    try await TaskExecutionStore.insert(execution, on: connection)
                } else {
                    try await TaskExecutionStore.start(execution, on: connection)
                }
                if let owner { try await TaskOwnerStore.insert(owner, executionId: execution.executionId, on: connection) }
                return execution
            } }
        } catch {
            throw TaskError.repository("record the start of task \(settings.taskName)", error)
        }
    }

    /// Records the end of a run and removes its liveness row, in one transaction.
    /// - Returns: False when the row had already ended (for example recovery closed it while
    ///   this process was unreachable); the row is left as it was.
    @discardableResult
    public func completeTaskExecution(
        executionId: Int64, exitCode: Int32, exitMessage: String? = nil, errorMessage: String? = nil, at time: Date = Date()
    ) async throws -> Bool {
        do {
            // The end must be recorded even on a full disk, if the database allows it at all.
            return try await pool.retryingOnContention { try await pool.writingWhenFull { try await pool.transaction { connection in
                let updated = try await TaskExecutionStore.complete(
                    executionId: executionId, endTime: time, exitCode: exitCode, exitMessage: exitMessage,
                    errorMessage: errorMessage, on: connection)
                try await TaskOwnerStore.delete(executionId: executionId, on: connection)
                return updated
            } } }
        } catch {
            throw TaskError.repository("record the end of task execution \(executionId)", error)
        }
    }

    /// Creates a pre-launch row on a connection the caller holds, so the row commits with the
    /// caller's own records of the launch (see ``createTaskExecution(name:externalExecutionId:parentExecutionId:)``).
    public static func createTaskExecution(name: String, parentExecutionId: Int64? = nil, on connection: SQLConnection) async throws
        -> TaskExecution
    {
        let execution = TaskExecution(
            executionId: try await connection.nextValue(ofSequence: "TASK_SEQ"), taskName: name, lastUpdated: Date(),
            parentExecutionId: parentExecutionId)
        try await TaskExecutionStore.insert(execution, on: connection)
        return execution
    }

    /// Records the end of an execution as its platform saw it, for apps that did not record it
    /// themselves (a plain script, a process killed with SIGKILL, a launch that never started):
    /// the start time is set when the app never recorded one, so the row reads as ended, not
    /// UNKNOWN. An execution that already ended is left as it is.
    /// - Returns: Whether the row was updated.
    @discardableResult
    public func recordPlatformEnd(
        executionId: Int64, startTime: Date, exitCode: Int32, exitMessage: String? = nil, errorMessage: String? = nil,
        at time: Date = Date()
    ) async throws -> Bool {
        do {
            return try await pool.retryingOnContention { try await pool.writingWhenFull { try await pool.transaction { connection in
                let updated = try await TaskExecutionStore.completeFromPlatform(
                    executionId: executionId, startTime: startTime, endTime: time, exitCode: exitCode, exitMessage: exitMessage,
                    errorMessage: errorMessage, on: connection)
                try await TaskOwnerStore.delete(executionId: executionId, on: connection)
                return updated
            } } }
        } catch {
            throw TaskError.repository("record the end of task execution \(executionId)", error)
        }
    }

    /// Sets `EXTERNAL_EXECUTION_ID`, as a server does with the platform's launch id.
    public func updateExternalExecutionId(executionId: Int64, externalExecutionId: String) async throws {
        let updated = try await run("set the external id of task execution \(executionId)") { connection in
            try await TaskExecutionStore.updateExternalId(executionId: executionId, externalId: externalExecutionId, on: connection)
        }
        if !updated { throw TaskError(.noSuchExecution, "no task execution with id \(executionId)") }
    }

    /// Deletes task executions with their arguments, job links and liveness rows, on a connection
    /// the caller holds (a purge deletes the linked job data in the same transaction). Rows of
    /// other tables that reference the executions must be deleted first.
    /// - Returns: The ids of the job executions the deleted executions had run.
    public static func deleteTaskExecutions(ids: [Int64], on connection: SQLConnection) async throws -> [Int64] {
        try await TaskExecutionPurge.delete(taskExecutionIds: ids, on: connection).jobExecutionIds
    }

    /// Sets `EXTERNAL_EXECUTION_ID` on a connection the caller holds.
    public static func updateExternalExecutionId(executionId: Int64, externalExecutionId: String, on connection: SQLConnection) async throws {
        _ = try await TaskExecutionStore.updateExternalId(executionId: executionId, externalId: externalExecutionId, on: connection)
    }

    /// Links a job execution to the task execution that runs it (`TASK_TASK_BATCH`).
    public func linkJobExecution(taskExecutionId: Int64, jobExecutionId: Int64) async throws {
        try await run("link job execution \(jobExecutionId) to task execution \(taskExecutionId)") { connection in
            try await Self.linkJobExecution(taskExecutionId: taskExecutionId, jobExecutionId: jobExecutionId, on: connection)
        }
    }

    /// Links a job execution to a task execution on a connection the caller holds, so the link
    /// commits in the same transaction that creates the job execution.
    public static func linkJobExecution(taskExecutionId: Int64, jobExecutionId: Int64, on connection: SQLConnection) async throws {
        try await TaskBatchStore.insert(taskExecutionId: taskExecutionId, jobExecutionId: jobExecutionId, on: connection)
    }

    /// Records that the owner of a running execution is alive.
    /// - Returns: False when the liveness row is gone (recovery closed the execution).
    public func heartbeat(executionId: Int64, at time: Date = Date()) async throws -> Bool {
        try await run("record the heartbeat of task execution \(executionId)") { connection in
            try await TaskOwnerStore.beat(executionId: executionId, at: time, on: connection)
        }
    }

    func run<T>(_ action: String, _ body: (SQLConnection) async throws -> T) async throws -> T {
        do {
            return try await pool.withConnection { try await body($0) }
        } catch {
            throw TaskError.repository(action, error)
        }
    }
}
