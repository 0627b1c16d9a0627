import ArgumentParser

/// `dataflow task schedule`: the server's schedules, with Data Flow shell's verbs.
struct TaskScheduleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Schedule task definitions with cron expressions (through the server).",
        subcommands: [TaskScheduleCreateCommand.self, TaskScheduleListCommand.self, TaskScheduleDestroyCommand.self]
    )
}

/// `dataflow task schedule create`: `POST /tasks/schedules`.
struct TaskScheduleCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Schedule a task definition.",
        discussion: """
            The expression is Spring's six fields (second minute hour day-of-month month day-of-week), \
            Unix cron's five, or a macro such as @daily. Schedule properties: \
            scheduler.cron.time-zone=Europe/Berlin (default: the server's zone), \
            scheduler.misfire-policy=run-once|skip, scheduler.concurrency-policy=Allow|Forbid|Replace; \
            the other properties are launch properties of each fire.
            """)

    @Option(name: .long, help: "The schedule's name (lower-case letters, digits and '-').")
    var name: String

    @Option(name: .customLong("definitionName"), help: "The task definition to launch.")
    var definitionName: String

    @Option(name: .long, help: "The cron expression, such as \"0 0 2 * * *\" or \"*/5 * * * *\".")
    var expression: String

    @Option(name: .long, help: "Schedule and launch properties, comma-separated: \"scheduler.cron.time-zone=UTC,app.x.k=v\".")
    var properties: String?

    @Option(name: .long, help: "Launch arguments of each fire, space-separated.")
    var arguments: String?

    @Option(name: .customLong("platform"), help: "The platform account to launch on.")
    var platform: String?

    @OptionGroup var server: ServerOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        var all = "scheduler.cron.expression=\(expression)"
        if let properties, !properties.isEmpty { all += "," + properties }
        var form = [("scheduleName", name), ("taskDefinitionName", definitionName), ("properties", all)]
        if let arguments { form.append(("arguments", arguments)) }
        if let platform { form.append(("platform", platform)) }
        _ = try await server.withClient { try await $0.post("/tasks/schedules", form: form) }
        let shown = try await server.withClient { try await $0.get("/tasks/schedules/\(ServerClient.segment(name))").json }
        output.show(shown) {
            let next = shown["nextFireTimes"][0].string ?? "never"
            return "Created schedule '\(name)' of task '\(definitionName)'; it fires next at \(next)"
        }
    }
}

/// `dataflow task schedule list`: `GET /tasks/schedules` (or `/tasks/schedules/instances/<definition>`).
struct TaskScheduleListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the schedules, with their next fire times.")

    @Option(name: .customLong("definitionName"), help: "Only the schedules of this task definition.")
    var definitionName: String?

    @Option(name: .customLong("platform"), help: "Accepted for Data Flow's shell; this server lists all platforms' schedules.")
    var platform: String?

    @OptionGroup var server: ServerOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let path = definitionName.map { "/tasks/schedules/instances/\(ServerClient.segment($0))" } ?? "/tasks/schedules"
        let answer = try await server.withClient { try await $0.get(path, query: [("size", "2000")]).json }
        let schedules = ResourceText.page(answer, "scheduleInfoResourceList")
        output.show(.array(schedules)) {
            let rows = schedules.map { schedule in
                [
                    ResourceText.cell(schedule["scheduleName"]), ResourceText.cell(schedule["taskDefinitionName"]),
                    ResourceText.cell(schedule["scheduleProperties"]["spring.cloud.scheduler.cron.expression"]),
                    ResourceText.cell(schedule["timeZone"]),
                    schedule["nextFireTimes"][0].string ?? "never",
                    ResourceText.cell(schedule["lastOutcome"]),
                ]
            }
            return Table(
                headers: ["Schedule Name", "Task Definition Name", "Cron Expression", "Time Zone", "Next Fire Time", "Last Fire"],
                rows: rows
            ).render()
        }
    }
}

/// `dataflow task schedule destroy`: `DELETE /tasks/schedules/<name>`.
struct TaskScheduleDestroyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "destroy", abstract: "Delete a schedule (a run it launched goes on).")

    @Option(name: .long, help: "The schedule's name.")
    var name: String

    @OptionGroup var server: ServerOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        _ = try await server.withClient { try await $0.delete("/tasks/schedules/\(ServerClient.segment(name))") }
        if !output.json { print("Deleted schedule '\(name)'") }
    }
}
