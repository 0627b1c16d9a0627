import Database
import DatabaseTestSupport
import Foundation
import Testing

@testable import TaskRuntime

/// The number of task executions the database keeps (schema version 8): the unfiltered total of
/// every page the server serves reads it instead of counting a history that may hold millions.
@Suite("The kept number of task executions")
struct TaskExecutionCountTests {
    static func counted(_ pool: ConnectionPool) async throws -> Int64 {
        try await pool.withConnection { try await $0.query("SELECT COUNT(*) AS N FROM TASK_EXECUTION")[0].decode(Int64.self, "N") }
    }

    /// The kept number and the page total both equal a real COUNT.
    static func expectInStep(_ pool: ConnectionPool, _ expected: Int64, _ comment: Comment) async throws {
        let explorer = TaskExplorer(pool: pool)
        #expect(try await counted(pool) == expected, comment)
        #expect(try await explorer.taskExecutionCount() == expected, comment)
        #expect(try await explorer.taskExecutions(page: PageRequest(size: 2)).totalElements == expected, comment)
    }

    @Test("upgrading counts the history already there; inserts, COPY, deletes and Spring's SQL keep the number", arguments: TestDatabase.allCases)
    func keptInStep(_ database: TestDatabase) async throws {
        try await database.withPool { pool in
            let shipped = try Migration.bundled(for: database.dialect)
            try await Migrator(pool: pool, migrations: shipped.filter { $0.version < 8 }).migrate()
            let repository = TaskRepository(pool: pool)
            for name in ["a", "b", "c"] { _ = try await repository.createTaskExecution(name: name) }
            try await Migrator(pool: pool).migrate()
            try await Self.expectInStep(pool, 3, "the upgrade counted the executions already written")

            _ = try await repository.createTaskExecution(name: "d")
            try await pool.withConnection { connection in
                // As Spring Cloud Task writes a row, and a bulk load (COPY on PostgreSQL).
                try await connection.execute(
                    "INSERT INTO TASK_EXECUTION (TASK_EXECUTION_ID, TASK_NAME, LAST_UPDATED) VALUES ($1, $2, $3)",
                    [.int(100), .text("spring"), .date(Date())])
                let rows: [[SQLValue]] = (101...110).map { [.int($0), .text("bulk"), .date(Date())] }
                _ = try await connection.copy(into: "TASK_EXECUTION", columns: ["TASK_EXECUTION_ID", "TASK_NAME", "LAST_UPDATED"], rows: rows)
            }
            try await Self.expectInStep(pool, 15, "one created, one inserted by SQL, ten copied")

            try await pool.transaction { connection in
                _ = try await TaskRepository.deleteTaskExecutions(ids: [1, 100, 105], on: connection)
                try await connection.execute("DELETE FROM TASK_EXECUTION WHERE TASK_NAME = $1", [.text("bulk")])
            }
            try await Self.expectInStep(pool, 3, "three deleted one by one, nine in one statement")

            await #expect(throws: CancellationError.self) {
                try await pool.transaction { connection in
                    _ = try await TaskRepository.createTaskExecution(name: "rolled back", on: connection)
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
            let repository = TaskRepository(pool: pool)
            for name in ["a", "a", "b"] { _ = try await repository.createTaskExecution(name: name) }
            // Skew the kept number: a total that still says 3 was counted, which a history of a
            // million executions pays for on every page.
            _ = try await pool.withConnection { try await $0.execute("UPDATE SB_TASK_EXECUTION_COUNT SET EXECUTIONS = EXECUTIONS + 1000 WHERE SLOT = 0") }
            let explorer = TaskExplorer(pool: pool)
            #expect(try await explorer.taskExecutionCount() == 1003)
            #expect(try await explorer.taskExecutions(page: PageRequest(size: 20), arguments: false).totalElements == 1003)
            #expect(try await explorer.taskExecutionCount(TaskExecutionFilter(taskName: "a")) == 2)
            #expect(try await explorer.taskExecutions(TaskExecutionFilter(taskName: "b"), page: PageRequest(size: 20)).totalElements == 1)
        }
    }

    @Test("PostgreSQL: TRUNCATE sets the number to zero; transactions creating executions at the same time are all counted")
    func postgresTruncateAndConcurrency() async throws {
        try await TestDatabase.postgresql.withPool { pool in
            try await Migrator(pool: pool).migrate()
            let repository = TaskRepository(pool: pool)
            _ = try await repository.createTaskExecution(name: "a")
            _ = try await pool.withConnection { try await $0.execute("TRUNCATE TASK_EXECUTION CASCADE") }
            try await Self.expectInStep(pool, 0, "truncated")
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<4 {
                    group.addTask {
                        try await pool.transaction { connection in
                            _ = try await TaskRepository.createTaskExecution(name: "t\(index)", on: connection)
                            try await Task.sleep(for: .milliseconds(200))
                        }
                    }
                }
                try await group.waitForAll()
            }
            try await Self.expectInStep(pool, 4, "four concurrent creations")
        }
    }
}
