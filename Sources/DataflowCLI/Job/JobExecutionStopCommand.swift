import ArgumentParser

/// `dataflow job execution stop`: `PUT /jobs/executions/<id>?stop=true`. Data Flow's shell has
/// no such verb (its REST API has the endpoint); the running app stops at its next chunk
/// boundary and ends STOPPED, restartable.
struct JobExecutionStopCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stop",
        abstract: "Stop a running job execution at its next chunk boundary (needs the server); it ends STOPPED, restartable.",
        discussion: """
            An execution whose process is gone cannot be stopped: the server says so, and how to restart \
            or abandon it. With --json, prints nothing: the server answers with no body.
            """)

    @Option(name: .customLong("id"), help: "The job execution id.")
    var id: Int64

    @OptionGroup var server: ServerOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        _ = try await server.withClient { try await $0.send(.PUT, "/jobs/executions/\(id)", query: [("stop", "true")]) }
        if !output.json { print("Request to stop the job execution with id \(id) has been submitted") }
    }
}
