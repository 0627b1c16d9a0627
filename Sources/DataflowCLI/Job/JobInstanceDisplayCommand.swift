import ArgumentParser

/// `dataflow job instance display`: the server's `GET /jobs/instances/<id>`, one row per
/// execution as Data Flow's shell shows it, with the status (dead executions say so).
struct JobInstanceDisplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "display",
        abstract: "Show the executions of one job instance, newest first.")

    @Option(name: .customLong("id"), help: "The job instance id.")
    var option: Int64?

    @Argument(help: .hidden)
    var positional: Int64?

    @OptionGroup var output: OutputOptions
    @OptionGroup var server: ServerOptions

    func run() async throws {
        let id = try JobIdArgument.value(option, positional, "job instance id")
        let instance = try await server.withClient { try await $0.get("/jobs/instances/\(id)").json }
        output.show(instance) {
            let rows = instance["jobExecutions"].elements.map { execution in
                [
                    ResourceText.cell(instance["jobName"]), ResourceText.cell(execution["executionId"]),
                    ResourceText.cell(execution["stepExecutionCount"]),
                    JobText.status(execution["jobExecution"]["status"], dead: execution["dead"]),
                    ResourceText.cell(execution["jobParametersString"]),
                ]
            }
            return Table(headers: ["Name", "Execution ID", "Step Execution Count", "Status", "Job Parameters"], rows: rows).render()
        }
    }
}
