import Database
import Foundation
import Logging
import ServiceLifecycle
import Signals
import Synchronization

/// The built-in commands of ``BatchApplication``.
struct BatchCommands {
    let application: BatchApplication
    let arguments: CommandLineArguments
    /// What a second SIGTERM or SIGINT ends with, once what can be recorded is: the executable's
    /// main exits there (``BatchApplication/main(arguments:)``); nil cancels the run instead.
    var onSecondSignal: (@Sendable (Int32) -> Void)?

    /// The application's settings, then the `batch.*` launch properties, then the options.
    private var configuration: BatchConfiguration {
        get throws {
            var configuration = try application.configuration.applying(arguments.properties)
            if let value = try arguments.duration("heartbeat-interval") { configuration.heartbeatInterval = value }
            if let value = try arguments.duration("liveness-timeout") { configuration.livenessTimeout = value }
            return configuration
        }
    }

    func run() async throws -> Int32 {
        let command = arguments.command ?? ""
        let known = ["start", "restart", "stop", "abandon", "recover", "jobs", "executions", "execution"]
        guard known.contains(command) else {
            throw BatchError(.invalidParameters, "unknown command '\(command)'; commands: \(known.joined(separator: ", "))")
        }
        if command == "jobs" { return try await withOperator { try await jobs($0) } }
        if command == "executions" { return try await withOperator { try await executions($0) } }
        if command == "start" || command == "restart" {
            return try await withOperator { try await launchAsTask($0, command: command) }
        }
        let id = try executionId()
        return try await withOperator { jobOperator in
            switch command {
            case "stop":
                try await jobOperator.stop(executionId: id)
                print("stop requested for job execution \(id); it stops at its next chunk boundary")
            case "abandon":
                let execution = try await jobOperator.abandon(executionId: id)
                print("job execution \(id) of \(execution.jobName) is ABANDONED")
            case "recover":
                let execution = try await jobOperator.recover(executionId: id, force: arguments.flags.contains("force"))
                print("job execution \(id) of \(execution.jobName) recovered as FAILED: \(execution.exitStatus.exitDescription)")
            default:
                return try await show(jobOperator, id: id)
            }
            return 0
        }
    }

    private func executionId() throws -> Int64 {
        guard arguments.positionals.count == 1, let id = Int64(arguments.positionals[0]) else {
            throw BatchError(.invalidParameters, "\(arguments.command!) needs one job execution id, for example '\(arguments.command!) 42'")
        }
        return id
    }

    /// Opens the repository (migrating its schema) and runs `body` with an operator.
    private func withOperator(_ body: (JobOperator) async throws -> Int32) async throws -> Int32 {
        for job in application.jobs { try job.validateDeclaration() }
        let configuration = try self.configuration
        let settings = DataSourceSettings.resolve(explicitURL: arguments.options["db"], properties: arguments.properties)
        let url = try settings.databaseURL()
        var logger = Logger(label: application.name)
        logger.logLevel = arguments.flags.contains("verbose") ? .info : .critical
        let poolConfiguration = ConnectionPool.Configuration(maximumConnections: 3)
        return try await ConnectionPool.withPool(url: url, configuration: poolConfiguration, logger: logger) { pool in
            Notices.show(try await Migrator(pool: pool, logger: logger).migrateReporting().notices)
            let launcher = JobLauncher(
                repository: JobRepository(pool: pool, logger: logger), configuration: configuration, logger: logger)
            let jobOperator = JobOperator(jobs: application.jobs, launcher: launcher) { message in
                FileHandle.standardError.write(Data("\(message)\n".utf8))
            }
            return try await body(jobOperator)
        }
    }

    /// Runs `start` or `restart` inside the task lifecycle (unless turned off), as a Spring Boot
    /// batch application with Spring Cloud Task does: the run is a TASK_EXECUTION row, each job
    /// execution is linked to it, and the task's exit code is the command's.
    private func launchAsTask(_ jobOperator: JobOperator, command: String) async throws -> Int32 {
        let settings = try TaskSettings(properties: arguments.properties, defaultName: application.name)
        let configuration = try self.configuration
        var logger = Logger(label: application.name)
        logger.logLevel = arguments.flags.contains("verbose") ? .info : .warning
        guard settings.recordingEnabled, configuration.recordsTasks else {
            // No task execution: the metrics, if pushed, are tagged with the application's name.
            let export = MetricsExport.begin(settings.metrics, application: application.name, logger: logger)
            let runLogger = logger
            return try await MetricsExport.running(export, logger: runLogger) {
                try await launchUnderSignals(jobOperator, command: command, logger: runLogger)
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
                task.setExitCode(try await launch(taskOperator, command: command, task: task, control: control))
            } catch {
                task.setExitCode(BatchApplication.fail(error))
                task.fail(BatchError.describe(error))
            }
        }
        return outcome.exitCode
    }

    /// Runs the job without task recording, under the one signal story: the first SIGTERM or
    /// SIGINT stops it after its chunk, a second ends the run now.
    private func launchUnderSignals(_ jobOperator: JobOperator, command: String, logger: Logger) async throws -> Int32 {
        let control = RunControl()
        let result = Mutex<Result<Int32, any Error>?>(nil)
        let launch = ClosureService {
            do {
                let code = try await self.launch(jobOperator, command: command, task: nil, control: control)
                result.withLock { $0 = .success(code) }
            } catch {
                result.withLock { $0 = .failure(error) }
            }
        }
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(services: [.init(service: launch, successTerminationBehavior: .gracefullyShutdownGroup)], logger: logger))
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

