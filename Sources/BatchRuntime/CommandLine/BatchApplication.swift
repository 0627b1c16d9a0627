import Database
import Foundation
import Logging

/// The command line every batch application gets: hand your jobs to it from `main`.
///
/// ```swift
/// @main
/// struct ImportApp {
///     static func main() async {
///         await BatchApplication(name: "csv-import", jobs: [importTransactions]).main()
///     }
/// }
/// ```
///
/// Without a command (the arguments are only `name=value[,type[,identifying]]` job parameters
/// and `--` options, or none while `SPRING_*` variables configure the launch; with neither the
/// usage is printed, exit code 2), the application runs its job as a Spring Boot batch application
/// does when Spring Cloud Data Flow launches it: the job `--spring.batch.job.name` names, else
/// the only one, with those parameters; a FAILED or STOPPED instance is restarted by the same
/// launch (``JobOperator/launch(jobName:parameters:control:)``). A first argument that is a
/// bare word (no `=`) is a command, so `strat` is reported as an unknown command, not run.
///
/// Commands: `start <job> [name=value[,type[,identifying]] ...] [--next]`, `restart <executionId|job>`,
/// `stop <executionId>`, `abandon <executionId>`, `recover <executionId> [--force]`, `jobs`,
/// `executions [--job NAME] [--limit N] [--before ID] [--json]`, `execution <id> [--json]`, `worker`
/// (runs one partition of a remote ``PartitionStep``; its manager starts it), plus
/// the application's own ``commands``. The database is `--db URL`, else the Spring datasource
/// arguments or environment, else `sqlite:./dataflow.db`; its schema is migrated at start.
/// `--spring.*` and other framework arguments are accepted and never become job parameters.
/// A launch without a command, `start` and `restart` run inside the task lifecycle: each run is
/// a `TASK_EXECUTION` row linked to its job executions (see ``BatchConfiguration/recordsTasks``).
///
/// Exit codes: 0 completed, 1 failed or stopped (or any other failure), 2 no such job or bad
/// usage, 128 + signal number when SIGTERM or SIGINT stopped the job (143, 130).
public struct BatchApplication: Sendable {
    /// An application-specific command: receives the arguments after its name, returns the exit code.
    public typealias Command = @Sendable (_ arguments: [String]) async throws -> Int32

    /// The application's name (for help and logs).
    public let name: String
    /// Its jobs.
    public let jobs: [Job]
    /// Engine settings; `--heartbeat-interval` and `--liveness-timeout` override them.
    public var configuration: BatchConfiguration
    /// Extra commands by name, with a one-line description each.
    public var commands: [String: (summary: String, run: Command)]
    /// The names of `--name=value` options the application reads itself (its `main` parses
    /// them, for example to build its jobs): accepted, recorded with the task's arguments,
    /// never job parameters. Other undotted options are refused as unknown.
    public var options: Set<String>

    /// Creates the command line of an application.
    /// - Parameters:
    ///   - name: The application's name (for help and logs).
    ///   - jobs: Its jobs.
    ///   - configuration: Engine settings.
    ///   - commands: Extra commands by name, with a one-line description each.
    ///   - options: Undotted `--name=value` options the application reads itself.
    public init(
        name: String, jobs: [Job], configuration: BatchConfiguration = BatchConfiguration(),
        commands: [String: (summary: String, run: Command)] = [:], options: Set<String> = []
    ) {
        self.name = name
        self.jobs = jobs
        self.configuration = configuration
        self.commands = commands
        self.options = options
    }

    /// Runs the command line and exits the process with its exit code.
    public func main(arguments: [String] = Array(CommandLine.arguments.dropFirst())) async -> Never {
        // The executable's main: a second SIGTERM or SIGINT exits at once, once what can be recorded is.
        exit(await run(arguments: arguments, environment: ProcessInfo.processInfo.environment, onSecondSignal: { exit($0) }))
    }

    /// Runs the command line and returns the exit code (for tests and embedding).
    /// - Parameters:
    ///   - arguments: The command line, without the program name.
    ///   - environment: The environment the launch properties are read from (`SPRING_*`, ...).
    public func run(arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment) async -> Int32 {
        await run(arguments: arguments, environment: environment, onSecondSignal: nil)
    }

