/// What a waiting caller is given.
enum PoolGrant: Sendable {
    /// An idle connection.
    case connection(PooledConnection)
    /// Room to open a new connection (already counted in ``PoolState/open``).
    case openNew
}

/// The pool's bookkeeping, guarded by the pool's mutex.
struct PoolState: ~Copyable {
    struct Waiter {
        let id: UInt64
        let continuation: CheckedContinuation<PoolGrant, any Error>
    }

    var idle: [PooledConnection] = []
    /// Connections open or being opened.
    var open = 0
    var leased = 0
    var waiters: [Waiter] = []
    var cancelledWaiters: Set<UInt64> = []
    var nextWaiterID: UInt64 = 0
    var nextConnectionID = 0
    var opened = 0
    var discarded = 0
    var closed = false
    /// What opening connections did to the database that its owner should hear of (see ``ConnectionPool/notices``).
    var notices: [String] = []
    var drained: [CheckedContinuation<Void, Never>] = []

    /// Takes an idle connection or room for a new one, if there is any.
    mutating func grant(maximum: Int) -> PoolGrant? {
        if let connection = idle.popLast() {
            leased += 1
            return .connection(connection)
        }
        if open < maximum {
            open += 1
            leased += 1
            return .openNew
        }
        return nil
    }

    /// Hands a returned connection to the first waiter, or keeps it idle.
    mutating func giveBack(_ connection: PooledConnection) -> (Waiter, PoolGrant)? {
        if !waiters.isEmpty {
            leased += 1
            return (waiters.removeFirst(), .connection(connection))
        }
        idle.append(connection)
        return nil
    }

    /// After a connection closed: lets the first waiter open a new one.
    mutating func freeSlot(maximum: Int) -> (Waiter, PoolGrant)? {
        guard !closed, !waiters.isEmpty, open < maximum else { return nil }
        open += 1
        leased += 1
        return (waiters.removeFirst(), .openNew)
    }

    /// The continuations to resume once the pool has closed its last connection.
    mutating func takeDrainedIfEmpty() -> [CheckedContinuation<Void, Never>] {
        guard closed, open == 0 else { return [] }
        defer { drained.removeAll() }
        return drained
    }
}
