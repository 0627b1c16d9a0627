import Database

/// Writes each chunk with one prepared statement executed for every item (or PostgreSQL `COPY`).
///
/// When the writer's pool is the job repository's pool, the rows are written inside the chunk
/// transaction (``ChunkTransaction``), so they commit atomically with the step's checkpoint:
/// after a crash a restart neither loses nor repeats a row. With another database the writer
/// commits its own transaction first and the checkpoint second; a crash between the two makes
/// the restart write that chunk again, which ``Mode/upsert(conflictColumns:)`` absorbs.
///
/// ```swift
/// SQLBatchWriter<Transaction>(
///     pool: context.database, table: "transactions", columns: ["id", "account", "amount"]
/// ) { [.int($0.id), .text($0.account), .double($0.amount)] }
/// ```
public final class SQLBatchWriter<Item>: ItemWriter {
    /// How rows are written.
    public enum Mode: Sendable, Hashable {
        /// `INSERT`; a duplicate key fails the chunk.
        case insert
        /// `INSERT ... ON CONFLICT (columns) DO UPDATE`: a replayed row replaces itself.
        case upsert(conflictColumns: [String])
        /// PostgreSQL `COPY ... FROM STDIN` (SQLite falls back to a prepared insert).
        case copy
    }

    private let pool: ConnectionPool
    private let table: String
    private let columns: [String]
    private let mode: Mode
    private let sql: String
    private let values: (Item) throws -> [SQLValue]

    /// Creates a writer.
    /// - Parameters:
    ///   - pool: The target database (pass ``StepContext/database`` to write in the chunk transaction).
    ///   - table: The table.
    ///   - columns: The columns, in the order `values` returns them.
    ///   - mode: Insert, upsert or copy.
    ///   - values: One value per column for an item.
    public init(
        pool: ConnectionPool, table: String, columns: [String], mode: Mode = .insert,
        values: @escaping (Item) throws -> [SQLValue]
    ) {
        self.pool = pool
        self.table = table
        self.columns = columns
        self.mode = mode
        self.values = values
        let placeholders = (1...columns.count).map { "$\($0)" }.joined(separator: ", ")
        var sql = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(placeholders))"
        if case .upsert(let keys) = mode {
            let updates = columns.filter { !keys.contains($0) }.map { "\($0) = excluded.\($0)" }
            sql += " ON CONFLICT (\(keys.joined(separator: ", "))) "
                + (updates.isEmpty ? "DO NOTHING" : "DO UPDATE SET " + updates.joined(separator: ", "))
        }
        self.sql = sql
    }

    /// Writes the chunk's rows.
    /// - Throws: ``BatchError/Code/writeFailed`` with the database's error as cause.
    public func write(_ chunk: Chunk<Item>) async throws {
        guard !chunk.isEmpty else { return }
        var rows: [[SQLValue]] = []
        rows.reserveCapacity(chunk.count)
        for item in chunk.items { rows.append(try values(item)) }
        do {
            if let connection = ChunkTransaction.connection(for: pool) {
                try await write(rows, on: connection)
            } else {
                try await pool.transaction { connection in try await self.write(rows, on: connection) }
            }
        } catch let error as DatabaseError {
            guard let index = error.batchRow, index < rows.count else {
                throw BatchError(.writeFailed, "writing \(rows.count) rows into \(table) failed: \(error.description)", cause: error)
            }
            var message = "writing into \(table) failed on the row \(Self.describe(rows[index], columns: columns)): \(error.description)"
            if error.code == .uniqueViolation {
                message += "; the row is already in \(table): was this input written before? Remove the rows it wrote, or write with mode .upsert"
            }
            var failure = BatchError(.writeFailed, message, cause: error)
            failure.itemIndex = index
            throw failure
        }
    }

    /// `(id=17, account='ACC-1', ...)`: a row as a message shows it, long values cut, secrets masked.
    static func describe(_ row: [SQLValue], columns: [String]) -> String {
        let pairs = zip(columns, row).prefix(8).map { column, value -> String in
            if SecretMasking.isSecret(key: column) { return "\(column)=\(SecretMasking.mask)" }
            let text: String
            switch value {
            case .null: text = "NULL"
            case .text(let string): text = "'" + (string.count > 40 ? String(string.prefix(40)) + "..." : string) + "'"
            case .bytes(let bytes): text = "<\(bytes.count) bytes>"
            default: text = "\(value)"
            }
            return "\(column)=\(text)"
        }
        return "(" + pairs.joined(separator: ", ") + (columns.count > 8 ? ", ..." : "") + ")"
    }

    private func write(_ rows: [[SQLValue]], on connection: SQLConnection) async throws {
        if case .copy = mode, connection.dialect == .postgresql {
            try await connection.copy(into: table, columns: columns, rows: rows)
        } else {
            try await connection.executeBatch(sql, rows)
        }
    }
}

extension SQLBatchWriter: ChunkTransactionWriter {
    func writesInChunkTransaction(of pool: ConnectionPool) -> Bool {
        self.pool === pool
    }
}
