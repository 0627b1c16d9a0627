import Database
import DatabaseTestSupport
import Foundation
import Testing

@testable import BatchRuntime

@Suite("SQL cursor reader: one streamed query per step, restartable by key")
struct SQLCursorReaderTests {
    @Test("a few thousand rows, more than a fetch, go through a job into another table exactly once", arguments: TestDatabase.allCases)
    func roundTrip(_ database: TestDatabase) async throws {
        try await withRepository(database) { repository in
            let ids = try await Self.createTables(database, repository.pool, count: 3_000)
            let execution = try await testLauncher(repository).run(Self.job(fetchSize: 128, commitInterval: 100), parameters: JobParameters())
            #expect(execution.status == .completed)
            #expect(try await Self.targetIds(repository.pool) == ids)
            let step = try #require(try await steps(repository, execution.id)["copy"])
            #expect(step.counts.read == 3_000)
            #expect(step.counts.write == 3_000)
            #expect(step.executionContext.int("source.last.key") == ids.last)
            #expect(step.executionContext.int("source.read.count") == 3_000)
            #expect(repository.pool.statistics.leased == 0, "the cursor's connection went back to the pool")
        }
    }

    @Test("a restart after a failed chunk reopens the query after the last committed key: every row written once", arguments: TestDatabase.allCases)
    func restart(_ database: TestDatabase) async throws {
        try await withRepository(database) { repository in
            let ids = try await Self.createTables(database, repository.pool, count: 2_000)
            let fail = Switch(true)
            let job = Self.job(fetchSize: 64, commitInterval: 100, fail: fail, failAt: ids[1_049])
            let launcher = testLauncher(repository)
            let first = try await launcher.run(job, parameters: JobParameters())
            #expect(first.status == .failed)
            let failed = try #require(try await steps(repository, first.id)["copy"])
            #expect(failed.executionContext.int("source.last.key") == ids[999], "ten chunks of 100 committed")
            #expect(try await Self.targetIds(repository.pool) == Array(ids[..<1_000]))
            #expect(repository.pool.statistics.leased == 0)
            let second = try await launcher.run(job, parameters: JobParameters())
            #expect(second.status == .completed)
            #expect(try await Self.targetIds(repository.pool) == ids)
            let resumed = try #require(try await steps(repository, second.id)["copy"])
            #expect(resumed.counts.read == 1_000, "read from key \(ids[999]) on")
            #expect(resumed.executionContext.int("source.read.count") == 2_000)
            #expect(repository.pool.statistics.leased == 0)
        }
    }

    @Test("a row that cannot be mapped fails the step naming the reader and the row's key", arguments: TestDatabase.allCases)
    func badRow(_ database: TestDatabase) async throws {
        try await withRepository(database) { repository in
            let ids = try await Self.createTables(database, repository.pool, count: 500, nullAmountAt: 320)
            let execution = try await testLauncher(repository).run(Self.job(fetchSize: 40, commitInterval: 50), parameters: JobParameters())
            #expect(execution.status == .failed)
            let step = try #require(try await steps(repository, execution.id)["copy"])
            let description = step.exitStatus.exitDescription
            #expect(description.contains("source: the row with ID = \(ids[320]) could not be mapped"), "\(description)")
            #expect(description.contains("AMOUNT") || description.contains("amount"), "the mapping's own error follows: \(description)")
            #expect(try await Self.targetIds(repository.pool) == Array(ids[..<300]), "the chunks before the bad row committed")
            #expect(repository.pool.statistics.leased == 0, "the failed step closed the reader")
        }
    }

