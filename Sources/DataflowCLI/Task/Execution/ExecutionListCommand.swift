import ArgumentParser

/// `dataflow task execution list`: the server's `GET /tasks/thinexecutions` with Data Flow
/// shell's columns, or with `--db` the database's own view.
struct ExecutionListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List task executions, newest first: from the server, or with --db from the database.",
        discussion: """
            From the server: Task Name, ID, Start Time, End Time, Exit Code (Data Flow shell's columns); --json prints \
            the server's thin execution resources; a full page ends with a 'more: --page N' line. With --db: the \
            database's view (status and message too; JSON with arguments masked); a full page ends with 'more: --before ID'.
            """)

    @Option(name: .long, help: "Only executions of this task name (the server answers 404 when no definition has it).")
    var name: String?

    @Option(name: .long, help: "Page size.")
    var limit: Int = 20

    @Option(name: .long, help: "The page to show, from 0 (server only).")
    var page: Int?

    @Option(name: .long, help: "Only ids below this one: the 'more:' line of the previous page (with --db only).")
    var before: Int64?

    @OptionGroup var output: OutputOptions
    @OptionGroup var server: ServerOptions
    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit needs a positive number, not \(limit)") }
        let fromDatabase = try DatabaseExecutions.readsDatabase(database, server)
        if before != nil && !fromDatabase { throw ValidationError("--before pages the database's list: give --db too, or use --page") }
        if page != nil && fromDatabase { throw ValidationError("--page pages the server's list: with --db, use --before") }
        if let page, page < 0 { throw ValidationError("--page counts from 0, not \(page)") }
    }

    func run() async throws {
        if try DatabaseExecutions.readsDatabase(database, server) {
            return try await DatabaseExecutions.list(database, name: name, limit: limit, before: before, json: output.json)
        }
        var query = [("size", String(limit)), ("page", String(page ?? 0))]
        if let name { query.append(("name", name)) }
        let answer = try await server.withClient { try await $0.get("/tasks/thinexecutions", query: query).json }
        let executions = ResourceText.page(answer, "taskExecutionThinResourceList")
        output.show(.array(executions)) {
            let rows = executions.map { execution in
                [ResourceText.cell(execution["taskName"]), ResourceText.cell(execution["executionId"]), ResourceText.time(execution["startTime"]),
                 ResourceText.time(execution["endTime"]), ResourceText.cell(execution["exitCode"])]
            }
            var text = Table(headers: ["Task Name", "ID", "Start Time", "End Time", "Exit Code"], rows: rows).render()
            let number = answer["page"]["number"].integer ?? 0
            if number + 1 < answer["page"]["totalPages"].integer ?? 0 { text += "\nmore: --page \(number + 1)" }
            return text
        }
    }
}
