import ArgumentParser

/// `dataflow task execution`: task executions, through the server (`list` and `status` also
/// straight from the database with `--db`).
struct ExecutionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "execution",
        abstract: "List, show, follow, stop, clean up and purge task executions (the server; list and status also read the database with --db).",
        subcommands: [
            ExecutionListCommand.self, ExecutionStatusCommand.self, ExecutionLogCommand.self, ExecutionStopCommand.self,
            ExecutionCleanupCommand.self, ExecutionPurgeCommand.self, ExecutionCurrentCommand.self, ExecutionByIdAlias.self,
        ]
    )
}
