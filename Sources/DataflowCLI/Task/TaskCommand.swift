import ArgumentParser

/// `dataflow task`: task executions.
struct TaskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "task",
        abstract: "Run any command as a recorded task, and list, show and recover task executions (TASK_EXECUTION).",
        subcommands: [ExecCommand.self, ExecutionsCommand.self, ExecutionCommand.self, RecoverCommand.self]
    )
}
