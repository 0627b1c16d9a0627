import ArgumentParser

/// `dataflow task execution current`: `GET /tasks/executions/current`.
struct ExecutionCurrentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "current", abstract: "Show how many executions each platform runs, and its limit (needs the server).")

    @OptionGroup var server: ServerOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let platforms = try await server.withClient { try await $0.get("/tasks/executions/current").json }
        output.show(platforms) {
            let rows = platforms.elements.map { platform in
                ["name", "type", "runningExecutionCount", "maximumTaskExecutions"].map { ResourceText.cell(platform[$0]) }
            }
            return Table(headers: ["Platform Name", "Platform Type", "Execution Count", "Maximum Executions"], rows: rows).render()
        }
    }
}
