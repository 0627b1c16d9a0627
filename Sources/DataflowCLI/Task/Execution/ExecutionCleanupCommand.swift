import ArgumentParser

/// `dataflow task execution cleanup`: one execution's platform resources (`DELETE
/// /tasks/executions/<id>`), or every completed execution, of all tasks or of one, with its data
/// (`DELETE /tasks/executions?action=CLEANUP,REMOVE_DATA`), after asking.
struct ExecutionCleanupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cleanup",
        abstract: "Remove what task executions left behind (needs the server).",
        discussion: """
            --id N removes the execution's platform resources (its launch directory and logs) and keeps its rows. \
            --all and --task-name NAME remove every completed execution (of that task) with its platform resources, \
            its rows and its job executions, after asking on standard input (y/n) unless --force; an answer other \
            than y, or none, cancels with exit 1. The server never removes executions that are still running, so \
            --include-non-completed (accepted, as Data Flow's shell has it) changes nothing. With --json, prints nothing.
            """)

    @Option(name: .long, help: "One task execution.")
    var id: Int64?

    @Flag(name: .long, help: "Every completed task execution.")
    var all = false

    @Option(name: .customLong("task-name"), help: "Every completed execution of this task.")
    var taskName: String?

    @Flag(name: [.customLong("include-non-completed"), .customLong("includeNonCompleted")], help: "Accepted for Data Flow's shell; see below.")
    var includeNonCompleted = false

    @Flag(name: .long, help: "Do not ask.")
    var force = false

    @OptionGroup var server: ServerOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        let chosen = [id != nil, all, taskName != nil].filter { $0 }.count
        guard chosen == 1 else { throw ValidationError("give one of --id N, --all and --task-name NAME") }
    }

    func run() async throws {
        try await server.withClient { client in
            if let id {
                _ = try await client.delete("/tasks/executions/\(id)")
                report("Request to clean up resources for task execution \(id) has been submitted")
                return
            }
            try await cleanupCompleted(client)
        }
    }

    private func cleanupCompleted(_ client: ServerClient) async throws {
        var filter = [("completed", "true")]
        if let taskName { filter.append(("name", taskName)) }
        let count = try await client.get("/tasks/info/executions", query: filter).json["totalExecutions"].integer ?? 0
        guard count > 0 else { return report("No completed task executions available for deletion.") }
        if includeNonCompleted { Console.note("task executions that are still running are never removed; \(count) completed ones are") }
        let question = "About to delete \(count) completed task executions and related records. This operation can not be reverted. Are you sure (y/n)?"
        guard force || Confirmation.ask(question) else {
            throw CommandFailure(message: "Cleanup process is canceled; give --force to clean up without the question")
        }
        _ = try await client.delete("/tasks/executions", query: [("action", "CLEANUP,REMOVE_DATA")] + filter)
        report("Request to clean up resources for task executions has been submitted")
    }

    private func report(_ message: String) {
        if !output.json { print(message) }
    }
}
