import Database
import Foundation
import Logging

/// The built-in commands of ``BatchApplication``.
struct BatchCommands {
    let application: BatchApplication
    let arguments: CommandLineArguments
    /// What a second SIGTERM or SIGINT ends with, once what can be recorded is: the executable's
    /// main exits there (``BatchApplication/main(arguments:)``); nil cancels the run instead.
    var onSecondSignal: (@Sendable (Int32) -> Void)?

    /// The application's settings, then the `batch.*` launch properties, then the options.
    var configuration: BatchConfiguration {
        get throws {
            var configuration = try application.configuration.applying(arguments.properties)
            if let value = try arguments.duration("heartbeat-interval") { configuration.heartbeatInterval = value }
            if let value = try arguments.duration("liveness-timeout") { configuration.livenessTimeout = value }
            return configuration
        }
    }

    /// The built-in commands.
    static let known = ["start", "restart", "stop", "abandon", "recover", "jobs", "executions", "execution", "worker"]

    /// Runs the command, or without one the application's job (``Launch/job``).
    func run() async throws -> Int32 {
        guard let command = arguments.command else {
            // Spring Cloud Task starts a remote partition's worker as the app with these properties.
            if arguments.properties["spring.cloud.task.step-execution-id"] != nil {
                return try await withOperator { try await partitionWorker($0) }
            }
            return try await withOperator { try await launchAsTask($0, .job) }
        }
        guard Self.known.contains(command) else { throw unknownCommand(command) }
        if command == "worker" { return try await withOperator { try await partitionWorker($0) } }
        if command == "jobs" { return try await withOperator { try await jobs($0) } }
        if command == "executions" { return try await withOperator { try await executions($0) } }
        if command == "start" { return try await withOperator { try await launchAsTask($0, .start) } }
        if command == "restart" { return try await withOperator { try await launchAsTask($0, .restart) } }
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

    /// A bare word that is no command: a typo, or a job name given as if to `start`.
    private func unknownCommand(_ word: String) -> BatchError {
        let commands = (Self.known + application.commands.keys.sorted()).joined(separator: ", ")
        let run = application.jobs.contains { $0.name == word }
            ? "to run job \(word), use 'start \(word) ...' or give only its parameters (name=value) without a command"
            : "to run the job, give only its parameters (name=value) and --options, without a command"
        return BatchError(.invalidParameters, "unknown command '\(word)'; commands: \(commands); \(run)")
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
