import ArgumentParser

/// `dataflow job execution display`: the server's `GET /jobs/executions/<id>` as Data Flow
/// shell's key/value rows, with whether it is dead and why.
struct JobExecutionDisplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "display",
        abstract: "Show one job execution with its parameters (non-identifying ones written -key(TYPE)).")

    @Option(name: .customLong("id"), help: "The job execution id.")
    var option: Int64?

    @Argument(help: .hidden)
    var positional: Int64?

    @OptionGroup var output: OutputOptions
    @OptionGroup var server: ServerOptions

    func run() async throws {
        let id = try JobIdArgument.value(option, positional, "job execution id")
        let resource = try await server.withClient { try await $0.get("/jobs/executions/\(id)").json }
        output.show(resource) { Self.rows(resource).render() }
    }

    /// Data Flow shell's rows, then the state's, then one row per parameter.
    static func rows(_ resource: JSONValue) -> Table {
        let execution = resource["jobExecution"]
        let cell = ResourceText.cell
        var rows: [(String, String)] = [
            ("Job Execution Id", cell(resource["executionId"])), ("Task Execution Id", cell(resource["taskExecutionId"])),
            ("Task Instance Id", cell(execution["jobInstance"]["instanceId"])), ("Job Name", cell(execution["jobInstance"]["jobName"])),
            ("Create Time", ResourceText.time(execution["createTime"])), ("Start Time", ResourceText.time(execution["startTime"])),
            ("End Time", ResourceText.time(execution["endTime"])), ("Running", cell(execution["running"])),
            ("Stopping", cell(execution["stopping"])), ("Step Execution Count", cell(resource["stepExecutionCount"])),
            ("Execution Status", cell(execution["status"])), ("Exit Status", cell(execution["exitStatus"]["exitCode"])),
            ("Exit Message", cell(execution["exitStatus"]["exitDescription"])), ("Definition Status", JobText.definition(resource["defined"])),
            ("Schema Target", cell(resource["schemaTarget"])), ("Dead", cell(resource["dead"])), ("Dead Reason", cell(resource["deadReason"])),
            ("Restartable", cell(resource["restartable"])), ("Stoppable", cell(resource["stoppable"])),
            ("Abandonable", cell(resource["abandonable"])), ("Job Parameters", ""),
        ]
        if case .object(let parameters) = execution["jobParameters"]["parameters"] {
            for name in parameters.keys.sorted() {
                let parameter = parameters[name]!
                let key = (parameter["identifying"].bool == false ? "-" : "") + name
                rows.append(("\(key)(\(cell(parameter["type"])))", cell(parameter["value"])))
            }
        }
        return Table.keyValue(rows)
    }
}