    func run(arguments: [String], environment: [String: String], onSecondSignal: (@Sendable (Int32) -> Void)?) async -> Int32 {
        if let first = arguments.first, let command = commands[first] {
            do {
                return try await command.run(Array(arguments.dropFirst()))
            } catch {
                return Self.fail(error)
            }
        }
        let parsed: CommandLineArguments
        do {
            parsed = try CommandLineArguments(arguments, environment: environment, applicationOptions: options)
        } catch {
            return Self.fail(error)
        }
        if parsed.flags.contains("help") || parsed.command == "help" {
            print(usage)
            return 0
        }
        if arguments.isEmpty && !environment.keys.contains(where: { $0.hasPrefix("SPRING_") }) {
            // Typed alone, the name shows the usage; launched with settings only in the
            // environment (a container, a scheduler), it runs the job as Spring Boot does.
            print(usage)
            return 2
        }
        Self.bootstrapLogging(level: parsed.flags.contains("verbose") ? .info : .critical)
        do {
            return try await BatchCommands(application: self, arguments: parsed, onSecondSignal: onSecondSignal).run()
        } catch {
            return Self.fail(error)
        }
    }

    /// The help text.
    public var usage: String {
        var text = """
            usage: \(name) [name=value[,type[,identifying]] ...] [options]   run the job (no command)
                   \(name) <command> [options]

            Without a command (every argument a name=value job parameter or an --option; or no arguments while
            SPRING_* variables are set) the job runs as Spring Boot runs it: the one named by --spring.batch.job.name
            (or SPRING_BATCH_JOB_NAME), else the only job. If the same arguments last ended FAILED or STOPPED, that
            instance is restarted after its last committed chunk; otherwise a job with an incrementer gets the next
            run.id (from the last run's parameters). A first argument without '=' is a command.

            commands:
              start <job> [name=value[,type[,identifying]] ...] [--next]   run a job (--next applies its incrementer)
              restart <executionId | job>                                   restart the latest failed or stopped execution
              stop <executionId>                                            stop a running execution at its next chunk
              abandon <executionId>                                         mark a stopped or failed execution ABANDONED
              recover <executionId> [--force]                               mark a dead execution FAILED so it can restart
              jobs                                                          list this application's jobs
              executions [--job NAME] [--limit N] [--before ID] [--json]    list executions, newest first
              execution <id> [--json]                                       one execution with its steps
              worker --spring.cloud.task.step-execution-id=ID ...           run one partition (started by its manager)

            """
        for (command, entry) in commands.sorted(by: { $0.key < $1.key }) {
            text += "  \(command.padding(toLength: 62, withPad: " ", startingAt: 0))\(entry.summary)\n"
        }
        text += """

            options:
              --db URL                   sqlite:/path/file.db or postgres://user:pass@host:5432/db (default: the
                                         --spring.datasource.* arguments, SPRING_DATASOURCE_URL, else sqlite:./dataflow.db)
              --heartbeat-interval 5s    how often a running job proves it is alive
              --liveness-timeout 30s     heartbeat silence after which another host's execution counts as dead
              --verbose                  log engine events to standard error
              --spring.batch.job.name=J  the job to run without a command (needed when there are several)
              --spring.cloud.task.name=N runs are recorded as task N (default: \(name)); turn recording off
                                         with --spring.cloud.task.autoconfiguration.enabled=false
              --management.metrics.export.prometheus.rsocket.enabled=true   push metrics to a Prometheus RSocket proxy
                                         (.host=localhost, .port=7001, .transport=TCP or WEBSOCKET (port 8081);
                                         also micrometer.prometheus.rsocket.*, and
                                         --management.metrics.tags.KEY=VALUE for common tags)

            jobs: \(jobs.map(\.name).joined(separator: ", "))
            exit codes: 0 completed, 1 failed or stopped, 2 no such job or bad usage, 130/143 stopped by SIGINT/SIGTERM
            """
        return text
    }

    static func fail(_ error: any Error) -> Int32 {
        FailureReport.report(error)
    }

    static func bootstrapLogging(level: Logger.Level) {
        LoggingOnce.shared.bootstrap(level: level)
    }
}
