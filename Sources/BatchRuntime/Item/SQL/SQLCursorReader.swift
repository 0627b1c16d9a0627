import Database

/// Reads the rows of one query as the step goes, streamed in batches over a cursor (Spring
/// Batch's `JdbcCursorItemReader`): one query for the whole step, and never more than
/// `fetchSize` rows in memory.
///
/// The query orders the rows by a unique integer key column, and the reader saves the last key
/// read (`<name>.last.key`, with `<name>.read.count`) at every commit, so a restart opens the
/// query again with `key > last`: nothing committed is read twice, nothing is lost.
///
/// The cursor holds a connection of `pool` from ``open(_:)`` until the rows run out or the step
/// ends (``close()``, which the engine calls whatever the outcome), besides the connection the
/// chunk transactions use: the pool needs room for both. The rows are those of the database as
/// it was when the query started (PostgreSQL: a read-only transaction; SQLite: a read
/// transaction, which in WAL mode does not hold the chunks' commits up, though the write-ahead
/// log cannot be reset until it ends). Compared with ``SQLPagingReader`` it runs one query
/// instead of one per page, at the price of holding that connection and snapshot.
///
/// ```swift
/// SQLCursorReader<Account>(
///     pool: context.database, name: "accounts", table: "accounts", columns: ["id", "owner"], keyColumn: "id",
///     fetchSize: 500
/// ) { row in Account(id: try row.decode(Int64.self, "id"), owner: try row.decode(String.self, "owner")) }
/// ```
///
/// Like every reader it is step-scoped: one task uses it, so it is not `Sendable`.
public final class SQLCursorReader<Item>: ItemReader, ItemStream {
    private let pool: ConnectionPool
    private let name: String
    private let table: String
    private let sql: String
    private let binds: [SQLValue]
    private let keyColumn: String
    private let fetchSize: Int
    private let map: (SQLRow) throws -> Item
    private var cursor: SQLCursor?
    private var batch: [SQLRow] = []
    private var index = 0
    private var lastKey: Int64?
    private var readCount: Int64 = 0
    private var opened = false
    private var exhausted = false

    /// Creates a reader; the query starts in ``open(_:)``.
    /// - Parameters:
    ///   - pool: The database.
    ///   - name: The prefix of the keys saved in the execution context, and the reader's name in messages.
    ///   - table: The table (or a view).
    ///   - columns: The columns to select; the key column is added when missing.
    ///   - keyColumn: A unique integer column that orders the rows (indexed, for a fast restart).
    ///   - filter: An optional SQL condition on the rows, with `$1`, `$2`, ... placeholders.
    ///   - binds: Values for the filter's placeholders.
    ///   - fetchSize: Rows per batch fetched from the database.
    ///   - map: Turns a row into an item; what it throws fails the read, naming the row's key.
    public init(
        pool: ConnectionPool, name: String, table: String, columns: [String], keyColumn: String, filter: String? = nil,
        binds: [SQLValue] = [], fetchSize: Int = 1000, map: @escaping (SQLRow) throws -> Item
    ) {
        self.pool = pool
        self.name = name
        self.table = table
        self.keyColumn = keyColumn
        self.fetchSize = max(1, fetchSize)
        self.map = map
        self.binds = binds
        let selected = columns.contains(keyColumn) ? columns : columns + [keyColumn]
        let condition = (filter.map { "(\($0)) AND " } ?? "") + "\(keyColumn) > $\(binds.count + 1)"
        sql = "SELECT \(selected.joined(separator: ", ")) FROM \(table) WHERE \(condition) ORDER BY \(keyColumn)"
    }

    /// Starts the query after the last committed key (`<name>.last.key`), or at the first row.
    /// - Throws: ``BatchError/Code/readFailed`` when the query cannot start (no free connection, a
    ///   bad table or column name), with the database's error as the cause.
    public func open(_ context: ExecutionContext) async throws {
        await closeCursor()
        lastKey = context.int("\(name).last.key")
        readCount = context.int("\(name).read.count") ?? 0
        batch = []
        index = 0
        exhausted = false
        guard pool.configuration.maximumConnections >= 2 else {
            // The chunk transactions need a connection besides the cursor's: with one, the first
            // commit would wait for the pool's timeout.
            throw BatchError(
                .invalidDeclaration,
                "\(name): a cursor holds a connection for the whole step, and this pool has only one (an in-memory SQLite database, or maximumConnections 1); use SQLPagingReader, or a pool of 2 or more connections")
        }
        do {
            cursor = try await pool.openCursor(sql, binds + [.int(lastKey ?? .min)], fetchSize: fetchSize)
        } catch {
            throw BatchError(.readFailed, "\(name): cannot start the query on \(table)\(after)", cause: error)
        }
        opened = true
    }

    /// The next row's item, or nil after the last row.
    /// - Throws: ``BatchError/Code/readFailed`` naming the reader and the row's key when `map`
    ///   fails (`accounts: the row with id = 1234 could not be mapped: ...`), when a batch cannot be
    ///   fetched, when a row has no integer key or is out of key order, or when the reader is not open.
    public func read() async throws -> Item? {
        if index >= batch.count {
            guard !exhausted else { return nil }
            try await fetch()
            guard index < batch.count else { return nil }
        }
        let row = batch[index]
        index += 1
        let key = try key(of: row)
        // Consumed either way: a fault-tolerant step that skips a bad row goes on after it.
        lastKey = key
        readCount += 1
        do {
            return try map(row)
        } catch {
            let reason = (error as? BatchError)?.message ?? BatchError.describe(error)
            throw BatchError(.readFailed, "\(name): the row with \(keyColumn) = \(key) could not be mapped: \(reason)", cause: error)
        }
    }

    /// Saves the last key read and the read count.
    public func update(_ context: inout ExecutionContext) throws {
        if let lastKey { context["\(name).last.key"] = .int(lastKey) }
        context["\(name).read.count"] = .int(readCount)
    }

    /// Ends the query and gives its connection back to the pool; the saved position stays
    /// available to ``update(_:)``. Closing twice is harmless.
    public func close() async throws {
        await closeCursor()
        opened = false
        batch = []
        index = 0
    }

    /// The next batch; at the end of the rows the cursor closes at once, freeing its connection.
    private func fetch() async throws {
        guard opened, let cursor else {
            throw BatchError(.readFailed, "reader '\(name)' is not open: call open(_:) before read()")
        }
        do {
            batch = try await cursor.next()
        } catch {
            throw BatchError(.readFailed, "\(name): reading rows of \(table)\(after) failed", cause: error)
        }
        index = 0
        if batch.isEmpty {
            exhausted = true
            await closeCursor()
        }
    }

    /// The row's key, which must be above the last one.
    private func key(of row: SQLRow) throws -> Int64 {
        let key: Int64
        do {
            key = try row.decode(Int64.self, keyColumn)
        } catch {
            throw BatchError(.readFailed, "\(name): a row of \(table)\(after) has no integer \(keyColumn): \(error.message)", cause: error)
        }
        if let lastKey, key <= lastKey {
            throw BatchError(
                .readFailed,
                "\(name): the row with \(keyColumn) = \(key) follows \(keyColumn) = \(lastKey): \(keyColumn) must be unique (the rows are ordered by it)")
        }
        return key
    }

    /// ` after <key> = <last>` once a row was read, for messages.
    private var after: String {
        lastKey.map { " after \(keyColumn) = \($0)" } ?? ""
    }

    private func closeCursor() async {
        guard let cursor else { return }
        self.cursor = nil
        await cursor.close()
    }
}
