import CSQLite
import Foundation

/// The SQLite driver: one `sqlite3` handle in multi-thread mode, used by one thread at a time.
final class SQLiteConnection: DriverConnection {
    let dialect = SQLDialect.sqlite
    private var db: OpaquePointer?
    private var cache: StatementCache<SQLiteStatement>
    private(set) var transactionDepth = 0
    private(set) var isBroken = false
    /// The busy handler's state (see `swift_batch_busy_handler`), freed after the handle closes.
    private var busyState: UnsafeMutablePointer<swift_batch_busy_state>?
    /// The database file's absolute path, or nil for an in-memory database; errors name it.
    private let path: String?
    /// What opening did to an existing database that its owner should hear of, one line each:
    /// switching a non-empty file from another journal mode to WAL.
    private(set) var notices: [String] = []
    /// The statement of the open cursor (see `SQLiteConnection+Cursor.swift`), kept out of the cache.
    var cursor: SQLiteStatement?

    var serverVersion: String { "SQLite " + String(cString: sqlite3_libversion()) }

    /// Opens a database and applies the repository settings: WAL, `foreign_keys=ON`,
    /// `synchronous=NORMAL` and the busy timeout.
    /// - Parameters:
    ///   - path: A file path, or nil for a private in-memory database.
    ///   - create: Whether a missing file is created.
    ///   - busyTimeout: How long a statement waits for another connection's write lock.
    ///   - statementCacheCapacity: Prepared statements kept per connection.
    /// Process-wide library settings, applied once before the first connection opens: memory
    /// statistics off (they serialise every allocation of every connection on one mutex).
    private static let configureLibrary: Void = {
        _ = swift_batch_sqlite_disable_memory_statistics()
    }()

    init(path: String?, create: Bool, busyTimeout: Duration, statementCacheCapacity: Int) throws {
        cache = StatementCache(capacity: statementCacheCapacity)
        var flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX
        if create || path == nil { flags |= SQLITE_OPEN_CREATE }
        let name = path ?? ":memory:"
        self.path = path.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        if let path, !create, !FileManager.default.fileExists(atPath: path) {
            throw DatabaseError(
                .databaseNotFound, "no SQLite database at \(path)",
                hint: "check the path, or create the schema with 'dataflow db migrate'")
        }
        Self.configureLibrary
        var handle: OpaquePointer?
        let code = sqlite3_open_v2(name, &handle, flags, nil)
        guard code == SQLITE_OK, let handle else {
            let error = SQLiteError.make(
                code, db: handle, statement: nil, prefix: "cannot open SQLite database \(name)", path: self.path)
            sqlite3_close_v2(handle)
            throw error
        }
        db = handle
        sqlite3_extended_result_codes(handle, 1)
        let milliseconds = Int32(clamping: busyTimeout.components.seconds * 1000
            + busyTimeout.components.attoseconds / 1_000_000_000_000_000)
        busyState = swift_batch_install_busy_handler(handle, milliseconds)
        // Keep the -wal file when the last connection closes (after its checkpoint, so the main
        // file is complete): the next process then neither creates it nor syncs the directory,
        // a millisecond and more of every short-lived task's start on a real disk.
        var persist: Int32 = 1
        sqlite3_file_control(handle, "main", SQLITE_FCNTL_PERSIST_WAL, &persist)
        do {
            try executeScript("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;")
            if let path = self.path {
                try switchToWAL(path: path)
            }
        } catch {
            close()
            throw error
        }
    }

    deinit { close() }

    /// Sets the journal mode to WAL (a setting stored in the file), and records a notice when
    /// that changed an existing, non-empty database: other programs using it must support WAL.
    /// A new file has no pages yet, and one already in WAL mode needs no word.
    private func switchToWAL(path: String) throws {
        let before = try pragma("PRAGMA journal_mode")
        let pages = before == .text("wal") ? nil : try pragma("PRAGMA page_count")
        let mode = try pragma("PRAGMA journal_mode = WAL")
        guard mode == .text("wal") else {
            throw DatabaseError(
                .other, SQLiteError.locate("cannot switch \(path) to WAL journal mode (got \(mode ?? .null))", path: path))
        }
        if case .text(let previous) = before, case .int(let count) = pages, count > 0 {
            notices.append(
                "sqlite:\(path): switched the journal mode from \(previous.lowercased()) to wal (other programs using this file must support WAL)"
            )
        }
    }

