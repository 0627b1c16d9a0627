@testable import Database
import DatabaseTestSupport
import Foundation
import Testing

@Suite("Batch execution, COPY and prepared-statement reuse")
struct BatchAndCopyTests {
    static func createTable(_ database: TestDatabase, _ connection: SQLConnection) async throws {
        try await connection.executeScript(
            """
            CREATE TABLE ITEMS (ID \(database.bigint) NOT NULL PRIMARY KEY, NAME VARCHAR(200), AMOUNT \(database.double),
                CREATED TIMESTAMP, ACTIVE \(database.boolean), PAYLOAD \(database.bytes))
            """)
    }

    static let insert = "INSERT INTO ITEMS (ID, NAME, AMOUNT, CREATED, ACTIVE, PAYLOAD) VALUES ($1, $2, $3, $4, $5, $6)"
    static let columns = ["ID", "NAME", "AMOUNT", "CREATED", "ACTIVE", "PAYLOAD"]

    static func row(_ id: Int) -> [SQLValue] {
        let names = ["plain", "tab\there", "line\nbreak", "back\\slash", "\\N", "ünïcødé ✓", "", "CR\r\nLF", "quote'\"", "𝄞"]
        return [
            .int(Int64(id)), id % 17 == 0 ? .null : .text(names[id % names.count] + " \(id)"),
            .double(Double(id) / 8), .date(Date(timeIntervalSince1970: 1_700_000_000 + Double(id) + 0.000_123)),
            .bool(id % 2 == 0), id % 5 == 0 ? .null : .bytes([UInt8(id % 256), 0, 92, 10, 9]),
        ]
    }

    static func count(_ connection: SQLConnection) async throws -> Int64 {
        try await connection.query("SELECT count(*) FROM ITEMS").first?.decode(Int64.self, at: 0) ?? -1
    }

    /// Reads the table back and compares every value with what was written.
    static func verify(_ connection: SQLConnection, ids: Range<Int>) async throws {
        let rows = try await connection.query("SELECT ID, NAME, AMOUNT, CREATED, ACTIVE, PAYLOAD FROM ITEMS ORDER BY ID")
        #expect(rows.count == ids.count)
        for (row, id) in zip(rows, ids) {
            let expected = Self.row(id)
            #expect(try row.decode(Int64.self, "ID") == Int64(id))
            #expect(try row.decode(String?.self, "NAME") == String?(sqlValue: expected[1]))
            #expect(try row.decode(Double.self, "AMOUNT") == Double(id) / 8)
            #expect(micros(try row.decode(Date.self, "CREATED")) == micros(try Date(sqlValue: expected[3])))
            #expect(try row.decode(Bool.self, "ACTIVE") == (id % 2 == 0))
            #expect(try row.decode([UInt8]?.self, "PAYLOAD") == [UInt8]?(sqlValue: expected[5]))
        }
    }

    @Test("a batch inserts every row with one prepared statement", arguments: TestDatabase.allCases)
    func batch(_ database: TestDatabase) async throws {
        try await database.withPool { pool in
            try await pool.withConnection { connection in
                try await Self.createTable(database, connection)
                let before = try await connection.cachedStatementCount()
                let changed = try await connection.executeBatch(Self.insert, (0..<2_500).map(Self.row))
                #expect(changed == 2_500)
                #expect(try await connection.cachedStatementCount() == before + 1)
                try await Self.verify(connection, ids: 0..<2_500)
            }
        }
    }

