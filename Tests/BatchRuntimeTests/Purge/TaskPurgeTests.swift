import BatchRuntime
import Database
import DatabaseTestSupport
import Foundation
import Testing

/// `TaskRepository.purge` on a seeded history: ended task executions with their children and
/// job executions, exactly as the oracle says, table by table; what a restart needs keeps its
/// task execution; schema version 8's kept count stays equal to COUNT(*).
@Suite("Task purge")
struct TaskPurgeTests {
    static func keptCount(_ pool: ConnectionPool) async throws -> (kept: Int64, counted: Int64) {
        try await pool.withConnection { connection in
            (
                try await connection.query("SELECT CAST(SUM(EXECUTIONS) AS BIGINT) AS N FROM SB_TASK_EXECUTION_COUNT")[0].decode(Int64.self, "N"),
                try await connection.query("SELECT COUNT(*) AS N FROM TASK_EXECUTION")[0].decode(Int64.self, "N")
            )
        }
    }

    static func check(_ pool: ConnectionPool, _ history: PurgeHistory, _ policy: TaskPurgePolicy) async throws -> PurgeReport {
        let before = try await TableSnapshot.take(pool)
        let (tasks, jobs, families) = history.expectedTasks(policy)
        let expected = before.without(jobs: jobs, tasks: tasks)
        let repository = TaskRepository(pool: pool)

        let dry = try await repository.purge(policy, dryRun: true)
        before.expectEqual(try await TableSnapshot.take(pool))
        let report = try await repository.purge(policy)
        expected.expectEqual(try await TableSnapshot.take(pool))

        #expect(report.counts == before.expectedReport(after: expected, dryRun: false).counts, "\(report)")
        #expect(dry.counts == report.counts, "dry run \(dry)")
        #expect(report.batches == (families + policy.batchSize - 1) / policy.batchSize)
        #expect(dry.batches == report.batches && dry.keptForRestart == report.keptForRestart && dry.keptWithRunning == report.keptWithRunning)
        let count = try await keptCount(pool)
        #expect(count.kept == count.counted, "SB_TASK_EXECUTION_COUNT follows the deletes")
        #expect(Int(count.counted) == history.tasks.count - tasks.count)
        return report
    }

    @Test("older than 10 days: families of task executions with their job executions, two per transaction", arguments: TestDatabase.allCases)
    func olderThan(_ database: TestDatabase) async throws {
        try await PurgeHistory.with(database) { pool, history in
            let report = try await Self.check(pool, history, TaskPurgePolicy(olderThan: PurgeHistory.olderThan, batchSize: 2))
            #expect(report.taskExecutions > 10 && report.jobExecutions > 5 && report.taskLinks > 0 && report.taskParameters > 0)
            // The task with a job awaiting its restart stayed, with both its job executions.
            #expect(report.keptForRestart >= 6 && report.keptWithRunning >= 3)
            let multi = try await pool.withConnection {
                try await $0.query("SELECT COUNT(*) AS N FROM TASK_EXECUTION WHERE TASK_NAME = 'multi'")[0].decode(Int64.self, "N")
            }
            #expect(multi == 3)
        }
    }

    @Test("keep the last 2 of each task, restart data included", arguments: TestDatabase.allCases)
    func keepLast(_ database: TestDatabase) async throws {
        try await PurgeHistory.with(database) { pool, history in
            let report = try await Self.check(pool, history, TaskPurgePolicy(keepLast: 2, includeRestartable: true, batchSize: 3))
            #expect(report.keptForRestart == 0)
        }
    }

    @Test("one task only, any age", arguments: TestDatabase.allCases)
    func oneTask(_ database: TestDatabase) async throws {
        try await PurgeHistory.with(database) { pool, history in
            let report = try await Self.check(pool, history, TaskPurgePolicy(olderThan: .zero, taskName: "composed"))
            // Two composed parents ended in each round; the one whose child still runs stays.
            #expect(report.taskExecutions == 3 * 3 && report.keptWithRunning == 3)
        }
    }
}
