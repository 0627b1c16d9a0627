/// Writing through contention for the database's locks.
extension ConnectionPool {
    /// Whether `error` says a transaction could not take the locks it needed and was rolled
    /// back without writing anything: SQLite's write lock still held by another connection
    /// when the busy timeout ran out, or PostgreSQL's deadlock, serialization failure or lock
    /// that was not available. A lost connection is not one: whether its commit happened is
    /// unknown.
    public static func isLockContention(_ error: any Error) -> Bool {
        guard let error = error as? DatabaseError else { return false }
        return [.busy, .deadlock, .serializationFailure].contains(error.code)
    }

    /// Runs the transaction `write` and runs it again, up to `attempts` times in all, while it
    /// fails for lock contention (``isLockContention(_:)``), pausing a little longer each time.
    /// For short bookkeeping writes that must not fail a long run because other processes
    /// wrote at the same moment: many processes on one SQLite file on a loaded machine can
    /// keep one waiting past its busy timeout. The last error is thrown as it came.
    public func retryingOnContention<T>(attempts: Int = 3, _ write: () async throws -> T) async throws -> T {
        var attempt = 1
        while true {
            do {
                return try await write()
            } catch where Self.isLockContention(error) && attempt < attempts {
                try await Task.sleep(for: .milliseconds(100 * attempt))
                attempt += 1
            }
        }
    }
}
