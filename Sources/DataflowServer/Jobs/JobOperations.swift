import BatchRuntime
import Database
import Foundation
import Logging
import TaskRuntime

/// Stop, abandon and restart of job executions through the server (Data Flow's
/// `PUT /jobs/executions/{id}`), judged by the one ``JobExecutionState`` the resources show.
///
/// A stop goes through ``JobRepository/requestStop(jobExecutionId:)``, the path the apps' own
/// `stop` command takes: the running app stops at its next chunk boundary and ends STOPPED. A
/// restart relaunches the task that ran the execution through ``TaskLaunchService`` (a new task
/// execution, the queue, the audit) with the arguments that make the app resume the same job
/// instance (``RestartArguments``). Beyond Data Flow: an execution whose process is gone is
/// recorded FAILED with the reason first (``JobRepository/recover(jobExecutionId:reason:livenessTimeout:force:)``),
/// so it can be restarted or abandoned without hand-written SQL; abandon is offered as Spring's
/// `JobOperator` offers it.
///
/// ```swift
/// let taskExecutionId = try await operations.restart(jobExecutionId: 7, user: nil)
/// ```
public struct JobOperations: Sendable {
    let pool: ConnectionPool
    let launcher: TaskLaunchService
    let explorer: JobExplorer
    let repository: JobRepository
    let taskExplorer: TaskExplorer
    /// How long without a heartbeat makes an execution on another host dead.
    let livenessTimeout: Duration
    let logger: Logger

    /// Creates the service.
    /// - Parameters:
    ///   - pool: The metadata database.
    ///   - launcher: Launches the restarts.
    ///   - livenessTimeout: How long without a heartbeat makes an execution on another host dead.
    ///   - logger: Where operations are logged.
    public init(
        pool: ConnectionPool, launcher: TaskLaunchService, livenessTimeout: Duration = BatchConfiguration().livenessTimeout,
        logger: Logger
    ) {
        self.pool = pool
        self.launcher = launcher
        self.explorer = JobExplorer(pool: pool)
        self.repository = JobRepository(pool: pool, logger: logger)
        self.taskExplorer = TaskExplorer(pool: pool)
        self.livenessTimeout = livenessTimeout
        self.logger = logger
    }

    /// Asks a running execution to stop at its next chunk boundary; asking again while it
    /// stops is fine.
    /// - Throws: ``ServerError`` `noSuchJobExecution` (404); `jobNotRunning` (422) when it is not
    ///   running, or its process is gone (then the message says how to restart or abandon it).
    public func stop(jobExecutionId id: Int64, user: String?) async throws {
        let execution = try await require(id)
        let notRunning = "JobExecution is not running and therefore cannot be stopped"
        guard execution.isRunning else {
            throw ServerError(.jobNotRunning, "\(notRunning): job execution \(id) of \(execution.jobName) is \(execution.status.rawValue)")
        }
        let state = try await explorer.state(of: execution, livenessTimeout: livenessTimeout)
        if state.isDead {
            throw ServerError(
                .jobNotRunning,
                "\(notRunning): job execution \(id) of \(execution.jobName) is \(execution.status.rawValue) but dead (\(state.deathReason ?? "its process is gone")); restart it with 'dataflow job execution restart --id \(id)', which records it FAILED first, or abandon it with 'dataflow job execution abandon --id \(id)'")
        }
        do {
            try await repository.requestStop(jobExecutionId: id)
        } catch let error as BatchError where error.code == .notRunning {
            throw ServerError(.jobNotRunning, "\(notRunning): job execution \(id) of \(execution.jobName) ended meanwhile")
        }
        try await audit(.undeploy, execution, what: "stop requested", user: user)
        logger.info("stop requested", metadata: metadata(execution))
    }

    /// Marks an execution ABANDONED, so a restart of its instance skips it; one whose process
    /// is gone is recorded FAILED with the reason first. Abandoning an ABANDONED execution
    /// again changes nothing.
    /// - Returns: The abandoned execution.
    /// - Throws: ``ServerError`` `noSuchJobExecution` (404); `jobAlreadyRunning` (422) when it runs
    ///   with its process alive, or COMPLETED.
    @discardableResult
    public func abandon(jobExecutionId id: Int64, user: String?) async throws -> JobExecution {
        let execution = try await require(id)
        if execution.status == .abandoned { return execution }
        let state = try await explorer.state(of: execution, livenessTimeout: livenessTimeout)
        guard state.abandonable else {
            let why = execution.isRunning
                ? "it is \(execution.status.rawValue) and its process is alive; stop it first with 'dataflow job execution stop --id \(id)'"
                : "it is \(execution.status.rawValue)"
            throw ServerError(
                .jobAlreadyRunning,
                "JobExecution is running or complete and therefore cannot be aborted: job execution \(id) of \(execution.jobName): \(why)")
        }
        if state.isDead { try await recoverDead(execution, state: state) }
        let abandoned = try await repository.abandon(jobExecutionId: id)
        try await audit(.update, execution, what: "abandoned", user: user)
        logger.info("abandoned", metadata: metadata(execution))
        return abandoned
    }

    /// The execution.
    /// - Throws: ``ServerError`` `noSuchJobExecution` with Data Flow's message.
    func require(_ id: Int64) async throws -> JobExecution {
        guard let execution = try await explorer.jobExecution(id: id) else {
            throw ServerError(.noSuchJobExecution, "There is no JobExecution with id=\(id)")
        }
        return execution
    }

    /// Records a dead execution FAILED with the reason it is dead (on its job and step rows);
    /// one recovered meanwhile by someone else is fine.
    func recoverDead(_ execution: JobExecution, state: JobExecutionState) async throws {
        let reason = "recovered as FAILED by the server: \(state.deathReason ?? "its process is gone")"
        do {
            try await repository.recover(jobExecutionId: execution.id, reason: reason, livenessTimeout: livenessTimeout, force: true)
            logger.notice("recovered a dead job execution", metadata: metadata(execution).merging(["batch.job.death_reason": "\(reason)"]) { $1 })
        } catch let error as BatchError where error.code == .notRunning {
            // Recovered meanwhile (by its next launch, or another operator).
        }
    }

    /// An audit record of the task side (operation TASK) for an operation on `execution`.
    func audit(_ action: AuditAction, _ execution: JobExecution, what: String, user: String?) async throws {
        let data = "{\"jobExecutionId\":\(execution.id),\"jobName\":\(Self.quoted(execution.jobName)),\"operation\":\(Self.quoted(what))}"
        try await pool.withConnection { connection in
            try await AuditTrail.record(
                AuditRecord(action: action, operation: .task, correlationId: "\(execution.jobName):\(execution.id)", data: data, createdBy: user),
                on: connection)
        }
    }

    func metadata(_ execution: JobExecution) -> Logger.Metadata {
        ["batch.job.name": "\(execution.jobName)", "batch.job.execution_id": "\(execution.id)"]
    }

    static func quoted(_ text: String) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: text, options: [.fragmentsAllowed, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}

extension ServerError.Code {
    /// The job execution was run by no task execution (Data Flow's `NoSuchTaskBatchException`).
    static let noSuchTaskBatch = ServerError.Code("NoSuchTaskBatchException", .notFound)
}
