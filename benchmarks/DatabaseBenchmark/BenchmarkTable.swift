import Database
import Foundation

/// The table every case loads, declared the same way for the SQL layer and for the command-line tools.
enum BenchmarkTable {
    static let name = "LOAD_BENCH"
    static let columns = ["ID", "NAME", "AMOUNT", "QUANTITY", "CREATED", "STATUS"]

    /// The INSERT statement the batch cases run once per row.
    static let insert =
        "INSERT INTO \(name) (\(columns.joined(separator: ", "))) VALUES ($1, $2, $3, $4, $5, $6)"

    /// `CREATE TABLE` for `dialect`. SQLite's `INTEGER PRIMARY KEY` is the rowid (no separate index);
    /// PostgreSQL's `BIGINT PRIMARY KEY` has a B-tree index, maintained during every load.
    static func createStatement(for dialect: SQLDialect) -> String {
        switch dialect {
        case .sqlite:
            return """
                CREATE TABLE \(name) (ID INTEGER PRIMARY KEY, NAME VARCHAR(100) NOT NULL, \
                AMOUNT DOUBLE NOT NULL, QUANTITY INTEGER NOT NULL, CREATED TIMESTAMP NOT NULL, \
                STATUS VARCHAR(16) NOT NULL)
                """
        case .postgresql:
            return """
                CREATE TABLE \(name) (ID BIGINT PRIMARY KEY, NAME VARCHAR(100) NOT NULL, \
                AMOUNT DOUBLE PRECISION NOT NULL, QUANTITY INTEGER NOT NULL, CREATED TIMESTAMP NOT NULL, \
                STATUS VARCHAR(16) NOT NULL)
                """
        }
    }

    /// Drops and creates the table; on PostgreSQL also runs `CHECKPOINT`, so that no case pays for
    /// the write-ahead log an earlier case left behind.
    static func recreate(on connection: SQLConnection) async throws {
        try await connection.executeScript("DROP TABLE IF EXISTS \(name)")
        try await connection.executeScript(createStatement(for: connection.dialect))
        if connection.dialect == .postgresql {
            try await connection.executeScript("CHECKPOINT")
        }
    }

    /// Checks that the table holds exactly rows 1...`rows` with the generated values:
    /// count, ID range and sums, a few rows field by field, and on SQLite the storage class of each column.
    static func verify(on connection: SQLConnection, rows: Int) async throws {
        let summary = try await connection.query(
            "SELECT COUNT(*) AS N, MIN(ID) AS LO, MAX(ID) AS HI, SUM(QUANTITY) AS Q, SUM(AMOUNT) AS A FROM \(name)")
        guard let totals = summary.first else { throw BenchmarkFailure("no summary row") }
        let count = try totals.decode(Int64.self, "N")
        guard count == rows else { throw BenchmarkFailure("\(name) holds \(count) rows, expected \(rows)") }
        guard rows > 0 else { return }
        let expected = RowGenerator.expectedTotals(rows: rows)
        let low = try totals.decode(Int64.self, "LO")
        let high = try totals.decode(Int64.self, "HI")
        let quantity = try totals.decode(Int64.self, "Q")
        let amount = try totals.decode(Double.self, "A")
        let expectedAmount = Double(expected.cents) / 100
        guard low == 1, high == rows else { throw BenchmarkFailure("IDs run from \(low) to \(high), expected 1 to \(rows)") }
        guard quantity == expected.quantity else {
            throw BenchmarkFailure("SUM(QUANTITY) is \(quantity), expected \(expected.quantity)")
        }
        guard abs(amount - expectedAmount) <= max(0.01, expectedAmount * 1e-12) else {
            throw BenchmarkFailure("SUM(AMOUNT) is \(amount), expected \(expectedAmount)")
        }
        let samples = Set([1, 2, RowGenerator.quotedNameID, Int64(rows / 2), Int64(rows)].filter { $0 >= 1 && $0 <= rows })
        for id in samples.sorted() {
            try await verifyRow(id, on: connection)
        }
        if connection.dialect == .sqlite {
            let wrong = try await connection.query(
                """
                SELECT COUNT(*) AS N FROM \(name) WHERE typeof(NAME) <> 'text' OR typeof(AMOUNT) <> 'real' \
                OR typeof(QUANTITY) <> 'integer' OR typeof(CREATED) <> 'text' OR typeof(STATUS) <> 'text'
                """)
            let mistyped = try wrong.first?.decode(Int64.self, "N") ?? -1
            guard mistyped == 0 else { throw BenchmarkFailure("\(mistyped) rows have values of unexpected SQLite types") }
        }
    }

    private static func verifyRow(_ id: Int64, on connection: SQLConnection) async throws {
        let expected = RowGenerator.row(id)
        let found = try await connection.query(
            "SELECT NAME, AMOUNT, QUANTITY, CREATED, STATUS FROM \(name) WHERE ID = $1", [.int(id)])
        guard let row = found.first else { throw BenchmarkFailure("row \(id) is missing") }
        let name = try row.decode(String.self, "NAME")
        let amount = try row.decode(Double.self, "AMOUNT")
        let quantity = try row.decode(Int64.self, "QUANTITY")
        let created = try row.decode(Date.self, "CREATED")
        let status = try row.decode(String.self, "STATUS")
        let createdMillis = Int64((created.timeIntervalSince1970 * 1000).rounded())
        guard name == expected.name, amount == expected.amount, quantity == expected.quantity,
            createdMillis == expected.createdMillis, status == expected.status
        else {
            throw BenchmarkFailure(
                """
                row \(id) holds (\(name), \(amount), \(quantity), \(CSVWriter.timestamp(millis: createdMillis)), \(status)), \
                expected (\(expected.name), \(expected.amount), \(expected.quantity), \
                \(CSVWriter.timestamp(millis: expected.createdMillis)), \(expected.status))
                """)
        }
    }
}

/// A benchmark step that went wrong.
struct BenchmarkFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
