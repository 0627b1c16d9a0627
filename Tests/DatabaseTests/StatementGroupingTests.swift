import Database
import DatabaseTestSupport
import Testing

/// What the PostgreSQL driver sends together to save round trips: a transaction's `BEGIN` with
/// its first statement, a sequence of statements in one pipeline, a long `COPY` as several
/// statements in one query. Each must behave exactly as the statements sent one by one, which
/// SQLite (sending nothing) shows side by side.
@Suite("Statements sent together")
struct StatementGroupingTests {
    static func setUp(_ database: TestDatabase, _ connection: SQLConnection) async throws {
        try await connection.executeScript("CREATE TABLE T (ID \(database.bigint) PRIMARY KEY, NAME VARCHAR(100))")
    }

    static func ids(_ connection: SQLConnection) async throws -> [Int64] {
        try await connection.query("SELECT ID FROM T ORDER BY ID").map { try $0.decode(Int64.self, at: 0) }
    }

    static let insert = "INSERT INTO T (ID, NAME) VALUES ($1, $2)"

    static func rows(_ ids: Range<Int>) -> [[SQLValue]] {
        ids.map { [.int(Int64($0)), .text("row\t\($0)\n")] }
    }

    @Test("a transaction's isolation level holds whichever statement comes first")
    func isolationWithFirstStatement() async throws {
        try await TestDatabase.postgresql.withPool { pool in
            try await pool.withConnection { try await Self.setUp(.postgresql, $0) }
            let serializable = TransactionOptions(isolation: .serializable)
            let afterCopy = try await pool.transaction(serializable) { connection in
                try await connection.copy(into: "T", columns: ["ID", "NAME"], rows: Self.rows(0..<3))
                return try await connection.query("SHOW transaction_isolation").first?.decode(String.self, at: 0)
            }
            #expect(afterCopy == "serializable")
            let afterSequence = try await pool.transaction(serializable) { connection in
                try await connection.executeSequence([(Self.insert, [3, "three"]), (Self.insert, [4, "four"])])
                return try await connection.query("SHOW transaction_isolation").first?.decode(String.self, at: 0)
            }
            #expect(afterSequence == "serializable")
            let afterQuery = try await pool.transaction(serializable) { connection in
                try await connection.query("SHOW transaction_isolation").first?.decode(String.self, at: 0)
            }
            #expect(afterQuery == "serializable")
            #expect(try await pool.withConnection { try await Self.ids($0) } == [0, 1, 2, 3, 4])
        }
    }

    @Test("a transaction whose first statement fails rolls back and leaves the connection usable", arguments: TestDatabase.allCases)
    func firstStatementFails(_ database: TestDatabase) async throws {
        try await database.withPool(.testing(maximumConnections: 1)) { pool in
            try await pool.withConnection { try await Self.setUp(database, $0) }
            await #expect(throws: DatabaseError.self) {
                try await pool.transaction { connection in
                    try await connection.copy(into: "MISSING", columns: ["ID"], rows: [[1]])
                }
            }
            await #expect(throws: DatabaseError.self) {
                try await pool.transaction { connection in
                    try await connection.executeSequence([("INSERT INTO MISSING (ID) VALUES ($1)", [1]), (Self.insert, [2, "two"])])
                }
            }
            // A transaction that runs nothing, then one that works, on the same connection.
            try await pool.transaction { _ in }
            try await pool.transaction { try await $0.execute(Self.insert, [1, "one"]) }
            #expect(try await pool.withConnection { try await Self.ids($0) } == [1])
            #expect(pool.statistics.discarded == 0)
        }
    }

    @Test("a sequence in a transaction stops at its failing statement and rolls back with it", arguments: TestDatabase.allCases)
    func sequenceInTransaction(_ database: TestDatabase) async throws {
        try await database.withPool { pool in
            try await pool.withConnection { try await Self.setUp(database, $0) }
            let changed = try await pool.transaction { connection in
                try await connection.executeSequence([
                    (Self.insert, [1, "one"]), ("UPDATE T SET NAME = $1 WHERE ID > $2", ["many", 0]),
                    ("DELETE FROM T WHERE ID = $1", [99]),
                ])
            }
            #expect(changed == [1, 1, 0])
            let failure = await #expect(throws: DatabaseError.self) {
                try await pool.transaction { connection in
                    try await connection.executeSequence([
                        (Self.insert, [2, "two"]), (Self.insert, [1, "duplicate"]), (Self.insert, [3, "three"]),
                    ])
                }
            }
            #expect(failure?.code == .uniqueViolation)
            #expect(try await pool.withConnection { try await Self.ids($0) } == [1])
        }
    }

    @Test("a sequence outside a transaction keeps what ran before the failing statement", arguments: TestDatabase.allCases)
    func sequenceAlone(_ database: TestDatabase) async throws {
        try await database.withPool { pool in
            try await pool.withConnection { connection in
                try await Self.setUp(database, connection)
                try await connection.execute(Self.insert, [1, "one"])
                await #expect(throws: DatabaseError.self) {
                    try await connection.executeSequence([
                        (Self.insert, [2, "two"]), (Self.insert, [1, "duplicate"]), (Self.insert, [3, "three"]),
                    ])
                }
                #expect(try await Self.ids(connection) == [1, 2])
            }
        }
    }

    @Test("a COPY longer than one statement rolls back whole with its transaction, naming the failing row", arguments: TestDatabase.allCases)
    func longCopyFailure(_ database: TestDatabase) async throws {
        try await database.withPool(.testing(maximumConnections: 1)) { pool in
            try await pool.withConnection { try await Self.setUp(database, $0) }
            var rows = Self.rows(0..<1_000)
            rows[899] = [.int(5), .text("duplicate of row 6")]  // in the fourth statement of 250 rows
            let failure = await #expect(throws: DatabaseError.self) {
                try await pool.transaction { connection in
                    try await connection.execute(Self.insert, [-1, "before"])
                    try await connection.copy(into: "T", columns: ["ID", "NAME"], rows: rows)
                }
            }
            #expect(failure?.code == .uniqueViolation)
            #expect(failure?.batchRow == 899)
            if database == .postgresql { #expect(failure?.message.contains("row 900 of 1000") == true, "\(failure?.message ?? "")") }
            #expect(try await pool.withConnection { try await Self.ids($0) } == [])

            // The same rows without the duplicate, then a failure later in the transaction: nothing stays.
            await #expect(throws: DatabaseError.self) {
                try await pool.transaction { connection in
                    #expect(try await connection.copy(into: "T", columns: ["ID", "NAME"], rows: Self.rows(0..<1_000)) == 1_000)
                    try await connection.execute(Self.insert, [0, "duplicate"])
                }
            }
            #expect(try await pool.withConnection { try await Self.ids($0) } == [])
            #expect(pool.statistics.discarded == 0)

            // Outside a transaction a long COPY is all or nothing too.
            try await pool.withConnection { connection in
                await #expect(throws: DatabaseError.self) {
                    try await connection.copy(into: "T", columns: ["ID", "NAME"], rows: rows)
                }
                #expect(try await Self.ids(connection) == [])
                #expect(try await connection.copy(into: "T", columns: ["ID", "NAME"], rows: Self.rows(0..<1_001)) == 1_001)
                let names = try await connection.query("SELECT NAME FROM T WHERE ID IN (249, 250, 1000) ORDER BY ID")
                #expect(try names.map { try $0.decode(String.self, at: 0) } == ["row\t249\n", "row\t250\n", "row\t1000\n"])
            }
        }
    }
}
