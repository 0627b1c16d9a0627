/// A driver's connection: every method blocks the calling thread.
///
/// The SQL layer calls these only from its ``BlockingExecutor`` threads, and one call
/// at a time per connection (a ``SQLConnection`` holds it behind a mutex), so drivers
/// keep plain mutable state. This is the internal, unstable seam between the public
/// API and libsqlite3/libpq.
protocol DriverConnection: AnyObject {
    /// The dialect this driver speaks.
    var dialect: SQLDialect { get }
    /// The server or library version, for `dataflow db info` and logs.
    var serverVersion: String { get }
    /// Open transactions and savepoints: 0 outside a transaction.
    var transactionDepth: Int { get }
    /// Whether the connection can no longer be used (lost, or left in an unknown state).
    var isBroken: Bool { get }
    /// Prepared statements held in the connection's cache.
    var cachedStatementCount: Int { get }

    /// Runs one statement and returns its rows (none for statements without results).
    func query(_ sql: String, _ binds: [SQLValue]) throws -> [SQLRow]
    /// Runs one statement and returns the number of rows it changed.
    func execute(_ sql: String, _ binds: [SQLValue]) throws -> Int
    /// Runs statements in order and returns the rows each changed; stops at the first failure.
    func executeSequence(_ statements: [(sql: String, binds: [SQLValue])]) throws -> [Int]
    /// Runs one statement once per row of values, atomically, and returns the rows changed in all.
    func executeBatch(_ sql: String, _ rows: [[SQLValue]]) throws -> Int
    /// Runs several `;`-separated statements without parameters.
    func executeScript(_ sql: String) throws
    /// Loads rows into a table in bulk and returns how many were loaded.
    func copy(into table: String, columns: [String], rows: [[SQLValue]]) throws -> Int
    /// Starts a transaction, or a savepoint inside one.
    func begin(_ options: TransactionOptions) throws
    /// Commits the innermost transaction or releases the innermost savepoint.
    func commit() throws
    /// Rolls back the innermost transaction or savepoint.
    func rollback() throws
    /// Starts streaming one query's rows (see ``SQLCursor``); at most one cursor per connection.
    func openCursor(_ sql: String, _ binds: [SQLValue]) throws
    /// Up to `count` more rows of the open cursor; fewer at the end, after which the cursor is closed.
    func fetchCursor(_ count: Int) throws -> [SQLRow]
    /// Ends the open cursor, if any, leaving the connection as it was before ``openCursor(_:_:)``.
    func closeCursor() throws
    /// A cheap, non-blocking check that the connection still works; false if it is broken.
    func checkHealth() -> Bool
    /// Releases the connection. Safe to call once; the object is unusable afterwards.
    func close()
}

extension DriverConnection {
    /// One statement after the other.
    func executeSequence(_ statements: [(sql: String, binds: [SQLValue])]) throws -> [Int] {
        try statements.map { try execute($0.sql, $0.binds) }
    }

    /// The INSERT statement used where a driver has no native bulk load.
    func insertStatement(into table: String, columns: [String]) -> String {
        let placeholders = (1...max(columns.count, 1)).map { "$\($0)" }.joined(separator: ", ")
        return "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(placeholders))"
    }
}
