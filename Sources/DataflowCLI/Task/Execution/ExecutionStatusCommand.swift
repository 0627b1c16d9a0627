import ArgumentParser

/// `dataflow task execution status`: the server's `GET /tasks/executions/<id>` as Data Flow
/// shell's key/value rows, or with `--db` the database's own view.
struct ExecutionStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show one task execution: from the server, or with --db from the database (with its job executions).")

    @OptionGroup var id: ExecutionId
    @OptionGroup var output: OutputOptions
    @OptionGroup var server: ServerOptions
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let id = try self.id.value()
        if try DatabaseExecutions.readsDatabase(database, server) {
            return try await DatabaseExecutions.show(database, id: id, json: output.json)
        }
        let execution = try await server.withClient { try await $0.get("/tasks/executions/\(id)").json }
        output.show(execution) { Self.rows(execution).render() }
    }

    /// Data Flow shell's rows, with the status after the name.
    static func rows(_ execution: JSONValue) -> Table {
        let cell = { (key: String) in ResourceText.cell(execution[key]) }
        return Table.keyValue([
            ("Id", cell("executionId")), ("Resource URL", cell("resourceUrl")), ("Name", cell("taskName")),
            ("Status", cell("taskExecutionStatus")), ("CLI Arguments", cell("arguments")), ("App Arguments", cell("appProperties")),
            ("Deployment Properties", cell("deploymentProperties")), ("Job Execution Ids", cell("jobExecutionIds")),
            ("Start Time", ResourceText.time(execution["startTime"])), ("End Time", ResourceText.time(execution["endTime"])),
            ("Exit Code", cell("exitCode")), ("Exit Message", cell("exitMessage")), ("Error Message", cell("errorMessage")),
            ("External Execution Id", cell("externalExecutionId")),
        ])
    }
}
