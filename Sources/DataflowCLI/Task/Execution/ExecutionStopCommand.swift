import ArgumentParser

/// `dataflow task execution stop`: `POST /tasks/executions/<ids>`.
struct ExecutionStopCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stop",
        abstract: "Stop running task executions: SIGTERM, then SIGKILL after the platform's grace period (needs the server).",
        discussion: "With --json, prints nothing: the server answers with no body.")

    @Option(name: .long, help: ArgumentHelp("Comma separated task execution ids.", valueName: "ids"))
    var ids: String

    @OptionGroup var server: ServerOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        let parts = ids.split(separator: ",", omittingEmptySubsequences: false)
        guard !parts.isEmpty, parts.allSatisfy({ Int64($0.trimmingCharacters(in: .whitespaces)) != nil }) else {
            throw ValidationError("--ids needs comma separated execution ids, for example 1,2, not '\(ids)'")
        }
    }

    func run() async throws {
        let list = ids.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ",")
        _ = try await server.withClient { try await $0.post("/tasks/executions/\(list)") }
        if !output.json { print("Request to stop the task execution with id(s): \(list) has been submitted") }
    }
}