    @Test("a failing row fails the whole batch, names the row, and leaves the connection usable", arguments: TestDatabase.allCases)
    func batchFailure(_ database: TestDatabase) async throws {
        try await database.withPool { pool in
            try await pool.withConnection { connection in
                try await Self.createTable(database, connection)
                var rows = (0..<2_500).map(Self.row)
                rows[2_100] = Self.row(7)  // duplicate key
                let error = await #expect(throws: DatabaseError.self) {
                    try await connection.executeBatch(Self.insert, rows)
                }
                #expect(error?.code == .uniqueViolation)
                #expect(error?.message.contains("row 2101 of 2500") == true, "\(error?.message ?? "")")
                #expect(try await Self.count(connection) == 0, "all or nothing")
                try await connection.executeBatch(Self.insert, (0..<10).map(Self.row))
                #expect(try await Self.count(connection) == 10)
            }
            #expect(pool.statistics.discarded == 0)
        }
    }

    @Test("a batch inside a transaction commits or rolls back with it", arguments: TestDatabase.allCases)
    func batchInTransaction(_ database: TestDatabase) async throws {
        try await database.withPool { pool in
            try await pool.withConnection { connection in
                try await Self.createTable(database, connection)
                struct Abort: Error {}
                await #expect(throws: Abort.self) {
                    try await connection.transaction { tx in
                        try await tx.executeBatch(Self.insert, (0..<1_000).map(Self.row))
                        throw Abort()
                    }
                }
                #expect(try await Self.count(connection) == 0)
                try await connection.transaction { tx in
                    try await tx.executeBatch(Self.insert, (0..<1_000).map(Self.row))
                    try await tx.executeBatch(Self.insert, (1_000..<2_000).map(Self.row))
                }
                #expect(try await Self.count(connection) == 2_000)
            }
        }
    }

    @Test("COPY loads rows with every special character and type exactly", arguments: TestDatabase.allCases)
    func copy(_ database: TestDatabase) async throws {
        try await database.withPool { pool in
            try await pool.withConnection { connection in
                try await Self.createTable(database, connection)
                // Large enough to cross the driver's 64 KiB send buffer several times.
                let loaded = try await connection.copy(into: "ITEMS", columns: Self.columns, rows: (0..<20_000).map(Self.row))
                #expect(loaded == 20_000)
                try await Self.verify(connection, ids: 0..<20_000)
            }
        }
    }

    @Test("a rejected COPY loads nothing and the connection stays usable", arguments: TestDatabase.allCases)
    func copyFailure(_ database: TestDatabase) async throws {
        try await database.withPool { pool in
            try await pool.withConnection { connection in
                try await Self.createTable(database, connection)
                var rows = (0..<5_000).map(Self.row)
                rows[4_000] = Self.row(3)  // duplicate key: the server rejects it
                let duplicate = await #expect(throws: DatabaseError.self) {
                    try await connection.copy(into: "ITEMS", columns: Self.columns, rows: rows)
                }
                #expect(duplicate?.code == .uniqueViolation)
                #expect(try await Self.count(connection) == 0)

                if database == .postgresql {
                    // A value the client refuses: COPY is ended with an error, nothing loaded.
                    var bad = (0..<5_000).map(Self.row)
                    bad[4_500][1] = .text("nul\u{0}byte")
                    let refused = await #expect(throws: DatabaseError.self) {
                        try await connection.copy(into: "ITEMS", columns: Self.columns, rows: bad)
                    }
                    #expect(refused?.code == .invalidValue)
                    #expect(refused?.message.contains("row 4501 of 5000") == true, "\(refused?.message ?? "")")
                    #expect(try await Self.count(connection) == 0)
                }
                let wrongWidth = await #expect(throws: DatabaseError.self) {
                    try await connection.copy(into: "ITEMS", columns: Self.columns, rows: [[1, "short"]])
                }
                #expect(wrongWidth?.code == .bindMismatch)
                #expect(try await connection.copy(into: "ITEMS", columns: Self.columns, rows: [Self.row(1)]) == 1)
            }
            #expect(pool.statistics.discarded == 0)
        }
    }

    @Test("prepared statements are reused, and evicted ones are released", arguments: TestDatabase.allCases)
    func statementCache(_ database: TestDatabase) async throws {
        try await database.withPool(.init(maximumConnections: 1, statementCacheCapacity: 3)) { pool in
            try await pool.withConnection { connection in
                try await Self.createTable(database, connection)
                let start = try await connection.cachedStatementCount()
                for id in 0..<50 { try await connection.execute(Self.insert, Self.row(id)) }
                #expect(try await connection.cachedStatementCount() == start + 1, "one statement, prepared once")
                for id in 0..<5 {
                    _ = try await connection.query("SELECT ID + \(id) AS X FROM ITEMS WHERE ID = $1", [.int(Int64(id))])
                }
                #expect(try await connection.cachedStatementCount() == 3, "the cache is bounded")
                if database == .postgresql {
                    let serverSide = try await connection.query("SELECT count(*) FROM pg_prepared_statements")
                    #expect(try serverSide.first?.decode(Int64.self, at: 0) == 3, "evicted statements are deallocated")
                }
                // An evicted statement is prepared again transparently.
                try await connection.execute(Self.insert, Self.row(50))
                #expect(try await Self.count(connection) == 51)
            }
        }
    }
}
