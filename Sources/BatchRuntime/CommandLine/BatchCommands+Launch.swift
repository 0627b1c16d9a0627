import Foundation
import Logging
import ServiceLifecycle
import Signals
import Synchronization

/// The commands that run a job: `start`, `restart`, and no command at all.
extension BatchCommands {
    /// How a job is run.
    enum Launch {
        /// `start <job> [parameters] [--next]`.
        case start
        /// `restart <executionId | job>`.
        case restart
        /// No command: the application's job with the arguments as its parameters, launched as
        /// Spring Boot's runner launches it (``JobOperator/launch(jobName:parameters:control:)``).
        case job
    }

    /// Runs a launch inside the task lifecycle (unless turned off), as a Spring Boot batch
    /// application with Spring Cloud Task does: the run is a TASK_EXECUTION row, each job
    /// execution is linked to it, and the task's exit code is the command's.
    func launchAsTask(_ jobOperator: JobOperator, _ launch: Launch) async throws -> Int32 {
        let settings = try TaskSettings(properties: arguments.properties, defaultName: application.name)
        let configuration = try self.configuration
        var logger = Logger(label: application.name)
        logger.logLevel = arguments.flags.contains("verbose") ? .info : .warning
        guard settings.recordingEnabled, configuration.recordsTasks else {
            // No task execution: the metrics, if pushed, are tagged with the application's name.
            let export = MetricsExport.begin(settings.metrics, application: application.name, logger: logger)
            let runLogger = logger
            return try await MetricsExport.running(export, logger: runLogger) {
                try await launchUnderSignals(jobOperator, launch, logger: runLogger)
            }
        }
        let repository = TaskRepository(pool: jobOperator.repository.pool, logger: logger)
        let taskConfiguration = TaskConfiguration(
            heartbeatInterval: configuration.heartbeatInterval, livenessTimeout: configuration.livenessTimeout)
        try await TaskApplication.recoverDead(name: settings.taskName, repository: repository, configuration: taskConfiguration)
        var lifecycle = TaskLifecycle(settings: settings, configuration: taskConfiguration, logger: logger)
        lifecycle.onSecondSignal = onSecondSignal
        let outcome = try await lifecycle.run(repository: repository) { task in
            var launcher = jobOperator.launcher
            launcher.taskExecutionId = task.execution.executionId
            let taskOperator = JobOperator(jobs: Array(jobOperator.jobs.values), launcher: launcher, notice: jobOperator.notice)
            let control = RunControl()
            task.onStopSignal { signal, name in
                control.requestStop(signal: signal, name: name)
                Self.announce("\(name) received: stopping after the current chunk (send it again to exit at once)")
            }
            do {
                task.setExitCode(try await self.launch(taskOperator, launch, task: task, control: control))
            } catch {
                task.setExitCode(BatchApplication.fail(error))
                task.fail(BatchError.describe(error))
            }
        }
        return outcome.exitCode
    }

    /// Runs the job without task recording, under the one signal story (``runUnderSignals(logger:_:)``).
    private func launchUnderSignals(_ jobOperator: JobOperator, _ launch: Launch, logger: Logger) async throws -> Int32 {
        try await runUnderSignals(logger: logger) { control in
            try await self.launch(jobOperator, launch, task: nil, control: control)
        }
    }

