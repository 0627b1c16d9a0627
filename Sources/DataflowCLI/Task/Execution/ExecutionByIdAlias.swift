import ArgumentParser

/// The old `dataflow task execution <id>`, kept working: ``Dataflow/parse(_:)`` sends
/// `task execution <number> ...` here. Reads the database, as it always did.
struct ExecutionByIdAlias: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "by-id", abstract: "The old spelling of 'task execution status --db'.", shouldDisplay: false)

    @Argument(help: "The task execution id.")
    var id: Int64

    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await DatabaseExecutions.show(database, id: id, json: json)
    }
}
