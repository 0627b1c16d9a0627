import Database

/// Bulk writes of a seeded history: COPY on PostgreSQL, one prepared INSERT stepped per row on
/// SQLite, a batch per transaction; then the sequences and the planner's statistics.
enum HistoryWriter {
    /// The tables a fresh history must have empty.
    static let checkedTables = ["BATCH_JOB_INSTANCE", "BATCH_JOB_EXECUTION", "TASK_EXECUTION"]

    /// Fails unless the database holds no job or task history yet (the ids start at 1).
    static func requireEmpty(on connection: SQLConnection) async throws {
        for table in checkedTables {
            let rows = try await connection.query("SELECT COUNT(*) AS N FROM \(table)")
            let count = try rows[0].decode(Int64.self, "N")
            guard count == 0 else {
                throw SeedFailure("\(table) already holds \(count) rows: seed a freshly created database")
            }
        }
    }

    /// Writes one batch in one transaction; returns the rows written.
    static func write(_ batch: HistoryBatch, on connection: SQLConnection) async throws -> Int {
        try await connection.transaction { connection in
            var written = 0
            for table in batch.tables where !table.rows.isEmpty {
                switch connection.dialect {
                case .postgresql:
                    written += try await connection.copy(into: table.table, columns: table.columns, rows: table.rows)
                case .sqlite:
                    written += try await connection.executeBatch(table.insertStatement, table.rows)
                }
            }
            return written
        }
    }

    /// Moves Spring's sequences past the highest ids written, so the real repositories continue
    /// after them: `setval` on PostgreSQL; on SQLite, the one-column `*_SEQ` table holds one row
    /// with the last id, and its AUTOINCREMENT hands out the next.
    static func advanceSequences(_ summary: SeedSummary, on connection: SQLConnection) async throws {
        let sequences: [(String, Int64)] = [
            ("BATCH_JOB_SEQ", summary.lastJobInstanceId), ("BATCH_JOB_EXECUTION_SEQ", summary.lastJobExecutionId),
            ("BATCH_STEP_EXECUTION_SEQ", summary.lastStepExecutionId), ("TASK_SEQ", summary.lastTaskExecutionId),
        ]
        try await connection.transaction { connection in
            for (sequence, last) in sequences where last > 0 {
                switch connection.dialect {
                case .postgresql:
                    _ = try await connection.query("SELECT setval('\(sequence)', $1) AS V", [.int(last)])
                case .sqlite:
                    try await connection.execute("DELETE FROM \(sequence)")
                    try await connection.execute("INSERT INTO \(sequence) (ID) VALUES ($1)", [.int(last)])
                }
            }
        }
    }

    /// Gives the planner real statistics: `VACUUM ANALYZE` on PostgreSQL (which also sets the
    /// visibility map, as autovacuum would have on a database that grew over months), `ANALYZE`
    /// on SQLite.
    static func analyze(on connection: SQLConnection) async throws {
        switch connection.dialect {
        case .postgresql:
            let tables = HistoryBatch().tables.map(\.table).joined(separator: ", ")
            try await connection.executeScript("VACUUM ANALYZE \(tables)")
        case .sqlite: try await connection.executeScript("ANALYZE")
        }
    }
}

/// A seeding error with its message.
struct SeedFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
