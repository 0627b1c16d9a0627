import ArgumentParser
import BatchRuntime
import Foundation
import TaskRuntime

/// `dataflow task execution <id>`: one task execution with its arguments and job executions.
struct ExecutionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "execution", abstract: "Show one task execution with its arguments and the job executions it ran.")

    @Argument(help: "The task execution id.")
    var id: Int64

    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let report = try await database.withPool(createIfMissing: false) { pool -> TaskReport? in
            guard let (task, found) = try await JobExplorer(pool: pool).taskExecutionWithJobs(id: id) else { return nil }
            let jobs = task.jobExecutionIds.map { jobId in
                let job = found.first { $0.id == jobId }
                return TaskReport.Job(id: jobId, name: job?.jobName, status: job?.status.rawValue)
            }
            return TaskReport(task, jobs: jobs)
        }
        guard let report else {
            throw CommandFailure(
                message: "no task execution with id \(id); list them with 'dataflow task executions'", category: .notFound)
        }
        print(json ? try TaskReport.json(report) : report.text())
    }
}
