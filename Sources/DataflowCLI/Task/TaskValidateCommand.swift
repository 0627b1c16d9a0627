import ArgumentParser

/// `dataflow task validate`: `GET /tasks/validation/<name>`.
struct TaskValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check that every app of a task definition is registered and runnable (needs the server).",
        discussion: "Exits with 1 when an app is invalid, so a pipeline can stop before it launches.")

    @OptionGroup var name: DefinitionName
    @OptionGroup var server: ServerOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let name = try self.name.value()
        let answer = try await server.withClient { try await $0.get("/tasks/validation/\(ServerClient.segment(name))").json }
        let statuses: [(String, String)]
        if case .object(let members) = answer["appStatuses"] {
            statuses = members.map { ($0.key, $0.value.string ?? "") }.sorted { $0.0 < $1.0 }
        } else {
            statuses = []
        }
        let valid = statuses.allSatisfy { $0.1 == "valid" }
        output.show(answer) {
            [
                Table(headers: ["Task Name", "Task Definition"], rows: [[answer["appName"].string ?? name, answer["dsl"].string ?? ""]]).render(),
                "",
                valid ? "\(name) is a valid task." : "\(name) is an invalid task.",
                Table(headers: ["App Name", "Validation Status"], rows: statuses.map { [$0.0, $0.1] }).render(),
            ].joined(separator: "\n")
        }
        if !valid { throw ExitCode(1) }
    }
}
