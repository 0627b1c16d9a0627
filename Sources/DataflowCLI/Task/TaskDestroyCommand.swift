import ArgumentParser

/// `dataflow task destroy`: `DELETE /tasks/definitions/<name>`.
struct TaskDestroyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "destroy",
        abstract: "Destroy a task definition; with --cleanup, its executions too (needs the server).",
        discussion: "With --json, prints nothing: the server answers with no body.")

    @OptionGroup var name: DefinitionName

    @Flag(name: .long, help: "Also remove the definition's task executions and their job data.")
    var cleanup = false

    @OptionGroup var server: ServerOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let name = try self.name.value()
        let query = cleanup ? [("cleanup", "true")] : []
        _ = try await server.withClient { try await $0.delete("/tasks/definitions/\(ServerClient.segment(name))", query: query) }
        if !output.json { print("Destroyed task '\(name)'") }
    }
}
