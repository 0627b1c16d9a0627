import Database
import DatabaseTestSupport
import Testing

@Suite("Transactions")
struct TransactionTests {
    static func setUp(_ database: TestDatabase, _ connection: SQLConnection) async throws {
        try await connection.executeScript("CREATE TABLE T (ID \(database.bigint) PRIMARY KEY, NAME VARCHAR(100))")
    }

    static func ids(_ connection: SQLConnection) async throws -> [Int64] {
        try await connection.query("SELECT ID FROM T ORDER BY ID").map { try $0.decode(Int64.self, at: 0) }
    }

    struct Boom: Error {}

    @Test("a transaction commits when its body returns", arguments: TestDatabase.allCases)
    func commit(_ database: TestDatabase) async throws {
        try await database.withPool { pool in
            try await pool.withConnection { try await Self.setUp(database, $0) }
            let value = try await pool.transaction { connection in
                try await connection.execute("INSERT INTO T (ID, NAME) VALUES ($1, $2)", [1, "one"])
                try await connection.execute("INSERT INTO T (ID, NAME) VALUES ($1, $2)", [2, "two"])
                return "done"
            }
            #expect(value == "done")
            // Another connection sees the committed rows.
            try await pool.withConnection { first in
                try await pool.withConnection { second in
                    let (seenByFirst, seenBySecond) = (try await Self.ids(first), try await Self.ids(second))
                    #expect(seenByFirst == [1, 2])
                    #expect(seenBySecond == [1, 2])
                }
            }
        }
    }

    @Test("a transaction rolls back when its body throws", arguments: TestDatabase.allCases)
    func rollback(_ database: TestDatabase) async throws {
        try await database.withPool { pool in
            try await pool.withConnection { try await Self.setUp(database, $0) }
            await #expect(throws: Boom.self) {
                try await pool.transaction { connection in
                    try await connection.execute("INSERT INTO T (ID, NAME) VALUES ($1, $2)", [1, "one"])
                    throw Boom()
                }
            }
            let remaining = try await pool.withConnection { try await Self.ids($0) }
            #expect(remaining == [])
            #expect(pool.statistics.discarded == 0, "a rolled-back connection is reused")
        }
    }

    @Test("nested transactions use savepoints: an inner failure keeps the outer work", arguments: TestDatabase.allCases)
    func savepoints(_ database: TestDatabase) async throws {
        try await database.withPool { pool in
            try await pool.withConnection { connection in
                try await Self.setUp(database, connection)
                try await connection.transaction { outer in
                    try await outer.execute("INSERT INTO T (ID, NAME) VALUES (1, 'outer')")
                    // A failing statement inside the savepoint, caught: the outer transaction goes on.
                    await #expect(throws: DatabaseError.self) {
                        try await outer.transaction { inner in
                            try await inner.execute("INSERT INTO T (ID, NAME) VALUES (2, 'inner')")
                            try await inner.execute("INSERT INTO T (ID, NAME) VALUES (1, 'duplicate')")
                        }
                    }
                    try await outer.transaction { inner in
                        try await inner.execute("INSERT INTO T (ID, NAME) VALUES (3, 'inner kept')")
                        try await inner.transaction { innermost in
                            try await innermost.execute("INSERT INTO T (ID, NAME) VALUES (4, 'innermost')")
                        }
                    }
                }
                #expect(try await Self.ids(connection) == [1, 3, 4])
            }
        }
    }

    @Test("an outer rollback undoes committed savepoints", arguments: TestDatabase.allCases)
    func outerRollback(_ database: TestDatabase) async throws {
        try await database.withPool { pool in
            try await pool.withConnection { connection in
                try await Self.setUp(database, connection)
                await #expect(throws: Boom.self) {
                    try await connection.transaction { outer in
                        try await outer.transaction { try await $0.execute("INSERT INTO T (ID) VALUES (1)") }
                        throw Boom()
                    }
                }
                #expect(try await Self.ids(connection) == [])
            }
        }
    }

    @Test("a swallowed statement error: SQLite undoes that statement only, PostgreSQL refuses to commit", arguments: TestDatabase.allCases)
    func swallowedFailure(_ database: TestDatabase) async throws {
        try await database.withPool { pool in
            try await pool.withConnection { connection in
                try await Self.setUp(database, connection)
                try await connection.execute("INSERT INTO T (ID) VALUES (1)")
                let work: (SQLConnection) async throws -> Void = { tx in
                    try await tx.execute("INSERT INTO T (ID) VALUES (2)")
                    _ = try? await tx.execute("INSERT INTO T (ID) VALUES (1)")  // fails; error ignored
                    try await tx.execute("INSERT INTO T (ID) VALUES (3)")
                }
                switch database {
                case .sqlite:
                    // SQLite aborts only the failed statement and keeps the transaction usable.
                    try await connection.transaction { try await work($0) }
                    #expect(try await Self.ids(connection) == [1, 2, 3])
                case .postgresql:
                    // PostgreSQL aborts the whole transaction; the next statement fails loudly and
                    // nothing of the transaction is committed.
                    let outcome = await #expect(throws: DatabaseError.self) {
                        try await connection.transaction { try await work($0) }
                    }
                    #expect(outcome?.code == .transactionAborted)
                    #expect(try await Self.ids(connection) == [1])
                }
            }
        }
    }
}
