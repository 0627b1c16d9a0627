import ArgumentParser

/// `dataflow task create`: `POST /tasks/definitions`.
struct TaskCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Create a task definition from Data Flow's task DSL (needs the server).")

    @OptionGroup var name: DefinitionName

    @Option(name: .long, help: ArgumentHelp("The definition, in the task DSL, for example \"timestamp --format=yyyy\".", valueName: "dsl"))
    var definition: String

    @Option(name: .long, help: "A short description.")
    var description: String?

    @OptionGroup var server: ServerOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let name = try self.name.value()
        var form = [("name", name), ("definition", definition)]
        if let description { form.append(("description", description)) }
        let created = try await server.withClient { try await $0.post("/tasks/definitions", form: form).json }
        output.show(created) { "Created new task '\(name)'" }
    }
}
