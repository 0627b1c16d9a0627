import ArgumentParser

/// `dataflow job execution step display`: one step execution as Data Flow shell's key/value
/// rows, read as the shell reads it (from the step's progress), with the step's own counters.
struct JobStepDisplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "display",
        abstract: "Show one step execution of a job execution.")

    @OptionGroup var ids: StepIds
    @OptionGroup var output: OutputOptions
    @OptionGroup var server: ServerOptions

    func run() async throws {
        let (step, job) = try ids.values()
        let progress = try await server.withClient { try await $0.get("/jobs/executions/\(job)/steps/\(step)/progress").json }
        output.show(progress) { Self.rows(progress, stepId: step, jobExecutionId: job).render() }
    }

    static func rows(_ progress: JSONValue, stepId: Int64, jobExecutionId: Int64) -> Table {
        let step = progress["stepExecution"]
        let cell = { (key: String) in ResourceText.cell(step[key]) }
        return Table.keyValue([
            ("Step Execution Id", String(stepId)), ("Job Execution Id", String(jobExecutionId)), ("Step Name", cell("stepName")),
            ("Start Time", ResourceText.time(step["startTime"])), ("End Time", ResourceText.time(step["endTime"])),
            ("Duration", JobStepProgressCommand.milliseconds(progress["duration"])), ("Status", cell("status")),
            ("Last Updated", ResourceText.time(step["lastUpdated"])), ("Read Count", cell("readCount")),
            ("Write Count", cell("writeCount")), ("Filter Count", cell("filterCount")), ("Read Skip Count", cell("readSkipCount")),
            ("Write Skip Count", cell("writeSkipCount")), ("Process Skip Count", cell("processSkipCount")),
            ("Commit Count", cell("commitCount")), ("Rollback Count", cell("rollbackCount")),
            ("Exit Status", ResourceText.cell(step["exitStatus"]["exitCode"])),
            ("Exit Description", ResourceText.cell(step["exitStatus"]["exitDescription"])),
            ("Dead", ResourceText.cell(progress["dead"])), ("Dead Reason", ResourceText.cell(progress["deadReason"])),
        ])
    }
}

/// The step and its job execution: `--id STEP --jobExecutionId JOB`, as in Data Flow's shell.
struct StepIds: ParsableArguments {
    @Option(name: .customLong("id"), help: "The step execution id.")
    var option: Int64?

    @Argument(help: .hidden)
    var positional: Int64?

    @Option(name: .customLong("jobExecutionId"), help: "The job execution the step belongs to.")
    var jobExecutionId: Int64

    /// The step id and the job execution id.
    func values() throws -> (step: Int64, job: Int64) {
        (try JobIdArgument.value(option, positional, "step execution id"), jobExecutionId)
    }
}
