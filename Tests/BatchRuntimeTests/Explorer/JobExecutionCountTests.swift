import Database
import DatabaseTestSupport
import Foundation
import Testing

@testable import BatchRuntime

/// The number of job executions the database keeps (schema version 9): the unfiltered total of
/// the server's job execution pages reads it instead of counting a history that may hold millions.
@Suite("The kept number of job executions")
struct JobExecutionCountTests {
    static func counted(_ pool: ConnectionPool) async throws -> Int64 {
        try await pool.withConnection { try await $0.query("SELECT COUNT(*) AS N FROM BATCH_JOB_EXECUTION")[0].decode(Int64.self, "N") }
    }

    /// The kept number, the explorer's count and both page totals all equal a real COUNT.
    static func expectInStep(_ pool: ConnectionPool, _ expected: Int64, _ comment: Comment) async throws {
        let explorer = JobExplorer(pool: pool)
        #expect(try await counted(pool) == expected, comment)
        #expect(try await explorer.jobExecutionCount() == expected, comment)
        #expect(try await explorer.jobExecutionSummaries(page: PageRequest(size: 2)).totalElements == expected, comment)
        #expect(try await explorer.jobExecutionDetails(page: PageRequest(size: 2)).totalElements == expected, comment)
    }

    /// A row as Spring Batch's own DAO inserts it, outside swift-batch's repository.
    static func springInsert(_ id: Int64, instance: Int64, on connection: SQLConnection) async throws {
        try await connection.execute(
            "INSERT INTO BATCH_JOB_EXECUTION (JOB_EXECUTION_ID, JOB_INSTANCE_ID, CREATE_TIME, STATUS, VERSION) VALUES ($1, $2, $3, 'COMPLETED', 0)",
            [.int(id), .int(instance), .date(Date())])
    }

    @Test("upgrading counts the history already there; inserts, COPY, deletes and Spring's SQL keep the number", arguments: TestDatabase.allCases)
    func keptInStep(_ database: TestDatabase) async throws {
        try await database.withPool { pool in
            let shipped = try Migration.bundled(for: database.dialect)
            try await Migrator(pool: pool, migrations: shipped.filter { $0.version < 9 }).migrate()
            let repository = JobRepository(pool: pool)
            for name in ["a", "b", "c"] { _ = try await repository.createJobExecution(jobName: name, parameters: JobParameters()) }
            try await Migrator(pool: pool).migrate()
            try await Self.expectInStep(pool, 3, "the upgrade counted the executions already written")

            let created = try await repository.createJobExecution(jobName: "d", parameters: JobParameters())
            try await pool.withConnection { connection in
                try await Self.springInsert(100, instance: created.instance.id, on: connection)
                let rows: [[SQLValue]] = (101...110).map { [.int($0), .int(created.instance.id), .date(Date()), .text("COMPLETED"), .int(0)] }
                _ = try await connection.copy(
                    into: "BATCH_JOB_EXECUTION", columns: ["JOB_EXECUTION_ID", "JOB_INSTANCE_ID", "CREATE_TIME", "STATUS", "VERSION"], rows: rows)
            }
            try await Self.expectInStep(pool, 15, "one created, one inserted by SQL, ten copied")

            try await pool.transaction { connection in
                try await JobRepository.deleteJobExecutions(ids: [created.id, 100, 105], on: connection)
                try await connection.execute("DELETE FROM BATCH_JOB_EXECUTION WHERE JOB_EXECUTION_ID > $1", [.int(100)])
            }
            try await Self.expectInStep(pool, 3, "three deleted one by one, nine in one statement")

            await #expect(throws: CancellationError.self) {
                try await pool.transaction { connection in
                    try await Self.springInsert(200, instance: created.instance.id, on: connection)
                    throw CancellationError()
                }
            }
            try await Self.expectInStep(pool, 3, "a rolled back insert leaves the number alone")
        }
    }

    @Test("the unfiltered total is read from the kept number, not counted; filtered totals are counted", arguments: TestDatabase.allCases)
    func totalReadsTheKeptNumber(_ database: TestDatabase) async throws {
        try await database.withPool { pool in
            try await Migrator(pool: pool).migrate()
            let repository = JobRepository(pool: pool)
            for run in 1...3 {
                _ = try await repository.createJobExecution(
                    jobName: run < 3 ? "a" : "b", parameters: try JobParameters(parsing: ["run=\(run),java.lang.Long"]))
            }
            // Skew the kept number: a total that still says 3 was counted, which a history of a
            // million executions pays for on every first page.
            _ = try await pool.withConnection { try await $0.execute("UPDATE SB_JOB_EXECUTION_COUNT SET EXECUTIONS = EXECUTIONS + 1000 WHERE SLOT = 0") }
            let explorer = JobExplorer(pool: pool)
            #expect(try await explorer.jobExecutionCount() == 1003)
            #expect(try await explorer.jobExecutionSummaries(page: PageRequest(size: 20)).totalElements == 1003)
            #expect(try await explorer.jobExecutions(page: PageRequest(size: 20)).totalElements == 1003)
            #expect(try await explorer.jobExecutionCount(JobExecutionFilter(jobName: "a")) == 2)
            #expect(try await explorer.jobExecutionSummaries(JobExecutionFilter(jobName: "b"), page: PageRequest(size: 20)).totalElements == 1)
            #expect(try await explorer.jobExecutionSummaries(JobExecutionFilter(statuses: [.starting]), page: PageRequest()).totalElements == 3)
        }
    }

    @Test("PostgreSQL: TRUNCATE sets the number to zero; transactions creating executions at the same time are all counted")
    func postgresTruncateAndConcurrency() async throws {
        try await TestDatabase.postgresql.withPool { pool in
            try await Migrator(pool: pool).migrate()
            let repository = JobRepository(pool: pool)
            _ = try await repository.createJobExecution(jobName: "a", parameters: JobParameters())
            _ = try await pool.withConnection { try await $0.execute("TRUNCATE BATCH_JOB_EXECUTION CASCADE") }
            try await Self.expectInStep(pool, 0, "truncated")
            let instance = try await repository.createJobExecution(jobName: "b", parameters: JobParameters()).instance.id
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<4 {
                    group.addTask {
                        try await pool.transaction { connection in
                            try await Self.springInsert(Int64(1000 + index), instance: instance, on: connection)
                        }
                    }
                }
                try await group.waitForAll()
            }
            try await Self.expectInStep(pool, 5, "one created, four concurrent inserts")
        }
    }
}
