import ArgumentParser
import Foundation
import Logging
import TaskRuntime

/// `dataflow task exec`: records a task around any executable.
struct ExecCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exec",
        abstract: "Run a command as a recorded task: start row, arguments, exit code, signals.",
        discussion: """
            The command inherits standard input, output and error; SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1 and \
            SIGUSR2 sent to dataflow are passed on to it (a Ctrl-C on the terminal reaches it directly, once). \
            Its arguments are stored in TASK_EXECUTION_PARAMS. SPRING_CLOUD_TASK_* environment variables \
            (EXECUTIONID, NAME, PARENTEXECUTIONID, EXTERNALEXECUTIONID, SINGLEINSTANCEENABLED) apply too.

            Exit codes: the command's own; 128 + N when signal N killed it; 126 when it cannot be started, \
            127 when it is not found; 1 when the task could not start (unknown or ended execution id, \
            "Task with name ... is already running.", database unreachable); 2 for bad usage.
            """
    )

    @Option(name: .long, help: "The task name (TASK_NAME, at most 100 characters); default: the command's file name.")
    var name: String?

    @Flag(name: .customLong("single-instance"), help: "Fail at once if a task of this name is running (TASK_LOCK).")
    var singleInstance = false

    @Option(name: .customLong("execution-id"), help: "Start on this pre-created TASK_EXECUTION row (as --spring.cloud.task.executionid).")
    var executionId: String?

    @Option(name: .customLong("parent-execution-id"), help: "PARENT_EXECUTION_ID.")
    var parentExecutionId: String?

    @Option(name: .customLong("external-execution-id"), help: "EXTERNAL_EXECUTION_ID.")
    var externalExecutionId: String?

    @Option(name: .customLong("liveness-timeout"), help: "Heartbeat silence after which another host's task counts as dead (seconds).")
    var livenessTimeout: Int = 30

    @OptionGroup var database: DatabaseOptions

    @Argument(parsing: .postTerminator, help: "The command and its arguments, after --.")
    var command: [String] = []

    /// The command is checked after parsing (``Dataflow/parse(_:)`` fills it in afterwards).
    func validateCommand() throws {
        if command.isEmpty {
            throw ValidationError("give the command after --, for example: dataflow task exec --name hello -- /bin/echo hello")
        }
    }

    func run() async throws {
        try validateCommand()
        let settings = try self.settings()
        let configuration = TaskConfiguration(livenessTimeout: .seconds(livenessTimeout), trapsSignals: false)
        let code = try await database.withPool { pool in
            Notices.show(try await Migrator(pool: pool).migrateReporting().notices)
            var logger = Logger(label: "dataflow")
            logger.logLevel = database.verbose ? .info : .warning
            let repository = TaskRepository(pool: pool, logger: logger)
            try await TaskApplication.recoverDead(name: settings.taskName, repository: repository, configuration: configuration)
            let work = CommandTask(command: command)
            let outcome = try await TaskLifecycle(settings: settings, configuration: configuration, logger: logger)
                .run(repository: repository) { task in try await work.run(in: task) }
            if let error = outcome.execution.errorMessage { Console.error(error) }
            return outcome.exitCode
        }
        throw ExitCode(code)
    }

    /// The launch contract: these options over `SPRING_CLOUD_TASK_*`; the command is what is stored as arguments.
    func settings() throws -> TaskSettings {
        var contract: [String] = []
        contract.append("--spring.cloud.task.name=\(name ?? URL(fileURLWithPath: command[0]).lastPathComponent)")
        if let executionId { contract.append("--spring.cloud.task.executionid=\(executionId)") }
        if let parentExecutionId { contract.append("--spring.cloud.task.parent-execution-id=\(parentExecutionId)") }
        if let externalExecutionId { contract.append("--spring.cloud.task.external-execution-id=\(externalExecutionId)") }
        if singleInstance { contract.append("--spring.cloud.task.single-instance-enabled=true") }
        var environment = ProcessInfo.processInfo.environment
        if name == nil, let fromEnvironment = environment["SPRING_CLOUD_TASK_NAME"] {
            contract[0] = "--spring.cloud.task.name=\(fromEnvironment)"
        }
        environment["SPRING_CLOUD_TASK_NAME"] = nil
        var settings = try TaskSettings(arguments: contract, environment: environment, defaultName: "task")
        settings.arguments = command
        return settings
    }
}
