import ArgumentParser
import Foundation

/// `dataflow task execution log`: `GET /tasks/logs/<externalExecutionId>`, as it is.
struct ExecutionLogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Print a task execution's log as the platform kept it: standard output, then standard error (needs the server).")

    @OptionGroup var id: ExecutionId

    @Option(name: .customLong("external-execution-id"), help: "The platform's launch id, instead of --id.")
    var externalExecutionId: String?

    @Option(name: .long, help: "The platform the execution ran on.")
    var platform: String?

    @OptionGroup var server: ServerOptions

    func validate() throws {
        if externalExecutionId != nil && (id.option != nil || id.positional != nil) {
            throw ValidationError("give --id or --external-execution-id, not both")
        }
    }

    func run() async throws {
        let log = try await server.withClient { client in
            var external = externalExecutionId
            if external == nil {
                let id = try self.id.value()
                let execution = try await client.get("/tasks/executions/\(id)").json
                guard let launched = execution["externalExecutionId"].string else {
                    throw ServerFailure(message: "task execution \(id) has no log: it was not launched by the server", category: .notFound)
                }
                external = launched
            }
            let query = platform.map { [("platformName", $0)] } ?? []
            return try await client.get("/tasks/logs/\(ServerClient.segment(external!))", query: query).body
        }
        FileHandle.standardOutput.write(Data(log.utf8))
    }
}
