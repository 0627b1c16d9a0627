import Synchronization

/// A database connection lent by a ``ConnectionPool`` for the duration of one closure.
///
/// Every call runs the driver's blocking work on the pool's own threads. Statements use
/// `$1`, `$2`, ... placeholders on both dialects and are prepared once per connection and
/// reused. A connection serves one caller at a time; concurrent calls on the same
/// connection queue up.
///
/// ```swift
/// try await pool.withConnection { connection in
///     try await connection.transaction { connection in
///         try await connection.execute("INSERT INTO T (ID, NAME) VALUES ($1, $2)", [1, "one"])
///     }
/// }
/// ```
public final class SQLConnection: Sendable {
    /// The dialect of the database.
    public let dialect: SQLDialect
    /// The server or library version, such as `PostgreSQL 15.18` or `SQLite 3.40.1`.
    public let serverVersion: String
    let pooled: PooledConnection
    private let lent = Atomic<Bool>(true)
    /// Transactions opened through ``transaction(_:isolation:_:)`` and not yet ended.
    private let openTransactions = Atomic<Int>(0)
    /// The `BEGIN` of an outermost transaction that no statement has needed yet: it is sent
    /// with the transaction's first statement, in the same hand-off to the driver's thread.
    private let pendingBegin = Mutex<TransactionOptions?>(nil)
    /// The driver's transaction depth just before a deferred `BEGIN` ran (what a rollback returns to).
    private let deferredLevel = Mutex<Int?>(nil)

    init(_ pooled: PooledConnection) {
        self.pooled = pooled
        self.dialect = pooled.dialect
        self.serverVersion = pooled.serverVersion
    }

    /// Ends the loan: later calls fail with ``DatabaseError/Code/misuse``.
    func endLoan() {
        lent.store(false, ordering: .releasing)
    }

    private func perform<T: Sendable>(_ body: @escaping @Sendable (any DriverConnection) throws -> T) async throws
        -> T
    {
        guard lent.load(ordering: .acquiring) else {
            throw DatabaseError(
                .misuse, "the connection was used after it went back to its pool",
                hint: "use a connection only inside the closure that received it")
        }
        guard let begin = pendingBegin.withLock({ pending in defer { pending = nil }; return pending }) else {
            return try await pooled.perform(body)
        }
        return try await pooled.perform { [self] driver in
            let level = driver.transactionDepth
            try driver.begin(begin)
            self.deferredLevel.withLock { $0 = level }
            return try body(driver)
        }
    }

    /// Prepared statements in this connection's cache (for tests).
    func cachedStatementCount() async throws -> Int {
        try await perform { $0.cachedStatementCount }
    }

    /// Runs a statement and returns its rows.
    /// - Parameters:
    ///   - sql: One statement with `$1`, `$2`, ... placeholders.
    ///   - binds: One value per placeholder.
    /// - Returns: All rows of the result (none for statements that return no rows).
    /// - Throws: ``DatabaseError``.
    public func query(_ sql: String, _ binds: [SQLValue] = []) async throws -> [SQLRow] {
        try await perform { try $0.query(sql, binds) }
    }

    /// Runs a statement and returns the number of rows it inserted, updated or deleted.
    /// - Parameters:
    ///   - sql: One statement with `$1`, `$2`, ... placeholders.
    ///   - binds: One value per placeholder.
    /// - Throws: ``DatabaseError``.
    @discardableResult
    public func execute(_ sql: String, _ binds: [SQLValue] = []) async throws -> Int {
        try await perform { try $0.execute(sql, binds) }
    }

    /// Runs several statements in order, in one hand-off to the driver's thread, and returns
    /// the number of rows each one changed. Stops at the first failure.
    ///
    /// Inside a transaction PostgreSQL receives them in one pipeline (one round trip for all);
    /// outside one, each runs and commits on its own.
    /// - Parameter statements: Each statement's SQL with `$1`, `$2`, ... placeholders and its values.
    /// - Throws: ``DatabaseError``.
    @discardableResult
    public func executeSequence(_ statements: [(sql: String, binds: [SQLValue])]) async throws -> [Int] {
        try await perform { try $0.executeSequence(statements) }
    }

    /// Runs one statement once for each row of values, all or nothing, and returns the number of rows changed.
    ///
    /// SQLite steps one prepared statement per row; PostgreSQL sends the rows through libpq's
    /// pipeline mode, so a batch costs one round trip per thousand rows rather than one per row.
    /// Outside a transaction the batch runs in its own.
    /// - Throws: ``DatabaseError``; its message names the row (1-based) that failed.
    @discardableResult
    public func executeBatch(_ sql: String, _ rows: [[SQLValue]]) async throws -> Int {
        try await perform { try $0.executeBatch(sql, rows) }
    }

    /// Runs several `;`-separated statements that take no parameters (DDL scripts, migrations).
    /// - Throws: ``DatabaseError``.
    public func executeScript(_ sql: String) async throws {
        try await perform { try $0.executeScript(sql) }
    }

    /// Loads rows into a table in bulk and returns how many were loaded, all or nothing.
    ///
    /// PostgreSQL uses `COPY table (columns) FROM STDIN`; SQLite, which has no COPY, inserts
    /// the rows with one prepared statement in one transaction.
    /// - Parameters:
    ///   - table: The table name, as it should appear in SQL.
    ///   - columns: The column names, in the order of each row's values.
    ///   - rows: The rows.
    /// - Throws: ``DatabaseError``.
    @discardableResult
    public func copy(into table: String, columns: [String], rows: [[SQLValue]]) async throws -> Int {
        try await perform { try $0.copy(into: table, columns: columns, rows: rows) }
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    ///
    /// Called inside another transaction, it uses a savepoint, so an inner failure can be caught
    /// and handled without losing the outer transaction's work.
    /// - Parameters:
    ///   - options: Lock mode (SQLite) and isolation (PostgreSQL) of the outermost transaction.
    ///   - body: The work; it receives this connection.
    /// - Returns: What `body` returns.
    /// - Throws: What `body` throws, or ``DatabaseError`` from `BEGIN`/`COMMIT`.
    @discardableResult
    public func transaction<T>(
        _ options: TransactionOptions = TransactionOptions(),
        isolation: isolated (any Actor)? = #isolation,
        _ body: (SQLConnection) async throws -> T
    ) async throws -> T {
        // The outermost transaction begins with its first statement (one thread hand-off less);
        // nested ones open their savepoint at once.
        let outermost = openTransactions.wrappingAdd(1, ordering: .relaxed).oldValue == 0
        defer { openTransactions.wrappingSubtract(1, ordering: .relaxed) }
        var level: Int?
        if outermost {
            deferredLevel.withLock { $0 = nil }
            pendingBegin.withLock { $0 = options }
        } else {
            level = try await perform { driver in
                let level = driver.transactionDepth
                try driver.begin(options)
                return level
            }
        }
        do {
            let value = try await body(self)
            if outermost, pendingBegin.withLock({ pending in defer { pending = nil }; return pending != nil }) {
                return value  // no statement ran: nothing to begin or commit
            }
            try await perform { try $0.commit() }
            return value
        } catch {
            if outermost {
                pendingBegin.withLock { $0 = nil }
                level = deferredLevel.withLock { $0 }
            }
            if let level {
                _ = try? await perform { driver in
                    while driver.transactionDepth > level { try driver.rollback() }
                }
            }
            throw error
        }
    }
}
