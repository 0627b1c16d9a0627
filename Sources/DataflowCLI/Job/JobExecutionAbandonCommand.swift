import ArgumentParser

/// `dataflow job execution abandon`: `PUT /jobs/executions/<id>?abandon=true`, Spring's
/// `JobOperator.abandon` through the server (Data Flow offers no abandon).
struct JobExecutionAbandonCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "abandon",
        abstract: "Mark a stopped, failed or dead job execution ABANDONED, so restarts skip it (needs the server).",
        discussion: """
            An execution whose process is gone is recorded FAILED with the reason first. A running \
            execution whose process is alive is refused: stop it first. With --json, prints nothing.
            """)

    @Option(name: .customLong("id"), help: "The job execution id.")
    var id: Int64

    @OptionGroup var server: ServerOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        _ = try await server.withClient { try await $0.send(.PUT, "/jobs/executions/\(id)", query: [("abandon", "true")]) }
        if !output.json { print("Job execution \(id) has been abandoned") }
    }
}
