/// How to start a transaction.
public struct TransactionOptions: Sendable, Hashable {
    /// SQLite's lock mode for the outermost `BEGIN`.
    public enum SQLiteLock: String, Sendable, Hashable {
        /// `BEGIN DEFERRED`: take locks on first read or write. A deferred transaction that reads
        /// and then writes can fail with ``DatabaseError/Code/busy`` without waiting.
        case deferred = "DEFERRED"
        /// `BEGIN IMMEDIATE`: take the write lock at once, waiting up to the busy timeout. The default,
        /// because it makes concurrent writers queue instead of failing.
        case immediate = "IMMEDIATE"
        /// `BEGIN EXCLUSIVE`: also keep readers in rollback-journal mode out (in WAL mode like IMMEDIATE).
        case exclusive = "EXCLUSIVE"
    }

    /// PostgreSQL isolation levels.
    public enum IsolationLevel: String, Sendable, Hashable {
        /// `READ COMMITTED`, PostgreSQL's default.
        case readCommitted = "READ COMMITTED"
        /// `REPEATABLE READ`.
        case repeatableRead = "REPEATABLE READ"
        /// `SERIALIZABLE`.
        case serializable = "SERIALIZABLE"
    }

    /// The SQLite lock mode; ignored by PostgreSQL.
    public var sqliteLock: SQLiteLock
    /// The PostgreSQL isolation level; nil keeps the server default. Ignored by SQLite, whose transactions are serializable.
    public var isolation: IsolationLevel?
    /// Whether the transaction only reads (PostgreSQL `READ ONLY`; SQLite begins it `DEFERRED`).
    public var readOnly: Bool

    /// Creates options; the defaults suit a transaction that writes.
    public init(sqliteLock: SQLiteLock = .immediate, isolation: IsolationLevel? = nil, readOnly: Bool = false) {
        self.sqliteLock = sqliteLock
        self.isolation = isolation
        self.readOnly = readOnly
    }

    /// A read-only transaction.
    public static let readOnly = TransactionOptions(sqliteLock: .deferred, readOnly: true)

    /// The outermost `BEGIN` statement for `dialect`.
    func beginStatement(for dialect: SQLDialect) -> String {
        switch dialect {
        case .sqlite:
            return "BEGIN \(readOnly ? SQLiteLock.deferred.rawValue : sqliteLock.rawValue)"
        case .postgresql:
            var text = "BEGIN"
            if let isolation { text += " ISOLATION LEVEL \(isolation.rawValue)" }
            if readOnly { text += " READ ONLY" }
            return text
        }
    }
}
