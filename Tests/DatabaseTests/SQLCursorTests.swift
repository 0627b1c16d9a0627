@testable import Database
import DatabaseTestSupport
import Foundation
import Testing

@Suite("SQL cursors: one query read in batches over a connection held until close")
struct SQLCursorTests {
    static let query = "SELECT ID, NAME, V FROM SOURCE WHERE ID > $1 ORDER BY ID"

    /// `SOURCE` with `count` rows: ids 1...count, `V` = the id, or Int64.min (whose abs() fails) at `poison`.
    static func createSource(_ database: TestDatabase, _ pool: ConnectionPool, count: Int, poison: Int? = nil) async throws {
        try await pool.withConnection { connection in
            try await connection.executeScript(
                "CREATE TABLE SOURCE (ID \(database.bigint) PRIMARY KEY, NAME VARCHAR(40) NOT NULL, V \(database.bigint) NOT NULL)")
            try await connection.executeBatch(
                "INSERT INTO SOURCE (ID, NAME, V) VALUES ($1, $2, $3)",
                (1...count).map { [.int(Int64($0)), .text("row \($0)"), .int($0 == poison ? .min : Int64($0))] })
        }
    }

    /// Every batch of `cursor` until the first empty one.
    static func drain(_ cursor: SQLCursor) async throws -> [[SQLRow]] {
        var batches: [[SQLRow]] = []
        var rows = try await cursor.next()
        while !rows.isEmpty {
            batches.append(rows)
            rows = try await cursor.next()
        }
        return batches
    }

    @Test("rows arrive in batches of the fetch size, each row once, while the pool serves other work", arguments: TestDatabase.allCases)
    func batches(_ database: TestDatabase) async throws {
        try await database.withPool { pool in
            try await Self.createSource(database, pool, count: 2_450)
            try await pool.withConnection { try await $0.executeScript("CREATE TABLE OTHER (ID \(database.bigint) PRIMARY KEY)") }
            let batches = try await pool.withCursor(Self.query, [.int(100)], fetchSize: 300) { cursor in
                #expect(cursor.fetchSize == 300)
                var batches: [[SQLRow]] = [try await cursor.next()]
                #expect(pool.statistics.leased == 1, "the cursor holds its connection between batches")
                // Another connection commits while the query is open (SQLite: WAL lets it).
                try await pool.transaction { try await $0.execute("INSERT INTO OTHER (ID) VALUES (1)") }
                batches += try await Self.drain(cursor)
                #expect(try await cursor.next().isEmpty, "an exhausted cursor stays exhausted")
                return batches
            }
            #expect(batches.map(\.count) == Array(repeating: 300, count: 7) + [250])
            let ids = try batches.joined().map { try $0.decode(Int64.self, "ID") }
            #expect(ids == Array(101...2_450))
            #expect(try batches.joined().map { try $0.decode(String.self, "NAME") } == ids.map { "row \($0)" })
            #expect(pool.statistics.leased == 0)
            #expect(pool.statistics.discarded == 0)
        }
    }

    @Test("a query that fails in a later batch throws, and its connection goes back to the pool reusable", arguments: TestDatabase.allCases)
    func failureReleases(_ database: TestDatabase) async throws {
        try await database.withPool(.testing(maximumConnections: 2)) { pool in
            try await Self.createSource(database, pool, count: 1_000, poison: 700)
            let cursor = try await pool.openCursor("SELECT ID, abs(V) AS A FROM SOURCE WHERE ID > $1 ORDER BY ID", [.int(0)], fetchSize: 250)
            #expect(try await cursor.next().count == 250)
            #expect(try await cursor.next().count == 250)
            let error = await #expect(throws: DatabaseError.self) { try await cursor.next() }
            #expect(error?.statement?.contains("abs(V)") == true, "\(String(describing: error))")
            let again = await #expect(throws: DatabaseError.self) { try await cursor.next() }
            #expect(again?.code == .misuse)
            #expect(pool.statistics.leased == 1)
            await cursor.close()
            await cursor.close()
            #expect(pool.statistics.leased == 0)
            #expect(pool.statistics.discarded == 0, "the cursor's transaction ended: the connection is reusable")
            // Both connections at once: the one the cursor used works.
            let sum = try await pool.withConnection { first in
                try await pool.withConnection { second in
                    let one = try await first.query("SELECT count(*) FROM SOURCE").first!.decode(Int64.self, at: 0)
                    let two = try await second.query("SELECT count(*) FROM SOURCE").first!.decode(Int64.self, at: 0)
                    return one + two
                }
            }
            #expect(sum == 2_000)
        }
    }

    @Test("a query the database rejects fails to open and leaves no connection lent", arguments: TestDatabase.allCases)
    func rejectedQuery(_ database: TestDatabase) async throws {
        try await database.withPool { pool in
            let error = await #expect(throws: DatabaseError.self) {
                try await pool.openCursor("SELECT ID FROM NO_SUCH_TABLE WHERE ID > $1", [.int(0)])
            }
            #expect(error?.code == .undefinedObject)
            let mismatch = await #expect(throws: DatabaseError.self) {
                try await pool.withCursor("SELECT 1 AS ONE WHERE 1 > $1", []) { _ in }
            }
            #expect(mismatch != nil)
            #expect(pool.statistics.leased == 0)
        }
    }

    @Test("a closed cursor refuses more batches; a cursor closed early ends its query", arguments: TestDatabase.allCases)
    func closeEarly(_ database: TestDatabase) async throws {
        try await database.withPool(.testing(maximumConnections: 1)) { pool in
            try await Self.createSource(database, pool, count: 50)
            let cursor = try await pool.openCursor(Self.query, [.int(0)], fetchSize: 10)
            #expect(try await cursor.next().count == 10)
            await cursor.close()
            let error = await #expect(throws: DatabaseError.self) { try await cursor.next() }
            #expect(error?.code == .misuse)
            // The pool's only connection is back, out of the cursor's transaction: it writes.
            let changed = try await pool.transaction { try await $0.execute("DELETE FROM SOURCE WHERE ID <= 10") }
            #expect(changed == 10)
            let rest = try await pool.withCursor(Self.query, [.int(0)], fetchSize: 100) { try await Self.drain($0) }
            #expect(rest.map(\.count) == [40])
            #expect(pool.statistics.opened == 1)
        }
    }

    @Test("a task cancelled while it holds a cursor gives the connection back", arguments: TestDatabase.allCases)
    func cancellation(_ database: TestDatabase) async throws {
        try await database.withPool { pool in
            try await Self.createSource(database, pool, count: 100)
            let (started, startedContinuation) = AsyncStream<Int>.makeStream()
            let (never, _) = AsyncStream<Void>.makeStream()
            await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    try await pool.withCursor(Self.query, [.int(0)], fetchSize: 10) { cursor in
                        startedContinuation.yield(try await cursor.next().count)
                        // Waits for the cancellation, which ends the stream's iteration.
                        for await _ in never {}
                        try Task.checkCancellation()
                    }
                }
                var iterator = started.makeAsyncIterator()
                #expect(await iterator.next() == 10)
                #expect(pool.statistics.leased == 1)
                group.cancelAll()
                await #expect(throws: CancellationError.self) { try await group.next() }
            }
            #expect(pool.statistics.leased == 0)
            #expect(pool.statistics.discarded == 0)
        }
    }
}
