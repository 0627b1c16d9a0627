import ArgumentParser

/// The old `dataflow task executions`, kept working: it reads the database, as it always did.
struct ExecutionsAlias: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "executions", abstract: "The old spelling of 'task execution list --db'.", shouldDisplay: false)

    @Option(name: .long, help: "Only executions of this task name.")
    var name: String?

    @Option(name: .long, help: "Page size.")
    var limit: Int = 20

    @Option(name: .long, help: "Only ids below this one (the 'more:' line of the previous page).")
    var before: Int64?

    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit needs a positive number, not \(limit)") }
    }

    func run() async throws {
        try await DatabaseExecutions.list(database, name: name, limit: limit, before: before, json: json)
    }
}
