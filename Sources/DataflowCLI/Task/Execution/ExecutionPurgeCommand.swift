import ArgumentParser

/// `dataflow task execution purge`: the retention purge of task executions through the server
/// (`DELETE /tasks/executions/purge`), which also removes each launch's manifest and logs.
struct ExecutionPurgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purge",
        abstract: "Delete old task executions with their job executions, manifests and logs (needs the server).",
        discussion: """
            Deletes task executions that ended longer ago than --older-than and are not among the --keep-last newest of \
            their task, with the children of composed tasks, the job executions they ran and the server's manifests and \
            logs of their launches, in batches of --batch-size task executions, each in its own short transaction. Never \
            deleted: executions that have not ended, and task executions whose job executions run or, unless \
            --include-restartable, are needed to restart a FAILED or STOPPED job instance. --dry-run counts without \
            deleting. On a terminal, a real purge first counts and asks (y/n) unless --yes; an answer other than y \
            cancels with exit 1. Unlike 'cleanup --all', which removes every completed execution, a purge keeps what a \
            restart needs. Prints what went as a table, or --json the server's report.
            """)

    @OptionGroup var purge: PurgeOptions

    @Option(name: .long, help: "Only executions of this task.")
    var task: String?

    @OptionGroup var output: OutputOptions
    @OptionGroup var server: ServerOptions

    func validate() throws {
        if let task, task.isEmpty { throw ValidationError("--task needs a task name") }
    }

    func run() async throws {
        let report = try await server.withClient(longRequests: true) { client in
            let path = "/tasks/executions/purge"
            if purge.asks {
                let preview = try await client.delete(path, query: purge.query(name: task, dryRun: true)).json
                guard purge.confirm("task", dryRunReport: preview) else {
                    throw CommandFailure(message: "purge canceled: nothing was deleted; give --yes to purge without the question")
                }
            }
            return try await client.delete(path, query: purge.query(name: task, dryRun: purge.dryRun)).json
        }
        output.show(report) { PurgeText.table(report, tasks: true) }
    }
}
