import Database
import Foundation
import Logging
import CoreMetrics
import ServiceLifecycle

/// Runs jobs: creates the execution (with Spring's restart rules), runs its steps in order,
/// keeps its heartbeat, and records how it ended.
///
/// ```swift
/// let launcher = JobLauncher(repository: JobRepository(pool: pool))
/// let execution = try await launcher.run(job, parameters: try JobParameters(parsing: ["input.file=tx.csv"]))
/// print(execution.status)   // COMPLETED, FAILED or STOPPED
/// ```
public struct JobLauncher: Sendable {
    /// The job repository.
    public let repository: JobRepository
    /// Engine settings.
    public var configuration: BatchConfiguration
    /// The logger; executions add `batch.*` metadata.
    public var logger: Logger
    /// The task execution this launcher's jobs run in, if any: each job execution it creates is
    /// linked to it in `TASK_TASK_BATCH` before the job starts.
    public var taskExecutionId: Int64?

    /// Creates a launcher.
    public init(
        repository: JobRepository, configuration: BatchConfiguration = BatchConfiguration(),
        logger: Logger = Logger(label: "swift-batch"), taskExecutionId: Int64? = nil
    ) {
        self.repository = repository
        self.configuration = configuration
        self.logger = logger
        self.taskExecutionId = taskExecutionId
    }

    /// Validates the parameters, creates an execution and runs it to its end.
    ///
    /// A failing step does not throw: the returned execution is `FAILED` with the error in its
    /// exit description. A stop request (``RunControl/requestStop(_:)``, a signal, or another
    /// process) ends it `STOPPED` after the current chunk.
    /// - Parameters:
    ///   - job: The job.
    ///   - parameters: Its parameters.
    ///   - control: Stop requests and progress of this run.
    /// - Returns: The finished execution.
    /// - Throws: ``BatchError`` when no execution could be created (invalid parameters, already
    ///   running or complete, not restartable) or the repository failed.
    public func run(_ job: Job, parameters: JobParameters, control: RunControl = RunControl()) async throws -> JobExecution {
        try job.validateDeclaration()
        if let validator = job.validator {
            do {
                try validator.validate(parameters)
            } catch let error as BatchError {
                throw error
            } catch {
                throw BatchError(.invalidParameters, "job \(job.name) rejected its parameters", cause: error)
            }
        }
        let execution = try await repository.createJobExecution(
            jobName: job.name, parameters: parameters, restartable: job.restartable, owner: .current(),
            taskExecutionId: taskExecutionId)
        return try await execute(job, execution, control: control)
    }

    /// Runs an execution that was just created, with a heartbeat beside it.
    func execute(_ job: Job, _ created: JobExecution, control: RunControl) async throws -> JobExecution {
        var logger = self.logger
        logger[metadataKey: "batch.job.name"] = "\(job.name)"
        logger[metadataKey: "batch.job.execution_id"] = "\(created.id)"
        let active = Meter(label: "spring.batch.job.active", dimensions: [("spring.batch.job.active.name", job.name)])
        active.increment()
        defer { active.decrement() }
        let started = ContinuousClock.now
        let repository = self.repository
        let id = created.id
        let heartbeatLogger = logger
        // The heartbeat also carries stop requests made through the owner row; it outlives a
        // graceful shutdown (the job is finishing its chunk) and ends with the run.
        let heartbeat = Heartbeat(interval: configuration.heartbeatInterval, stopsOnGracefulShutdown: false) {
            do {
                if try await repository.heartbeat(jobExecutionId: id) {
                    control.requestStop("stop requested by an operator")
                }
            } catch {
                heartbeatLogger.warning("heartbeat failed: \(BatchError.describe(error))")
            }
        }
        let run = JobRun(job: job, launcher: self, control: control, logger: logger)
        let execution = try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await heartbeat.run() }
            defer { group.cancelAll() }
            // Inside a service group (a server, a task), a graceful shutdown stops the job after its chunk.
            return try await withGracefulShutdownHandler {
                try await run.run(created)
            } onGracefulShutdown: {
                control.requestStop("stopped by a graceful shutdown")
            }
        }
        CoreMetrics.Timer(
            label: "spring.batch.job",
            dimensions: [("spring.batch.job.name", job.name), ("spring.batch.job.status", execution.exitStatus.exitCode)]
        ).recordNanoseconds(started.duration(to: .now).nanoseconds)
        Counter(label: "spring.batch.job.launch.count").increment()
        return execution
    }
}
