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
            let explorer = TaskExplorer(pool: pool)
            guard let execution = try await explorer.taskExecution(id: id) else { return nil }
            let jobExplorer = JobExplorer(pool: pool)
            var jobs: [TaskReport.Job] = []
            for jobId in try await explorer.jobExecutionIds(ofTaskExecution: id) {
                let job = try await jobExplorer.jobExecution(id: jobId)
                jobs.append(TaskReport.Job(id: jobId, name: job?.jobName, status: job?.status.rawValue))
            }
            return TaskReport(execution, jobs: jobs)
        }
        guard let report else {
            throw CommandFailure(
                message: "no task execution with id \(id); list them with 'dataflow task executions'", category: .notFound)
        }
        print(json ? try TaskReport.json(report) : report.text())
    }
}
