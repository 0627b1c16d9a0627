import Foundation
import Logging

/// Start, restart, stop, abandon and recover job executions by job name or execution id: what a
/// batch application's command line (and later the server) does.
///
/// Dead executions (their owner process is gone, or sent no heartbeat for
/// ``BatchConfiguration/livenessTimeout``) are recovered automatically by ``start(jobName:parameters:next:control:)``,
/// ``restart(_:control:)`` and ``launch(jobName:parameters:control:)``, and reported through `notice`; live
/// ones are never touched.
public struct JobOperator: Sendable {
    /// The jobs this application can run, by name.
    public let jobs: [String: Job]
    /// The launcher (and through it the repository and settings).
    public let launcher: JobLauncher
    /// Called with one-line notices for the user (recovered executions, parameters used).
    public var notice: @Sendable (String) -> Void

    /// The repository.
    public var repository: JobRepository { launcher.repository }
    /// The read side.
    public var explorer: JobExplorer { JobExplorer(pool: launcher.repository.pool) }

    /// Creates an operator.
    public init(jobs: [Job], launcher: JobLauncher, notice: @escaping @Sendable (String) -> Void = { _ in }) {
        self.jobs = Dictionary(jobs.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.launcher = launcher
        self.notice = notice
    }

    /// The job called `name`.
    /// - Throws: ``BatchError/Code/noSuchJob`` listing the jobs there are.
    public func job(named name: String) throws(BatchError) -> Job {
        guard let job = jobs[name] else {
            throw BatchError(
                .noSuchJob, "no job named '\(name)'; this application has: \(jobs.keys.sorted().joined(separator: ", "))")
        }
        return job
    }

    /// Starts a job.
    /// - Parameters:
    ///   - jobName: The job.
    ///   - parameters: The parameters given.
    ///   - next: Apply the job's incrementer to the last execution's parameters first (`--next`).
    ///   - control: Stop requests and progress.
    /// - Returns: The finished execution.
    public func start(jobName: String, parameters: JobParameters, next: Bool = false, control: RunControl = RunControl())
        async throws -> JobExecution
    {
        let job = try job(named: jobName)
        var parameters = parameters
        if next {
            guard let incrementer = job.incrementer else {
                throw BatchError(.invalidParameters, "job \(jobName) has no incrementer, so --next cannot derive new parameters")
            }
            // As Spring's JobParametersBuilder: from the last instance's last execution, so a
            // restart of an older instance in between never makes `run.id` go back.
            let previous = try await lastExecutionOfLastInstance(jobName: jobName)?.parameters ?? JobParameters()
            parameters = incrementer.next(after: previous).overridden(by: parameters)
            notice("parameters: \(parameters)")
        }
        return try await launchRecoveringDead(job, parameters: parameters, control: control)
    }

    /// Restarts the latest FAILED, STOPPED or dead execution of a job, or one execution by id,
    /// with that execution's own parameters.
    /// - Parameters:
    ///   - target: An execution id or a job name.
    ///   - control: Stop requests and progress.
    /// - Returns: The finished new execution.
    public func restart(_ target: String, control: RunControl = RunControl()) async throws -> JobExecution {
        let previous: JobExecution
        if let id = Int64(target) {
            guard let execution = try await explorer.jobExecution(id: id) else {
                throw BatchError(.noSuchExecution, "no job execution with id \(id)")
            }
            previous = execution
        } else {
            _ = try job(named: target)
            let recent = try await explorer.jobExecutions(jobName: target, limit: 50)
            guard let candidate = recent.first(where: { $0.status > .stopping || $0.isRunning }) else {
                throw BatchError(.notRestartable, "no failed or stopped execution of job \(target) found")
            }
            previous = candidate
        }
        let job = try job(named: previous.jobName)
        if previous.isRunning {
            guard try await recoverIfDead(previous) else {
                throw BatchError(
                    .alreadyRunning,
                    "job execution \(previous.id) of \(previous.jobName) is still running and its process is alive; stop it first with 'stop \(previous.id)'"
                )
            }
        } else if previous.status == .completed {
            throw BatchError(
                .alreadyComplete,
                "job execution \(previous.id) of \(previous.jobName) is COMPLETED; nothing to restart (start it with new parameters or --next)")
        }
        notice("restarting job \(job.name) from execution \(previous.id) with \(previous.parameters)")
        return try await launchRecoveringDead(job, parameters: previous.parameters, control: control)
    }

    /// Asks a running execution to stop at its next chunk boundary.
    public func stop(executionId: Int64) async throws {
        try await repository.requestStop(jobExecutionId: executionId)
    }

    /// Marks a stopped or failed execution ABANDONED.
    @discardableResult
    public func abandon(executionId: Int64) async throws -> JobExecution {
        try await repository.abandon(jobExecutionId: executionId)
    }

    /// Marks a dead execution FAILED so it can be restarted.
    /// - Parameter force: Recover even without proof that the owner died.
    @discardableResult
    public func recover(executionId: Int64, force: Bool = false) async throws -> JobExecution {
        try await repository.recover(
            jobExecutionId: executionId, livenessTimeout: launcher.configuration.livenessTimeout, force: force)
    }

    /// Recovers `execution` when its owner is dead; returns whether it did.
    func recoverIfDead(_ execution: JobExecution) async throws -> Bool {
        guard let owner = try await repository.owner(ofJobExecution: execution.id),
            owner.isDead(timeout: launcher.configuration.livenessTimeout)
        else { return false }
        do {
            try await repository.recover(jobExecutionId: execution.id, livenessTimeout: launcher.configuration.livenessTimeout)
        } catch let error as BatchError where error.code == .notRunning {
            return true  // someone else recovered it meanwhile
        }
        notice(
            "execution \(execution.id) was left \(execution.status.rawValue) by process \(owner.pid) on \(owner.host), which is gone; recovered it as FAILED"
        )
        return true
    }

    /// The latest execution of the job's latest instance, as Spring's `JobParametersBuilder`
    /// finds the parameters an incrementer starts from; nil when the job never ran.
    func lastExecutionOfLastInstance(jobName: String) async throws -> JobExecution? {
        guard let instance = try await explorer.jobInstances(jobName: jobName, limit: 1).first else { return nil }
        return try await explorer.jobExecutions(ofInstance: instance.id).first
    }

    /// Runs `job`; when an execution of its instance is in the way because its process died,
    /// recovers that execution (as ``restart(_:control:)`` does) and runs it again.
    func launchRecoveringDead(_ job: Job, parameters: JobParameters, control: RunControl) async throws
        -> JobExecution
    {
        do {
            return try await launcher.run(job, parameters: parameters, control: control)
        } catch let error as BatchError where error.code == .alreadyRunning {
            guard let instance = try await explorer.jobInstance(jobName: job.name, parameters: parameters) else { throw error }
            var recovered = false
            for execution in try await explorer.jobExecutions(ofInstance: instance.id) where execution.isRunning {
                if try await recoverIfDead(execution) { recovered = true }
            }
            guard recovered else { throw error }
            return try await launcher.run(job, parameters: parameters, control: control)
        }
    }
}
