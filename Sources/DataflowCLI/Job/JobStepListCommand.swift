import ArgumentParser

/// `dataflow job execution step list`: the server's `GET /jobs/executions/<id>/steps` with Data
/// Flow shell's columns (dead steps say so in the status).
struct JobStepListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the step executions of a job execution, in the order they started.")

    @Option(name: .customLong("id"), help: "The job execution id.")
    var option: Int64?

    @Argument(help: .hidden)
    var positional: Int64?

    @Option(name: .long, help: "Page size.")
    var limit: Int = 2000

    @Option(name: .long, help: "The page to show, from 0.")
    var page: Int = 0

    @OptionGroup var output: OutputOptions
    @OptionGroup var server: ServerOptions

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit needs a positive number, not \(limit)") }
        guard page >= 0 else { throw ValidationError("--page counts from 0, not \(page)") }
    }

    func run() async throws {
        let id = try JobIdArgument.value(option, positional, "job execution id")
        let answer = try await server.withClient {
            try await $0.get("/jobs/executions/\(id)/steps", query: [("size", String(limit)), ("page", String(page))]).json
        }
        let steps = ResourceText.page(answer, "stepExecutionResourceList")
        output.show(.array(steps)) {
            let rows = steps.map { resource in
                let step = resource["stepExecution"]
                return [
                    ResourceText.cell(step["id"]), ResourceText.cell(step["stepName"]), ResourceText.cell(resource["jobExecutionId"]),
                    ResourceText.time(step["startTime"]), ResourceText.time(step["endTime"]),
                    JobText.status(step["status"], dead: resource["dead"]),
                ]
            }
            let table = Table(headers: ["ID", "Step Name", "Job Exec Id", "Start Time", "End Time", "Status"], rows: rows).render()
            return ([table] + [JobText.more(answer["page"])].compactMap { $0 }).joined(separator: "\n")
        }
    }
}
