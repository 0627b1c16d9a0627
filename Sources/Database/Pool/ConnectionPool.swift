import Logging
import Synchronization

/// A bounded pool of connections to one database: the entry point of the SQL layer.
///
/// Connections open lazily up to ``Configuration/maximumConnections``; a caller that finds
/// them all in use waits up to ``Configuration/acquireTimeout``. A connection that broke
/// (server restart, terminated backend) is discarded when it comes back, and an idle one is
/// checked before it is lent, so the pool heals itself; the statement that met the broken
/// connection fails with ``DatabaseError/Code/connectionLost``.
///
/// ```swift
/// try await ConnectionPool.withPool(url: try DatabaseURL("sqlite:./dataflow.db")) { pool in
///     let rows = try await pool.withConnection { try await $0.query("SELECT 1 AS ONE") }
/// }
/// ```
public final class ConnectionPool: Sendable {
    /// The database this pool connects to.
    public let url: DatabaseURL
    /// The pool's settings.
    public let configuration: Configuration
    let logger: Logger
    let executor: BlockingExecutor
    let state: Mutex<PoolState>

    /// The dialect of the database.
    public var dialect: SQLDialect { url.dialect }

    /// Creates a pool; no connection is opened until one is needed.
    /// - Parameters:
    ///   - url: The database.
    ///   - configuration: Pool size, timeouts and driver settings.
    ///   - logger: Receives connection events at debug level.
    public init(url: DatabaseURL, configuration: Configuration = Configuration(), logger: Logger = Logger(label: "swift-batch.database")) {
        var configuration = configuration
        if url.location == .sqliteMemory { configuration.maximumConnections = 1 }
        configuration.maximumConnections = max(1, configuration.maximumConnections)
        self.url = url
        self.configuration = configuration
        var logger = logger
        logger[metadataKey: "db.url"] = "\(url)"
        self.logger = logger
        self.executor = BlockingExecutor(threadCount: configuration.maximumConnections)
        self.state = Mutex(PoolState())
    }

    /// Opens a pool, checks that a connection can be made, runs `body` and closes the pool.
    /// - Throws: ``DatabaseError`` when the database cannot be reached, or what `body` throws.
    public static func withPool<T>(
        url: DatabaseURL,
        configuration: Configuration = Configuration(),
        logger: Logger = Logger(label: "swift-batch.database"),
        isolation: isolated (any Actor)? = #isolation,
        _ body: (ConnectionPool) async throws -> T
    ) async throws -> T {
        let pool = ConnectionPool(url: url, configuration: configuration, logger: logger)
        do {
            try await pool.withConnection { _ in }
            let value = try await body(pool)
            await pool.close()
            return value
        } catch {
            await pool.close()
            throw error
        }
    }

    /// Lends a connection to `body` and takes it back when `body` returns or throws.
    /// - Returns: What `body` returns.
    /// - Throws: ``DatabaseError`` (``DatabaseError/Code/poolTimeout``, connection failures) or what `body` throws.
    public func withConnection<T>(
        isolation: isolated (any Actor)? = #isolation,
        _ body: (SQLConnection) async throws -> T
    ) async throws -> T {
        let pooled = try await acquire()
        let connection = SQLConnection(pooled)
        do {
            let value = try await body(connection)
            connection.endLoan()
            await release(pooled)
            return value
        } catch {
            connection.endLoan()
            await release(pooled)
            throw error
        }
    }

    /// Runs `body` in a transaction on a pooled connection.
    /// - Throws: ``DatabaseError`` or what `body` throws; the transaction is rolled back then.
    @discardableResult
    public func transaction<T>(
        _ options: TransactionOptions = TransactionOptions(),
        isolation: isolated (any Actor)? = #isolation,
        _ body: (SQLConnection) async throws -> T
    ) async throws -> T {
        try await withConnection { connection in
            try await connection.transaction(options) { try await body($0) }
        }
    }

    /// What opening connections did to the database that its owner should hear of, one line
    /// each, oldest first, ready to print. Today that is an existing SQLite file (another
    /// program's, say) switched to WAL journal mode:
    /// `sqlite:/data/app.db: switched the journal mode from delete to wal (other programs using
    /// this file must support WAL)`. Each is logged as a warning when it happens, and
    /// ``Migrator/migrateReporting()`` repeats them in its report.
    public var notices: [String] {
        state.withLock { $0.notices }
    }

    /// The pool's connections right now.
    public var statistics: Statistics {
        state.withLock { state in
            Statistics(
                open: state.open, idle: state.idle.count, leased: state.leased, waiting: state.waiters.count,
                opened: state.opened, discarded: state.discarded)
        }
    }

    /// Closes the pool: waiting callers fail with ``DatabaseError/Code/poolClosed``, idle
    /// connections close now, lent ones as they come back, and the pool's threads stop once
    /// all are back.
    public func close() async {
        let (idle, waiters) = state.withLock { state in
            state.closed = true
            let idle = state.idle
            let waiters = state.waiters.map(\.continuation)
            state.open -= idle.count
            state.idle.removeAll()
            state.waiters.removeAll()
            return (idle, waiters)
        }
        for waiter in waiters {
            waiter.resume(throwing: DatabaseError(.poolClosed, "the connection pool was closed"))
        }
        for connection in idle { await discard(connection) }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = state.withLock { state in
                if state.open == 0 { return true }
                state.drained.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
        await executor.shutdown()
    }
}
