import Synchronization

/// One query's rows, streamed in batches over a connection the cursor holds until it is closed:
/// JDBC's forward-only result set with a fetch size.
///
/// Only one batch of rows is in memory at a time, however large the result. SQLite steps a
/// prepared statement a batch at a time; PostgreSQL reads a server-side cursor (`DECLARE ...
/// CURSOR`, `FETCH n`) in a read-only transaction. The rows are those of the database as it was
/// when the query started: changes committed meanwhile by other connections are not seen.
///
/// The cursor keeps its connection from the pool until ``close()``, which every path must reach;
/// ``ConnectionPool/withCursor(_:_:fetchSize:isolation:_:)`` guarantees it. On SQLite the pool
/// then needs a second connection for any other work (a pool over `sqlite::memory:` has only one).
///
/// ```swift
/// let total = try await pool.withCursor("SELECT ID, AMOUNT FROM LEDGER WHERE ID > $1 ORDER BY ID", [0], fetchSize: 500) { cursor in
///     var sum = 0.0
///     var rows = try await cursor.next()
///     while !rows.isEmpty {
///         for row in rows { sum += try row.decode(Double.self, "AMOUNT") }
///         rows = try await cursor.next()
///     }
///     return sum
/// }
/// ```
public final class SQLCursor: Sendable {
    private enum Phase {
        case open
        case exhausted
        case failed
        case closed
    }

    /// The dialect of the database.
    public let dialect: SQLDialect
    /// The rows each ``next()`` asks for.
    public let fetchSize: Int
    private let pool: ConnectionPool
    private let connection: PooledConnection
    /// Read and changed only on the connection's thread, with the driver's lock held: a batch
    /// fetched after the cursor closed never reaches a connection lent to someone else.
    private let phase = Mutex(Phase.open)

    init(pool: ConnectionPool, connection: PooledConnection, fetchSize: Int) {
        self.pool = pool
        self.connection = connection
        self.dialect = connection.dialect
        self.fetchSize = fetchSize
    }

    deinit {
        if phase.withLock({ $0 }) != .closed {
            pool.logger.warning(
                "a cursor was dropped without close(): its connection stays lent",
                metadata: ["db.connection.id": "\(connection.id)"])
        }
    }

    /// The next rows of the result, at most ``fetchSize`` of them.
    /// - Returns: The rows; none once the result is exhausted (and on every call after that).
    /// - Throws: ``DatabaseError``: what the query met (the driver's error, naming the
    ///   statement), or ``DatabaseError/Code/misuse`` when the cursor is closed or failed before.
    public func next() async throws -> [SQLRow] {
        let size = fetchSize
        return try await connection.perform { [self] driver in
            switch self.phase.withLock({ $0 }) {
            case .exhausted: return []
            case .closed: throw DatabaseError(.misuse, "the cursor is closed")
            case .failed: throw DatabaseError(.misuse, "the cursor failed earlier; close it")
            case .open: break
            }
            do {
                let rows = try driver.fetchCursor(size)
                if rows.count < size { self.phase.withLock { $0 = .exhausted } }
                return rows
            } catch {
                self.phase.withLock { $0 = .failed }
                throw error
            }
        }
    }

    /// Ends the query and gives the connection back to the pool. Closing again does nothing.
    ///
    /// It runs to the end even in a cancelled task. A connection whose query could not be
    /// ended cleanly (a lost PostgreSQL connection, say) is discarded by the pool, not reused.
    public func close() async {
        let wasClosed = try? await connection.perform { [self] driver in
            let before = self.phase.withLock { phase in
                defer { phase = .closed }
                return phase
            }
            guard before != .closed else { return true }
            try? driver.closeCursor()
            return false
        }
        // nil: the pool's threads are gone (it was closed); the connection still goes back.
        if wasClosed != true { await pool.release(connection) }
    }
}
