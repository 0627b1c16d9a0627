import Synchronization

/// A driver connection owned by a pool: the driver behind a mutex, plus the executor whose
/// threads run its blocking calls.
final class PooledConnection: Sendable {
    let id: Int
    let dialect: SQLDialect
    let serverVersion: String
    private let driver: Mutex<any DriverConnection>
    private let executor: BlockingExecutor

    init(id: Int, driver: sending any DriverConnection, executor: BlockingExecutor) {
        self.id = id
        self.dialect = driver.dialect
        self.serverVersion = driver.serverVersion
        self.driver = Mutex(driver)
        self.executor = executor
    }

    /// Runs `body` with the driver on an executor thread.
    func perform<T: Sendable>(_ body: @escaping @Sendable (any DriverConnection) throws -> T) async throws -> T {
        try await executor.run {
            try self.driver.withLock { driver in try body(driver) }
        }
    }

    /// Runs a non-blocking driver call on the current thread.
    func inspect<T: Sendable>(_ body: (any DriverConnection) -> T) -> T {
        driver.withLock { driver in body(driver) }
    }

    /// Whether the pool can hand this connection out again as it is.
    var isReusable: Bool {
        inspect { !$0.isBroken && $0.transactionDepth == 0 }
    }
}
