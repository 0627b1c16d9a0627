import BatchRuntime
import Foundation
import TaskRuntime

/// `task execution list` and `status` when they read the database (`--db`) instead of asking
/// the server, and the old `task executions` and `task execution <id>` that always did: the
/// database's view, with statuses, messages and linked job executions (``TaskReport``).
enum DatabaseExecutions {
    /// A page of executions, newest first, as a table (with a `more:` line when the page is full) or JSON.
    static func list(_ database: DatabaseOptions, name: String?, limit: Int, before: Int64?, json: Bool) async throws {
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

    /// One execution with its arguments and the job executions it ran.
    /// - Throws: A `notFound` failure when no execution has the id.
    static func show(_ database: DatabaseOptions, id: Int64, json: Bool) async throws {
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
                message: "no task execution with id \(id); list them with 'dataflow task execution list --db ...'", category: .notFound)
        }
        print(json ? try TaskReport.json(report) : report.text())
    }
}
