extension ConnectionPool {
    /// Static setup of a pool.
    public struct Configuration: Sendable, Hashable {
        /// Most connections open at once; also the number of threads that run their blocking calls.
        /// A pool over `sqlite::memory:` always has one connection (each would be a separate database).
        public var maximumConnections: Int
        /// How long ``ConnectionPool/withConnection(isolation:_:)`` waits for a free connection before failing
        /// with ``DatabaseError/Code/poolTimeout``.
        public var acquireTimeout: Duration
        /// How long opening a PostgreSQL connection may take.
        public var connectTimeout: Duration
        /// How long an SQLite statement waits for another connection's write lock before failing with
        /// ``DatabaseError/Code/busy``. The wait retries every 0.5 to 2 ms (SQLite's own handler
        /// backs off to 100 ms, and a waiter can then starve behind writers that never pause).
        public var busyTimeout: Duration
        /// Prepared statements kept per connection.
        public var statementCacheCapacity: Int
        /// Whether a missing SQLite file is created (false for read-only tools such as `dataflow db info`).
        public var createIfMissing: Bool

        /// Creates a configuration.
        public init(
            maximumConnections: Int = 10,
            acquireTimeout: Duration = .seconds(30),
            connectTimeout: Duration = .seconds(10),
            busyTimeout: Duration = .seconds(10),
            statementCacheCapacity: Int = 128,
            createIfMissing: Bool = true
        ) {
            self.maximumConnections = maximumConnections
            self.acquireTimeout = acquireTimeout
            self.connectTimeout = connectTimeout
            self.busyTimeout = busyTimeout
            self.statementCacheCapacity = statementCacheCapacity
            self.createIfMissing = createIfMissing
        }
    }

    /// A snapshot of the pool's connections.
    public struct Statistics: Sendable, Hashable {
        /// Connections open or being opened.
        public var open: Int
        /// Open connections waiting to be lent.
        public var idle: Int
        /// Connections lent out right now.
        public var leased: Int
        /// Callers waiting for a connection.
        public var waiting: Int
        /// Connections opened since the pool started.
        public var opened: Int
        /// Connections discarded because they broke.
        public var discarded: Int
    }
}