    /// The first value of a statement run once at open, kept out of the statement cache.
    private func pragma(_ sql: String) throws -> SQLValue? {
        let db = try handle()
        let statement = try SQLiteStatement(db: db, sql: sql)
        defer { statement.finalize() }
        return try statement.run(db: db, collect: true).first?[0]
    }

    func handle() throws -> OpaquePointer {
        guard let db else { throw DatabaseError(.misuse, SQLiteError.locate("the SQLite connection is closed", path: path)) }
        return db
    }

    private func statement(_ sql: String) throws -> SQLiteStatement {
        let db = try handle()
        if let cached = cache.lookup(sql) { return cached }
        let statement = try SQLiteStatement(db: db, sql: sql)
        cache.insert(statement, for: sql)?.finalize()
        return statement
    }

    func query(_ sql: String, _ binds: [SQLValue]) throws -> [SQLRow] {
        let statement = try statement(sql)
        try statement.bind(binds, db: try handle())
        return try statement.run(db: try handle(), collect: true)
    }

    func execute(_ sql: String, _ binds: [SQLValue]) throws -> Int {
        let statement = try statement(sql)
        let db = try handle()
        try statement.bind(binds, db: db)
        _ = try statement.run(db: db, collect: false)
        return Int(sqlite3_changes64(db))
    }

    func executeBatch(_ sql: String, _ rows: [[SQLValue]]) throws -> Int {
        guard !rows.isEmpty else { return 0 }
        let statement = try statement(sql)
        let db = try handle()
        return try atomically {
            var changed = 0
            for (index, row) in rows.enumerated() {
                do {
                    try statement.bind(row, db: db)
                    _ = try statement.run(db: db, collect: false)
                } catch var error as DatabaseError {
                    error.message = "row \(index + 1) of \(rows.count): \(error.message)"
                    error.batchRow = index
                    throw error
                }
                changed += Int(sqlite3_changes64(db))
            }
            return changed
        }
    }

    func copy(into table: String, columns: [String], rows: [[SQLValue]]) throws -> Int {
        try executeBatch(insertStatement(into: table, columns: columns), rows)
    }

    func executeScript(_ sql: String) throws {
        let db = try handle()
        var message: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(db, sql, nil, nil, &message)
        if let message { sqlite3_free(message) }
        guard code == SQLITE_OK else { throw SQLiteError.make(code, db: db, statement: sql) }
    }

    /// Runs `body` inside a transaction unless one is already open.
    private func atomically<T>(_ body: () throws -> T) throws -> T {
        guard transactionDepth == 0 else { return try body() }
        try begin(TransactionOptions())
        do {
            let result = try body()
            try commit()
            return result
        } catch {
            try? rollback()
            throw error
        }
    }

    func begin(_ options: TransactionOptions) throws {
        let sql = transactionDepth == 0 ? options.beginStatement(for: .sqlite) : "SAVEPOINT sb_\(transactionDepth)"
        try executeScript(sql)
        transactionDepth += 1
    }

    func commit() throws {
        precondition(transactionDepth > 0, "commit without a transaction")
        try executeScript(transactionDepth == 1 ? "COMMIT" : "RELEASE SAVEPOINT sb_\(transactionDepth - 1)")
        transactionDepth -= 1
    }

    func rollback() throws {
        precondition(transactionDepth > 0, "rollback without a transaction")
        defer { transactionDepth -= 1 }
        do {
            if transactionDepth == 1 {
                // SQLite may already have rolled back on its own (SQLITE_FULL, SQLITE_IOERR, ...).
                if let db, sqlite3_get_autocommit(db) != 0 { return }
                try executeScript("ROLLBACK")
            } else {
                let name = "sb_\(transactionDepth - 1)"
                try executeScript("ROLLBACK TO SAVEPOINT \(name); RELEASE SAVEPOINT \(name)")
            }
        } catch {
            isBroken = true
            throw error
        }
    }

    var cachedStatementCount: Int { cache.count }

    func checkHealth() -> Bool {
        db != nil && !isBroken
    }

    func close() {
        cursor?.finalize()
        cursor = nil
        for statement in cache.removeAll() { statement.finalize() }
        if let db {
            sqlite3_busy_handler(db, nil, nil)
            sqlite3_close_v2(db)
        }
        db = nil
        free(busyState)
        busyState = nil
    }
}
