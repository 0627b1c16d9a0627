import ArgumentParser

/// `dataflow job execution list`: the server's `GET /jobs/thinexecutions` with Data Flow shell's
/// columns, and the status (dead executions say so).
struct JobExecutionListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List job executions, newest first.",
        discussion: """
            Columns: ID, Task ID, Job Name, Start Time, Step Execution Count, Definition Status (Data Flow shell's) \
            and Status, where '(dead)' marks an execution whose process is gone while its status says it runs. A full \
            page ends with a 'more: --page N' line; --json prints the server's thin job execution resources.
            """)

    @Option(name: .long, help: "Only executions of this job (a % makes it a LIKE pattern; the server answers 404 when no job has it).")
    var name: String?

    @Option(name: .long, help: "Only executions with this status (COMPLETED, STARTING, STARTED, STOPPING, STOPPED, FAILED, ABANDONED, UNKNOWN).")
    var status: String?

    @Option(name: .long, help: "Page size.")
    var limit: Int = 20

    @Option(name: .long, help: "The page to show, from 0.")
    var page: Int = 0

    @OptionGroup var output: OutputOptions
    @OptionGroup var server: ServerOptions

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit needs a positive number, not \(limit)") }
        guard page >= 0 else { throw ValidationError("--page counts from 0, not \(page)") }
    }

    func run() async throws {
        var query = [("size", String(limit)), ("page", String(page))]
        if let name { query.append(("name", name)) }
        if let status { query.append(("status", status)) }
        let answer = try await server.withClient { try await $0.get("/jobs/thinexecutions", query: query).json }
        let executions = ResourceText.page(answer, "jobExecutionThinResourceList")
        output.show(.array(executions)) {
            let rows = executions.map { execution in
                [
                    ResourceText.cell(execution["executionId"]), ResourceText.cell(execution["taskExecutionId"]),
                    ResourceText.cell(execution["name"]), ResourceText.time(execution["startDateTime"]),
                    ResourceText.cell(execution["stepExecutionCount"]), JobText.definition(execution["defined"]),
                    JobText.status(execution["status"], dead: execution["dead"]),
                ]
            }
            let headers = ["ID", "Task ID", "Job Name", "Start Time", "Step Execution Count", "Definition Status", "Status"]
            return ([Table(headers: headers, rows: rows).render()] + [JobText.more(answer["page"])].compactMap { $0 }).joined(separator: "\n")
        }
    }
}
