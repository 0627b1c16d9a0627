import CSQLite

/// Maps SQLite result codes to ``DatabaseError``.
enum SQLiteError {
    /// Names of the extended result codes a user is likely to meet; others show their number only.
    private static let names: [Int32: String] = [
        1: "SQLITE_ERROR", 3: "SQLITE_PERM", 4: "SQLITE_ABORT", 5: "SQLITE_BUSY", 6: "SQLITE_LOCKED",
        7: "SQLITE_NOMEM", 8: "SQLITE_READONLY", 9: "SQLITE_INTERRUPT", 10: "SQLITE_IOERR", 11: "SQLITE_CORRUPT",
        13: "SQLITE_FULL", 14: "SQLITE_CANTOPEN", 18: "SQLITE_TOOBIG", 19: "SQLITE_CONSTRAINT",
        20: "SQLITE_MISMATCH", 21: "SQLITE_MISUSE", 23: "SQLITE_AUTH", 25: "SQLITE_RANGE", 26: "SQLITE_NOTADB",
        261: "SQLITE_BUSY_RECOVERY", 262: "SQLITE_LOCKED_SHAREDCACHE", 517: "SQLITE_BUSY_SNAPSHOT",
        773: "SQLITE_BUSY_TIMEOUT", 275: "SQLITE_CONSTRAINT_CHECK", 531: "SQLITE_CONSTRAINT_COMMITHOOK",
        787: "SQLITE_CONSTRAINT_FOREIGNKEY", 1043: "SQLITE_CONSTRAINT_FUNCTION", 1299: "SQLITE_CONSTRAINT_NOTNULL",
        1555: "SQLITE_CONSTRAINT_PRIMARYKEY", 1811: "SQLITE_CONSTRAINT_TRIGGER", 2067: "SQLITE_CONSTRAINT_UNIQUE",
        2323: "SQLITE_CONSTRAINT_VTAB", 2579: "SQLITE_CONSTRAINT_ROWID", 3091: "SQLITE_CONSTRAINT_DATATYPE",
        1032: "SQLITE_READONLY_DBMOVED", 264: "SQLITE_READONLY_RECOVERY", 520: "SQLITE_READONLY_CANTLOCK",
        776: "SQLITE_READONLY_ROLLBACK", 1034: "SQLITE_IOERR_FSYNC", 3338: "SQLITE_IOERR_SHORT_READ",
        266: "SQLITE_IOERR_READ", 778: "SQLITE_IOERR_WRITE", 4874: "SQLITE_IOERR_LOCK",
        1038: "SQLITE_CANTOPEN_ISDIR", 1294: "SQLITE_CANTOPEN_FULLPATH",
    ]

    /// The driver code text: `SQLITE_CONSTRAINT_UNIQUE (2067)`.
    static func driverCode(_ code: Int32) -> String {
        let name = names[code] ?? names[code & 0xFF] ?? "SQLITE"
        return "\(name) (\(code))"
    }

    /// The error for result `code` on `db`, with the connection's last message and, for a file
    /// database, its path: `database or disk is full (database /data/app.db)`.
    /// - Parameters:
    ///   - path: The database file, when `db` cannot tell it (a failed open); by default `db`'s own.
    static func make(
        _ code: Int32, db: OpaquePointer?, statement: String?, prefix: String? = nil, path: String? = nil,
        file: String = #fileID, line: Int = #line
    ) -> DatabaseError {
        let message = db.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
            ?? String(cString: sqlite3_errstr(code))
        let path = path ?? databasePath(db)
        return DatabaseError(
            classify(code, message: message), locate(prefix.map { "\($0): \(message)" } ?? message, path: path),
            driverCode: driverCode(code), hint: hint(code, path: path), statement: statement, file: file, line: line)
    }

    /// The file of `db`'s main database (absolute, as SQLite resolved it), or nil for an in-memory one.
    static func databasePath(_ db: OpaquePointer?) -> String? {
        guard let db, let name = sqlite3_db_filename(db, "main") else { return nil }
        let path = String(cString: name)
        return path.isEmpty ? nil : path
    }

    /// `message` followed by ` (database <path>)`, unless it names the file already or there is none.
    static func locate(_ message: String, path: String?) -> String {
        guard let path, !message.contains(path) else { return message }
        return "\(message) (database \(path))"
    }

    /// `message` located in `db`'s database file (see ``locate(_:path:)``).
    static func locate(_ message: String, db: OpaquePointer?) -> String {
        locate(message, path: databasePath(db))
    }

    static func classify(_ code: Int32, message: String) -> DatabaseError.Code {
        switch code {
        case 2067, 1555, 2579: return .uniqueViolation
        case 787: return .foreignKeyViolation
        case 1299: return .notNullViolation
        case 275: return .checkViolation
        default: break
        }
        switch code & 0xFF {
        case 5, 6: return .busy
        case 9, 4: return .cancelled
        case 8: return .readOnly
        case 10, 11, 13, 26: return .ioError
        case 14: return .connectionFailed
        case 18, 20: return .dataException
        case 19: return .other
        case 25: return .bindMismatch
        case 21: return .misuse
        case 1:
            // SQLite reports these under the generic SQLITE_ERROR; its messages are stable API text.
            if message.contains("syntax error") || message.contains("incomplete input")
                || message.contains("unrecognized token")
            {
                return .syntaxError
            }
            if message.hasPrefix("no such ") || message.contains("has no column") { return .undefinedObject }
            return .other
        default: return .other
        }
    }

    /// What to do about `code`, naming the file and its directory when there is one.
    private static func hint(_ code: Int32, path: String?) -> String? {
        let directory = path.map(parentDirectory)
        switch code & 0xFF {
        case 5, 6:
            return "another connection held the write lock for longer than the busy timeout; retry, or raise the busy timeout"
        case 8:
            guard let path, let directory else { return "the database is read-only for this connection" }
            return "the database file or its directory is not writable by this process: make \(directory) and \(path) writable, or point --db at another database"
        case 14:
            guard let directory else { return "check that the directory exists and that this process may create and write files there" }
            return "check that the directory exists and that this process may create and write files in \(directory), or point --db at another database"
        case 13:
            guard let directory else { return "the database is full: free memory, or raise its max_page_count if one is set" }
            return "the disk is full: free space on the file system that holds \(directory) (or raise the database's max_page_count if one is set), or point --db at another disk"
        case 26:
            guard let path else { return "the file is not an SQLite database" }
            return "\(path) is not an SQLite database: check the path given to --db"
        default:
            return nil
        }
    }

    /// The directory part of `path`: `/data` for `/data/app.db`, `.` for `app.db`.
    private static func parentDirectory(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