    private func launch(_ jobOperator: JobOperator, command: String, task: TaskContext?, control: RunControl) async throws -> Int32 {
        guard let target = arguments.positionals.first else {
            throw BatchError(.invalidParameters, "\(command) needs a job name\(command == "restart" ? " or an execution id" : "")")
        }
        if command == "start" {
            _ = try jobOperator.job(named: target)
        } else if arguments.positionals.count > 1 {
            throw BatchError(.invalidParameters, "restart takes one execution id or job name; it reuses the execution's own parameters")
        }
        let parameters = try JobParameters(parsing: Array(arguments.positionals.dropFirst()))
        let reporter = ProgressReporter(control: control, configuration: try configuration)
        let execution = try await withThrowingTaskGroup(of: Void.self) { group in
            if !arguments.flags.contains("quiet") { group.addTask { await reporter.run() } }
            defer { group.cancelAll() }
            if command == "start" {
                return try await jobOperator.start(
                    jobName: target, parameters: parameters, next: arguments.flags.contains("next"), control: control)
            }
            return try await jobOperator.restart(target, control: control)
        }
        let steps = try await jobOperator.explorer.stepExecutions(ofJobExecution: execution.id)
        print(ExecutionReport.text(execution, steps: steps))
        if execution.status == .completed {
            task?.setExitMessage("job \(execution.jobName) execution \(execution.id) COMPLETED")
            return 0
        }
        if execution.status == .stopped {
            let reason = control.stopReason.map { " (\($0))" } ?? ""
            FileHandle.standardError.write(
                Data("job \(execution.jobName) stopped; resume it with 'restart \(execution.id)'\n".utf8))
            task?.setExitMessage("job \(execution.jobName) execution \(execution.id) STOPPED\(reason); resume it with 'restart \(execution.id)'")
            if control.stopSignal != 0 { return 128 + control.stopSignal }
            return 1
        }
        let description = execution.exitStatus.exitDescription.split(whereSeparator: \.isNewline).joined(separator: " ")
        FileHandle.standardError.write(
            Data("error: job \(execution.jobName) \(execution.status.rawValue): \(description); fix the cause and run 'restart \(execution.id)'\n".utf8))
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

    private func jobs(_ jobOperator: JobOperator) async throws -> Int32 {
        for job in application.jobs.sorted(by: { $0.name < $1.name }) {
            let last = try await jobOperator.explorer.lastJobExecution(jobName: job.name)
            let status = last.map { "last execution \($0.id): \($0.status.rawValue)" } ?? "never ran"
            print("\(job.name)  steps: \(job.steps.map(\.name).joined(separator: ", "))  \(status)")
        }
        return 0
    }

    private func executions(_ jobOperator: JobOperator) async throws -> Int32 {
        let limit = try arguments.integer("limit") ?? 20
        let before = try arguments.integer("before").map(Int64.init)
        let status = try arguments.options["status"].map { text throws(BatchError) -> BatchStatus in
            guard let status = BatchStatus(rawValue: text.uppercased()) else {
                throw BatchError(.invalidParameters, "unknown status '\(text)'; use COMPLETED, STARTED, STOPPED, FAILED, ...")
            }
            return status
        }
        let page = try await jobOperator.explorer.jobExecutions(
            jobName: arguments.options["job"], status: status, beforeId: before, limit: limit)
        if arguments.flags.contains("json") {
            print(try ExecutionReport.json(page.map { ExecutionReport($0, steps: nil) }))
            return 0
        }
        print("ID".padding(toLength: 8, withPad: " ", startingAt: 0) + "JOB".padding(toLength: 24, withPad: " ", startingAt: 0)
            + "STATUS".padding(toLength: 11, withPad: " ", startingAt: 0) + "START".padding(toLength: 28, withPad: " ", startingAt: 0)
            + "PARAMETERS")
        for execution in page {
            let start = ReportFormat.time(execution.startTime)
            print(
                String(execution.id).padding(toLength: 8, withPad: " ", startingAt: 0)
                    + execution.jobName.padding(toLength: 24, withPad: " ", startingAt: 0)
                    + execution.status.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)
                    + start.padding(toLength: 28, withPad: " ", startingAt: 0) + "\(execution.parameters)")
        }
        if page.count == limit, let last = page.last { print("more: --before \(last.id)") }
        return 0
    }

    private func show(_ jobOperator: JobOperator, id: Int64) async throws -> Int32 {
        guard let execution = try await jobOperator.explorer.jobExecution(id: id) else {
            throw BatchError(.noSuchExecution, "no job execution with id \(id)")
        }
        let steps = try await jobOperator.explorer.stepExecutions(ofJobExecution: id)
        if arguments.flags.contains("json") {
            print(try ExecutionReport.json(ExecutionReport(execution, steps: steps)))
        } else {
            print(ExecutionReport.text(execution, steps: steps))
        }
        return 0
    }
}