    @Test("the reader holds one connection while open, gives it back when the rows run out or on close, and resumes from its saved key", arguments: TestDatabase.allCases)
    func connectionLifetime(_ database: TestDatabase) async throws {
        try await withRepository(database) { repository in
            let pool = repository.pool
            let ids = try await Self.createTables(database, pool, count: 30)
            let reader = SQLCursorReader<Int64>(
                pool: pool, name: "source", table: "SOURCE", columns: ["ID"], keyColumn: "ID", filter: "ID > $1",
                binds: [.int(ids[9])], fetchSize: 7
            ) { try $0.decode(Int64.self, "ID") }
            let unopened = await #expect(throws: BatchError.self) { try await reader.read() }
            #expect(unopened?.message.contains("not open") == true)
            try await reader.open(ExecutionContext())
            #expect(pool.statistics.leased == 1)
            var first: [Int64] = []
            for _ in 0..<9 { first.append(try #require(try await reader.read())) }
            var context = ExecutionContext()
            try reader.update(&context)
            #expect(context.int("source.last.key") == first.last)
            try await reader.close()
            #expect(pool.statistics.leased == 0, "closed before the end")
            try await reader.open(context)
            let rest = try await readRemaining(reader)
            #expect(first + rest == Array(ids[10...]))
            #expect(pool.statistics.leased == 0, "the rows ran out: the connection went back before close")
            #expect(try await reader.read() == nil)
            try await reader.close()
            try await reader.close()
        }
    }

    // MARK: - Support

    /// `SOURCE` with `count` rows keyed 3, 6, 9, ... (gaps: the reader follows the key, not row
    /// numbers), `AMOUNT` NULL at position `nullAmountAt`; an empty `TARGET`. Returns the keys.
    @Test("a pool of one connection is refused at open with the reason, instead of a chunk waiting for the pool's timeout")
    func singleConnectionPool() async throws {
        try await ConnectionPool.withPool(url: try DatabaseURL("sqlite::memory:")) { pool in
            let reader = SQLCursorReader<Int64>(pool: pool, name: "rows", table: "T", columns: ["ID"], keyColumn: "ID") { try $0.decode(Int64.self, "ID") }
            let error = await #expect(throws: BatchError.self) { try await reader.open(ExecutionContext()) }
            #expect(error?.code == .invalidDeclaration)
            #expect(error?.message.contains("this pool has only one") == true, "\(String(describing: error))")
            #expect(pool.statistics.leased == 0)
        }
    }

    static func createTables(_ database: TestDatabase, _ pool: ConnectionPool, count: Int, nullAmountAt: Int? = nil) async throws -> [Int64] {
        let ids = (1...count).map { Int64($0 * 3) }
        try await pool.withConnection { connection in
            try await connection.execute("CREATE TABLE SOURCE (ID BIGINT PRIMARY KEY, NAME VARCHAR(20) NOT NULL, AMOUNT \(database.double))")
            try await connection.execute("CREATE TABLE TARGET (ID BIGINT PRIMARY KEY, NAME VARCHAR(20) NOT NULL)")
            try await connection.executeBatch(
                "INSERT INTO SOURCE (ID, NAME, AMOUNT) VALUES ($1, $2, $3)",
                ids.enumerated().map { index, id in [.int(id), .text("n\(id)"), index == nullAmountAt ? .null : .double(Double(id) / 4)] })
        }
        return ids
    }

    /// Copies `SOURCE` into `TARGET`; the writer fails once after the chunk holding key `failAt` when `fail` is on.
    static func job(fetchSize: Int, commitInterval: Int, fail: Switch = Switch(false), failAt: Int64 = -1) -> Job {
        Job("copy") {
            ChunkStep(
                "copy", commitInterval: .fixed(commitInterval),
                reader: { context in
                    SQLCursorReader<(Int64, String)>(
                        pool: context.database, name: "source", table: "SOURCE", columns: ["ID", "NAME", "AMOUNT"], keyColumn: "ID",
                        fetchSize: fetchSize
                    ) { row in
                        _ = try row.decode(Double.self, "AMOUNT")  // a NULL amount cannot be mapped
                        return (try row.decode(Int64.self, "ID"), try row.decode(String.self, "NAME"))
                    }
                },
                writer: { context in
                    FailOnce(fail: fail, at: failAt, inner: SQLBatchWriter(pool: context.database, table: "TARGET", columns: ["ID", "NAME"]) {
                        [.int($0.0), .text($0.1)]
                    })
                })
        }
    }

    static func targetIds(_ pool: ConnectionPool) async throws -> [Int64] {
        try await pool.withConnection { connection in
            try await connection.query("SELECT ID FROM TARGET ORDER BY ID").map { try $0.decode(Int64.self, "ID") }
        }
    }
}
