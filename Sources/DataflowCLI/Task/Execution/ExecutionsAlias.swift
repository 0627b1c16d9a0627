import ArgumentParser
import Foundation
import TaskRuntime

/// `dataflow task executions`: a page of task executions, newest first.
struct ExecutionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "executions", abstract: "List task executions, newest first.")

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
        let page = try await database.withPool(createIfMissing: false) { pool in
            try await TaskExplorer(pool: pool).taskExecutions(name: name, beforeId: before, limit: limit)
        }
        if json {
            print(try TaskReport.json(page.map { TaskReport($0, jobs: nil) }))
            return
        }
        print(TaskReport.table(page))
        if page.count == limit, let last = page.last { print("more: --before \(last.executionId)") }
    }
}
