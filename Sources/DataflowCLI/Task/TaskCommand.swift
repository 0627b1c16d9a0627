import ArgumentParser

/// `dataflow task`: task definitions and launches through the server; recorded runs of any
/// command and recovery straight on the database.
struct TaskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "task",
        abstract: "Task definitions, launches and executions (through the server); exec and recover (on the database).",
        subcommands: [
            TaskCreateCommand.self, TaskListCommand.self, TaskValidateCommand.self, TaskLaunchCommand.self, TaskDestroyCommand.self, TaskScheduleCommand.self,
            ExecutionCommand.self, ExecCommand.self, RecoverCommand.self, ExecutionsAlias.self,
        ]
    )
}