    /// Runs `body` under the one signal story: the first SIGTERM or SIGINT asks its run to stop
    /// after the current chunk, a second ends the process now.
    func runUnderSignals(logger: Logger, _ body: @escaping @Sendable (RunControl) async throws -> Int32) async throws -> Int32 {
        let control = RunControl()
        let result = Mutex<Result<Int32, any Error>?>(nil)
        let service = ClosureService {
            do {
                let code = try await body(control)
                result.withLock { $0 = .success(code) }
            } catch {
                result.withLock { $0 = .failure(error) }
            }
        }
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(services: [.init(service: service, successTerminationBehavior: .gracefullyShutdownGroup)], logger: logger))
        let onSecondSignal = self.onSecondSignal
        try await ShutdownSignals.run(group, logger: logger) { caught in
            guard caught.count > 1 else {
                control.requestStop(signal: caught.number, name: caught.name)
                Self.announce("\(caught.name) received: stopping after the current chunk (send it again to exit at once)")
                return
            }
            Self.announce("\(caught.name) again: exiting now; the execution stays STARTED until 'restart' recovers it")
            onSecondSignal?(128 + caught.number)
        }
        guard let outcome = result.withLock({ $0 }) else { throw CancellationError() }
        return try outcome.get()
    }

    /// Checks the arguments, runs the job with a progress line beside it, reports how it ended.
    private func launch(_ jobOperator: JobOperator, _ launch: Launch, task: TaskContext?, control: RunControl) async throws -> Int32 {
        let (target, parameters) = try self.target(of: launch, jobOperator)
        let reporter = ProgressReporter(control: control, configuration: try configuration)
        let next = arguments.flags.contains("next")
        let execution = try await withThrowingTaskGroup(of: Void.self) { group in
            if !arguments.flags.contains("quiet") { group.addTask { await reporter.run() } }
            defer { group.cancelAll() }
            switch launch {
            case .start: return try await jobOperator.start(jobName: target, parameters: parameters, next: next, control: control)
            case .restart: return try await jobOperator.restart(target, control: control)
            case .job: return try await jobOperator.launch(jobName: target, parameters: parameters, control: control)
            }
        }
        let steps = try await jobOperator.explorer.stepExecutions(ofJobExecution: execution.id)
        print(ExecutionReport.text(execution, steps: steps))
        return exitCode(of: execution, launch, task: task, control: control)
    }

    /// The job (or, for `restart`, the execution id or job) a launch runs and the parameters given.
    private func target(of launch: Launch, _ jobOperator: JobOperator) throws -> (String, JobParameters) {
        if launch == .job {
            guard !arguments.flags.contains("next") else {
                throw BatchError(
                    .invalidParameters,
                    "--next belongs to 'start'; without a command the job's incrementer, if it has one, is applied as Spring Boot applies it")
            }
            return (try defaultJobName(jobOperator), try JobParameters(parsing: arguments.positionals))
        }
        guard let target = arguments.positionals.first else {
            throw BatchError(.invalidParameters, "\(launch) needs a job name\(launch == .restart ? " or an execution id" : "")")
        }
        if launch == .start {
            _ = try jobOperator.job(named: target)
        } else if arguments.positionals.count > 1 {
            throw BatchError(.invalidParameters, "restart takes one execution id or job name; it reuses the execution's own parameters")
        }
        return (target, try JobParameters(parsing: Array(arguments.positionals.dropFirst())))
    }

    /// The job a launch without a command runs: the one `spring.batch.job.name` names (Spring
    /// Boot's property, in any relaxed spelling: `--spring.batch.job.name`, `SPRING_BATCH_JOB_NAME`),
    /// else the application's only job.
    private func defaultJobName(_ jobOperator: JobOperator) throws(BatchError) -> String {
        let names = application.jobs.map(\.name)
        if let named = arguments.properties["spring.batch.job.name"], !named.text.isEmpty {
            guard jobOperator.jobs[named.text] != nil else {
                throw BatchError(
                    .noSuchJob, "no job named '\(named.text)' (\(named.source)); this application has: \(names.joined(separator: ", "))")
            }
            return named.text
        }
        guard names.count == 1 else {
            let jobs = names.isEmpty ? "no jobs" : "\(names.count) jobs (\(names.joined(separator: ", ")))"
            throw BatchError(
                .invalidParameters,
                "\(application.name) has \(jobs); name the one to run with --spring.batch.job.name=NAME (or SPRING_BATCH_JOB_NAME), or use 'start NAME'"
            )
        }
        return names[0]
    }

    /// 0 completed; 1 failed or stopped by an operator; 128 + the signal that stopped it. Says
    /// how to resume on standard error and records the outcome on the task execution.
    ///
    /// The task's exit message is the job's exit status code (`COMPLETED`, `FAILED`, `STOPPED`
    /// or the job's own, such as `NEEDS_REVIEW`), so a composed task's transitions
    /// (`import 'NEEDS_REVIEW'->review`) match what the job decided. Spring Cloud Task leaves
    /// the message empty for a batch job, and Data Flow's users write a listener to set it. How
    /// to resume a job that did not complete goes to `ERROR_MESSAGE`.
    private func exitCode(of execution: JobExecution, _ launch: Launch, task: TaskContext?, control: RunControl) -> Int32 {
        task?.setExitMessage(execution.exitStatus.exitCode)
        if execution.status == .completed { return 0 }
        let resume = launch == .job
            ? "resume it by launching it again with the same arguments, or with 'restart \(execution.id)'"
            : "resume it with 'restart \(execution.id)'"
        if execution.status == .stopped {
            let reason = control.stopReason.map { " (\($0))" } ?? ""
            Self.announce("job \(execution.jobName) stopped; \(resume)")
            // The exit code is set explicitly, so this records the message without changing it.
            task?.fail("job \(execution.jobName) execution \(execution.id) STOPPED\(reason); \(resume)")
            return control.stopSignal != 0 ? 128 + control.stopSignal : 1
        }
        let description = execution.exitStatus.exitDescription.split(whereSeparator: \.isNewline).joined(separator: " ")
        Self.announce(
            "error: job \(execution.jobName) \(execution.status.rawValue): \(description); fix the cause and \(launch == .job ? "launch it again with the same arguments, or run" : "run") 'restart \(execution.id)'")
        if let task {
            // Spring Cloud Task's message (TaskJobLauncherApplicationRunner), with the job's own reason.
            guard task.failOnJobFailure else { return 0 }
            task.fail(
                "Job \(execution.jobName) failed during execution for job instance id \(execution.instance.id) with jobExecutionId of \(execution.id): \(description)")
        }
        return 1
    }

    /// A line for the user on standard error.
    static func announce(_ message: String) {
        FileHandle.standardError.write(Data("\(message)\n".utf8))
    }
}
