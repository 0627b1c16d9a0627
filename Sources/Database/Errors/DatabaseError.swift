/// The one error type of the `Database` module.
///
/// Every failure of the SQL layer, from either driver, arrives as a `DatabaseError`
/// with a ``Code`` that callers can switch on without string matching, the driver's
/// own code (a PostgreSQL SQLSTATE such as `23505`, or an SQLite extended result
/// code such as `SQLITE_CONSTRAINT_UNIQUE (2067)`), the driver's message, the
/// statement that failed and, where one helps, a hint saying what to do.
///
/// ```swift
/// do {
///     try await connection.execute("INSERT INTO T (ID) VALUES ($1)", [1])
/// } catch let error as DatabaseError where error.code == .uniqueViolation {
///     // the row exists already
/// }
/// ```
public struct DatabaseError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is; extensible without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Base: String, Sendable {
            case uniqueViolation, foreignKeyViolation, notNullViolation, checkViolation
            case syntaxError, undefinedObject, dataException, invalidValue
            case serializationFailure, deadlock, busy, transactionAborted, cancelled
            case connectionFailed, authenticationFailed, connectionLost
            case poolTimeout, poolClosed, invalidURL, databaseNotFound
            case decodingFailed, bindMismatch, unsupported, misuse
            case migrationFailed, checksumMismatch, readOnly, ioError, other
        }

        fileprivate let base: Base
        fileprivate init(_ base: Base) { self.base = base }

        /// A UNIQUE or PRIMARY KEY constraint rejected the row (SQLSTATE 23505, SQLITE_CONSTRAINT_UNIQUE/PRIMARYKEY).
        public static let uniqueViolation = Code(.uniqueViolation)
        /// A FOREIGN KEY constraint rejected the change (SQLSTATE 23503, SQLITE_CONSTRAINT_FOREIGNKEY).
        public static let foreignKeyViolation = Code(.foreignKeyViolation)
        /// A NOT NULL column was given NULL (SQLSTATE 23502, SQLITE_CONSTRAINT_NOTNULL).
        public static let notNullViolation = Code(.notNullViolation)
        /// A CHECK constraint rejected the row (SQLSTATE 23514, SQLITE_CONSTRAINT_CHECK).
        public static let checkViolation = Code(.checkViolation)
        /// The statement does not parse (SQLSTATE 42601, SQLite "syntax error").
        public static let syntaxError = Code(.syntaxError)
        /// A table, column, sequence or function the statement names does not exist (SQLSTATE 42P01, 42703, ...).
        public static let undefinedObject = Code(.undefinedObject)
        /// The server rejected a value: out of range, too long for its column, bad format (SQLSTATE class 22).
        public static let dataException = Code(.dataException)
        /// A value cannot be stored without loss by this driver (NaN on SQLite, NUL in PostgreSQL text); nothing was sent.
        public static let invalidValue = Code(.invalidValue)
        /// A serializable transaction could not be ordered (SQLSTATE 40001); retry the transaction.
        public static let serializationFailure = Code(.serializationFailure)
        /// Two transactions waited on each other (SQLSTATE 40P01); retry the transaction.
        public static let deadlock = Code(.deadlock)
        /// The database is locked by another writer and the busy timeout ran out (SQLITE_BUSY, SQLITE_LOCKED, SQLSTATE 55P03).
        public static let busy = Code(.busy)
        /// An earlier statement failed and the transaction must be rolled back (SQLSTATE 25P02).
        public static let transactionAborted = Code(.transactionAborted)
        /// The statement was cancelled or interrupted (SQLSTATE 57014, SQLITE_INTERRUPT).
        public static let cancelled = Code(.cancelled)
        /// No connection could be made: server unreachable, refused, unknown host, file cannot be opened.
        public static let connectionFailed = Code(.connectionFailed)
        /// The server refused the credentials (SQLSTATE 28P01, 28000).
        public static let authenticationFailed = Code(.authenticationFailed)
        /// An open connection broke (server restart, backend terminated, network); the pool replaces it.
        public static let connectionLost = Code(.connectionLost)
        /// Every pooled connection stayed in use for longer than the acquire timeout.
        public static let poolTimeout = Code(.poolTimeout)
        /// The pool was closed.
        public static let poolClosed = Code(.poolClosed)
        /// The database URL or datasource settings cannot be understood.
        public static let invalidURL = Code(.invalidURL)
        /// The server has no database of that name (SQLSTATE 3D000), or the SQLite file does not exist.
        public static let databaseNotFound = Code(.databaseNotFound)
        /// A column value cannot be read as the requested Swift type, or the column does not exist.
        public static let decodingFailed = Code(.decodingFailed)
        /// The number of values does not match the statement's parameters.
        public static let bindMismatch = Code(.bindMismatch)
        /// The operation does not exist for this driver.
        public static let unsupported = Code(.unsupported)
        /// The API was used in a way it does not allow (for example a connection used after it went back to its pool).
        public static let misuse = Code(.misuse)
        /// A migration script failed; its transaction was rolled back.
        public static let migrationFailed = Code(.migrationFailed)
        /// An applied migration differs from the file this build ships, or the database is newer than this build.
        public static let checksumMismatch = Code(.checksumMismatch)
        /// The database or the connection is read-only (SQLITE_READONLY, SQLSTATE 25006).
        public static let readOnly = Code(.readOnly)
        /// The disk or file system failed (SQLITE_IOERR, SQLITE_FULL, SQLSTATE class 58, 53100).
        public static let ioError = Code(.ioError)
        /// Any other driver error; see ``DatabaseError/driverCode``.
        public static let other = Code(.other)

        public var description: String { base.rawValue }
    }

    /// What kind of failure this is.
    public var code: Code
    /// The driver's own code: SQLSTATE for PostgreSQL, the extended result code name and number for SQLite.
    public var driverCode: String?
    /// The driver's message, or ours when the failure happened before the driver was reached.
    public var message: String
    /// Extra detail from the server (PostgreSQL's DETAIL, such as the conflicting key).
    public var detail: String?
    /// What the user can do about it.
    public var hint: String?
    /// The statement that failed, as it was sent.
    public var statement: String?
    /// The 0-based position of the row that failed in a batch (`executeBatch`, `copy`), when the
    /// driver could tell which one did.
    public var batchRow: Int?
    /// The underlying error, when another error caused this one.
    public var cause: (any Error & Sendable)?
    /// Where in swift-batch the error was raised.
    public var file: String
    /// The line in ``file``.
    public var line: Int

    /// Creates an error.
    /// - Parameters:
    ///   - code: The kind of failure.
    ///   - message: What failed, in one sentence.
    ///   - driverCode: SQLSTATE or SQLite code, when the driver reported one.
    ///   - detail: Server detail.
    ///   - hint: What to do about it.
    ///   - statement: The statement that failed.
    ///   - cause: The error that caused this one.
    public init(
        _ code: Code,
        _ message: String,
        driverCode: String? = nil,
        detail: String? = nil,
        hint: String? = nil,
        statement: String? = nil,
        cause: (any Error & Sendable)? = nil,
        file: String = #fileID,
        line: Int = #line
    ) {
        self.code = code
        self.message = message
        self.driverCode = driverCode
        self.detail = detail
        self.hint = hint
        self.statement = statement
        self.cause = cause
        self.file = file
        self.line = line
    }

    /// Whether running the same transaction again may succeed (busy, deadlock, serialization failure, lost connection).
    public var isTransient: Bool {
        [.busy, .deadlock, .serializationFailure, .connectionLost].contains(code)
    }

    /// One line: the message, the driver code, the server detail and the hint.
    /// The statement is left out; read ``statement`` for it.
    public var description: String {
        var text = message
        if let driverCode { text += " [\(driverCode)]" }
        if let detail, !detail.isEmpty { text += " (\(detail))" }
        if let hint, !hint.isEmpty {
            text += [".", "?", "!"].contains(text.last.map(String.init) ?? "") ? " " : ". "
            text += hint.prefix(1).uppercased() + hint.dropFirst()
        }
        return text
    }

    /// ``description`` plus the statement, shortened to one line of at most 200 characters.
    public var descriptionWithStatement: String {
        guard let statement else { return description }
        let flat = statement.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let short = flat.count > 200 ? String(flat.prefix(197)) + "..." : flat
        return "\(description) in statement: \(short)"
    }
}
