import Database
import DatabaseTestSupport
import Foundation
import Testing

import TaskRuntime

/// A batch application (`csv-import`) runs inside the task lifecycle by default.
@Suite("Batch jobs inside tasks", .serialized)
struct BatchTaskTests {
    @Test("csv-import is recorded as a task linked to its job execution", arguments: TestDatabase.allCases)
    func linked(database: TestDatabase) async throws {
        try await database.withIsolatedURLText { url in
            try await withTemporaryDirectory { directory in
                let generated = try await TestProcess.run(
                    "csv-import", ["generate", "--rows", "500", "--output", "tx.csv"], in: directory)
                #expect(generated.status == 0)
                let arguments = ["start", "importTransactions", "input.file=tx.csv", "--db", url, "--quiet"]
                let outcome = try await TestProcess.run("csv-import", arguments, in: directory)
                #expect(outcome.status == 0, "\(outcome)")
                try await ConnectionPool.withPool(url: try DatabaseURL(url)) { pool in
                    let explorer = TaskExplorer(pool: pool)
                    let task = try #require(try await explorer.taskExecutions().first)
                    #expect(task.taskName == "csv-import" && task.status == .complete)
                    #expect(task.arguments == arguments)
                    let jobs = try await explorer.jobExecutionIds(ofTaskExecution: task.executionId)
                    #expect(jobs.count == 1)
                    // The job's exit status is the task's exit message, which a composed task's transitions match.
                    #expect(task.exitMessage == "COMPLETED" && task.errorMessage == nil)
                    let shown = try await TestProcess.run(
                        "dataflow", ["task", "execution", "status", "--id", "\(task.executionId)", "--json", "--db", url], in: directory)
                    let json = try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any]
                    let linked = json?["jobExecutions"] as? [[String: Any]]
                    #expect(linked?.first?["id"] as? Int == Int(jobs[0]))
                    #expect(linked?.first?["name"] as? String == "importTransactions")
                    #expect(linked?.first?["status"] as? String == "COMPLETED")
                }
            }
        }
    }

    @Test("a failed job fails the task unless fail-on-job-failure is false; recording can be turned off", arguments: [TestDatabase.sqlite])
    func failedJob(database: TestDatabase) async throws {
        try await database.withIsolatedURLText { url in
            try await withTemporaryDirectory { directory in
                let failing = ["start", "importTransactions", "input.file=missing.csv", "--db", url, "--quiet"]
                let failed = try await TestProcess.run("csv-import", failing, in: directory)
                #expect(failed.status == 1, "\(failed)")
                let lenient = try await TestProcess.run(
                    "csv-import", failing + ["run.id=2,java.lang.Long", "--spring.cloud.task.batch.fail-on-job-failure=false"],
                    in: directory)
                #expect(lenient.status == 0, "Spring's default: a failed job still ends the task with 0: \(lenient)")
                let untracked = try await TestProcess.run(
                    "csv-import", failing + ["run.id=3,java.lang.Long", "--spring.cloud.task.autoconfiguration.enabled=false"],
                    in: directory)
                #expect(untracked.status == 1)
                try await ConnectionPool.withPool(url: try DatabaseURL(url)) { pool in
                    let tasks = try await TaskExplorer(pool: pool).taskExecutions()
                    #expect(tasks.count == 2, "no task row when recording is off")
                    let strict = try #require(tasks.last)
                    #expect(strict.exitCode == 1)
                    #expect(strict.errorMessage?.hasPrefix("Job importTransactions failed during execution for job instance id") == true)
                    #expect(tasks.first?.exitCode == 0 && tasks.first?.errorMessage == nil)
                }
            }
        }
    }
}
