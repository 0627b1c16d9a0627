import BatchRuntime
import Database
import DatabaseTestSupport
import Foundation
import Testing

/// `JobRepository.purge` on a seeded history: exactly the rows the oracle says go, table by
/// table; in batches of the policy's size; a dry run first counts the same and deletes nothing.
@Suite("Job purge")
struct JobPurgeTests {
    /// Purges by `policy` after a dry run and holds the database and both reports to the oracle.
    static func check(_ pool: ConnectionPool, _ history: PurgeHistory, _ policy: JobPurgePolicy) async throws -> PurgeReport {
        let before = try await TableSnapshot.take(pool)
        let gone = history.expectedJobs(policy)
        let expected = before.without(jobs: gone)
        let repository = JobRepository(pool: pool)

        let dry = try await repository.purge(policy, dryRun: true)
        before.expectEqual(try await TableSnapshot.take(pool))
        let report = try await repository.purge(policy)
        expected.expectEqual(try await TableSnapshot.take(pool))

        #expect(report.counts == before.expectedReport(after: expected, dryRun: false).counts, "\(report)")
        #expect(dry.counts == report.counts, "dry run \(dry)")
        #expect(dry.dryRun && !report.dryRun)
        #expect(report.batches == (gone.count + policy.batchSize - 1) / policy.batchSize)
        #expect(dry.batches == report.batches)
        let kept = history.expectedKept(policy)
        #expect(report.keptWithRunning == kept.running && report.keptForRestart == kept.restart)
        #expect(dry.keptWithRunning == kept.running && dry.keptForRestart == kept.restart)
        #expect(report.longestBatch > .zero && report.duration >= report.longestBatch)
        // What is left is what must stay: a second purge finds nothing.
        let again = try await repository.purge(policy)
        #expect(again.jobExecutions == 0 && again.batches == 0)
        return report
    }

    @Test("older than 10 days: the old executions that may go, three per transaction", arguments: TestDatabase.allCases)
    func olderThan(_ database: TestDatabase) async throws {
        try await PurgeHistory.with(database) { pool, history in
            let report = try await Self.check(pool, history, JobPurgePolicy(olderThan: PurgeHistory.olderThan, batchSize: 3))
            #expect(report.jobExecutions > 10 && report.jobInstances > 0 && report.taskLinks > 0 && report.stepContexts > 0)
            #expect(report.keptForRestart > 0 && report.keptWithRunning > 0)
            // The instance without identifying parameters (COMPLETED, COMPLETED, then FAILED, across
            // batches) went whole: deleting its COMPLETED executions did not make the FAILED one look restartable.
            let nightly = try await pool.withConnection {
                try await $0.query("SELECT COUNT(*) AS N FROM BATCH_JOB_INSTANCE WHERE JOB_NAME = 'nightly'")[0].decode(Int64.self, "N")
            }
            #expect(nightly == 0)
        }
    }

    @Test("keep the last 2 of each job, any age, restart data included, 500 per transaction", arguments: TestDatabase.allCases)
    func keepLast(_ database: TestDatabase) async throws {
        try await PurgeHistory.with(database) { pool, history in
            let report = try await Self.check(pool, history, JobPurgePolicy(keepLast: 2, includeRestartable: true))
            #expect(report.batches == 1 && report.keptForRestart == 0)
        }
    }

    @Test("one job only, older than 10 days, keep its last 3, restart data included, one per transaction", arguments: TestDatabase.allCases)
    func oneJob(_ database: TestDatabase) async throws {
        try await PurgeHistory.with(database) { pool, history in
            let policy = JobPurgePolicy(olderThan: PurgeHistory.olderThan, keepLast: 3, jobName: "gamma", includeRestartable: true, batchSize: 1)
            let report = try await Self.check(pool, history, policy)
            #expect(report.jobExecutions == report.batches)
            let others = try await pool.withConnection {
                try await $0.query(
                    "SELECT COUNT(*) AS N FROM BATCH_JOB_EXECUTION E JOIN BATCH_JOB_INSTANCE I ON I.JOB_INSTANCE_ID = E.JOB_INSTANCE_ID WHERE I.JOB_NAME <> 'gamma'"
                )[0].decode(Int64.self, "N")
            }
            #expect(Int(others) == history.jobs.filter { $0.name != "gamma" }.count)
        }
    }

    @Test("a policy that cannot be applied is refused before anything is read")
    func badPolicy() async throws {
        try await withRepository(.sqlite) { repository in
            for policy in [JobPurgePolicy(keepLast: -1), JobPurgePolicy(olderThan: .seconds(-1)), JobPurgePolicy(olderThan: .zero, batchSize: 0)] {
                let error = await #expect(throws: BatchError.self) { try await repository.purge(policy) }
                #expect(error?.code == .invalidPolicy && ErrorCategory.of(error!) == .badInput)
            }
        }
    }
}
