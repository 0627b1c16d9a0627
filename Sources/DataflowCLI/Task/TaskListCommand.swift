import ArgumentParser

/// `dataflow task list`: `GET /tasks/definitions`, with Data Flow shell's columns.
struct TaskListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the task definitions with the status of their latest execution (needs the server).")

    @Option(name: .long, help: "Only definitions whose name contains this text.")
    var search: String?

    @OptionGroup var server: ServerOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        var query = [("size", "2000")]
        if let search { query.append(("taskName", search)) }
        let answer = try await server.withClient { try await $0.get("/tasks/definitions", query: query).json }
        let definitions = ResourceText.page(answer, "taskDefinitionResourceList")
        output.show(.array(definitions)) {
            let rows = definitions.map { definition in
                ["name", "dslText", "description", "status"].map { ResourceText.cell(definition[$0]) }
            }
            return Table(headers: ["Task Name", "Task Definition", "description", "Task Status"], rows: rows).render()
        }
    }
}
