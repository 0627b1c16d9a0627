import Database
import Foundation
import Logging

/// The entry point of a task application: hand it your work from `main`, and every run is
/// recorded in `TASK_EXECUTION` under the launch contract of Data Flow servers.
///
/// ```swift
/// @main
/// struct Hello {
///     static func main() async {
///         await TaskApplication(name: "hello").main { task in
///             print("hello")
///         }
///     }
/// }
/// ```
///
/// The database is `--db URL`, else `--spring.datasource.*` or `SPRING_DATASOURCE_*`, else
/// `sqlite:./dataflow.db`; its schema is migrated at start. Before starting, executions of the
/// same task name whose process died are closed (see ``TaskRepository/recoverDeadExecutions(name:livenessTimeout:)``).
///
/// Exit codes: the task's (0, 1 on failure, 128 + signal when SIGTERM/SIGINT stopped it, or the
/// one the work set); 1 when it could not start (unknown or ended execution id, the
/// single-instance lock is held, the database cannot be reached); 2 for malformed launch
/// arguments (a bad execution id, a task name over 100 characters, a bad database URL).
public struct TaskApplication: Sendable {
    /// The default task name (`--spring.cloud.task.name` overrides it).
    public var name: String
    /// Liveness and signal settings.
    public var configuration: TaskConfiguration
    /// Task listeners.
    public var listeners: [any TaskExecutionListener]

    /// Creates an application.
    public init(name: String, configuration: TaskConfiguration = TaskConfiguration(), listeners: [any TaskExecutionListener] = []) {
        self.name = name
        self.configuration = configuration
        self.listeners = listeners
    }

    /// Runs the task and exits the process with its exit code.
    public func main(
        arguments: [String] = Array(CommandLine.arguments.dropFirst()),
        _ work: @escaping @Sendable (TaskContext) async throws -> Void
    ) async -> Never {
        // The executable's main: a second SIGTERM or SIGINT exits at once, once the end is recorded.
        exit(await run(arguments: arguments, environment: ProcessInfo.processInfo.environment, onSecondSignal: { exit($0) }, work))
    }

    /// Runs the task and returns the exit code (for tests and embedding): a second SIGTERM or
    /// SIGINT records the end and cancels the work.
    public func run(
        arguments: [String], environment: [String: String],
        _ work: @escaping @Sendable (TaskContext) async throws -> Void
    ) async -> Int32 {
        await run(arguments: arguments, environment: environment, onSecondSignal: nil, work)
    }

    func run(
        arguments: [String], environment: [String: String], onSecondSignal: (@Sendable (Int32) -> Void)?,
        _ work: @escaping @Sendable (TaskContext) async throws -> Void
    ) async -> Int32 {
        LoggingOnce.shared.bootstrap(level: arguments.contains("--verbose") ? .info : .warning)
        do {
            let properties = LaunchProperties(arguments: arguments, environment: environment)
            let settings = try TaskSettings(properties: properties, defaultName: name)
            let url = try DataSourceSettings.resolve(explicitURL: properties.option("db"), properties: properties).databaseURL()
            var logger = Logger(label: settings.taskName)
            logger.logLevel = arguments.contains("--verbose") ? .info : .warning
            var lifecycle = TaskLifecycle(settings: settings, configuration: configuration, listeners: listeners, logger: logger)
            lifecycle.onSecondSignal = onSecondSignal
            let poolConfiguration = ConnectionPool.Configuration(maximumConnections: 2)
            return try await ConnectionPool.withPool(url: url, configuration: poolConfiguration, logger: logger) { pool in
                Notices.show(try await Migrator(pool: pool, logger: logger).migrateReporting().notices)
                let repository = TaskRepository(pool: pool, logger: logger)
                try await Self.recoverDead(name: settings.taskName, repository: repository, configuration: configuration)
                let outcome = try await lifecycle.run(repository: repository, work)
                if let error = outcome.execution.errorMessage {
                    let line = error.split(whereSeparator: \.isNewline).joined(separator: " ")
                    FileHandle.standardError.write(Data("error: \(line)\n".utf8))
                }
                return outcome.exitCode
            }
        } catch {
            return Self.fail(error)
        }
    }

    /// Closes dead executions of a task name and says so on standard error.
    package static func recoverDead(name: String, repository: TaskRepository, configuration: TaskConfiguration) async throws {
        for recovered in try await repository.recoverDeadExecutions(name: name, livenessTimeout: configuration.livenessTimeout) {
            FileHandle.standardError.write(
                Data(
                    "recovered task execution \(recovered.execution.executionId) of \(name): its process \(recovered.owner.pid) died without recording its end\n"
                        .utf8))
        }
    }

    /// Prints one line for an error that kept the task from running and returns its exit code.
    package static func fail(_ error: any Error) -> Int32 {
        FailureReport.report(error)
    }
}
