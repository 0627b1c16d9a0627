import Logging

extension ConnectionPool {
    /// A connection for one caller: idle, newly opened, or after waiting.
    func acquire() async throws -> PooledConnection {
        let deadline = ContinuousClock.now + configuration.acquireTimeout
        while true {
            let maximum = configuration.maximumConnections
            let immediate = try state.withLock { state throws(DatabaseError) -> PoolGrant? in
                guard !state.closed else { throw DatabaseError(.poolClosed, "the connection pool is closed") }
                return state.grant(maximum: maximum)
            }
            let grant: PoolGrant
            if let immediate { grant = immediate } else { grant = try await waitForGrant(until: deadline) }
            switch grant {
            case .connection(let connection):
                if connection.inspect({ $0.checkHealth() }) { return connection }
                logger.info("discarding a broken idle connection", metadata: ["db.connection.id": "\(connection.id)"])
                await forget(connection)
            case .openNew:
                do {
                    return try await openConnection()
                } catch {
                    let next = state.withLock { state in
                        state.open -= 1
                        state.leased -= 1
                        return state.freeSlot(maximum: maximum)
                    }
                    if let (waiter, grant) = next { waiter.continuation.resume(returning: grant) }
                    throw error
                }
            }
        }
    }

    /// Takes back a lent connection: reused if sound, closed if broken or left in a transaction.
    func release(_ connection: PooledConnection) async {
        let reusable = connection.isReusable
        if !reusable {
            logger.info("discarding a broken connection", metadata: ["db.connection.id": "\(connection.id)"])
        }
        let maximum = configuration.maximumConnections
        let (handOff, close) = state.withLock { state -> ((PoolState.Waiter, PoolGrant)?, Bool) in
            state.leased -= 1
            if reusable, !state.closed { return (state.giveBack(connection), false) }
            state.open -= 1
            if !reusable { state.discarded += 1 }
            return (state.freeSlot(maximum: maximum), true)
        }
        if let (waiter, grant) = handOff { waiter.continuation.resume(returning: grant) }
        if close { await discard(connection) }
    }

    /// Closes a lent connection found broken before use and frees its slot.
    private func forget(_ connection: PooledConnection) async {
        let maximum = configuration.maximumConnections
        let next = state.withLock { state in
            state.leased -= 1
            state.open -= 1
            state.discarded += 1
            return state.freeSlot(maximum: maximum)
        }
        if let (waiter, grant) = next { waiter.continuation.resume(returning: grant) }
        await discard(connection)
    }

    /// Closes a connection already taken off the open count.
    func discard(_ connection: PooledConnection) async {
        _ = try? await connection.perform { $0.close() }
        let drained = state.withLock { $0.takeDrainedIfEmpty() }
        for continuation in drained { continuation.resume() }
    }

    private func openConnection() async throws -> PooledConnection {
        let id = state.withLock { state in
            state.nextConnectionID += 1
            return state.nextConnectionID
        }
        let url = url
        let configuration = configuration
        let (connection, notices) = try await executor.run { () throws -> (PooledConnection, [String]) in
            let driver: any DriverConnection
            var notices: [String] = []
            switch url.location {
            case .sqliteFile(let path):
                let sqlite = try SQLiteConnection(
                    path: path, create: configuration.createIfMissing, busyTimeout: configuration.busyTimeout,
                    statementCacheCapacity: configuration.statementCacheCapacity)
                notices = sqlite.notices
                driver = sqlite
            case .sqliteMemory:
                driver = try SQLiteConnection(
                    path: nil, create: true, busyTimeout: configuration.busyTimeout,
                    statementCacheCapacity: configuration.statementCacheCapacity)
            case .postgres(let settings):
                driver = try PostgresConnection(
                    settings: settings, url: url.description, connectTimeout: configuration.connectTimeout,
                    statementCacheCapacity: configuration.statementCacheCapacity)
            }
            return (PooledConnection(id: id, driver: driver, executor: self.executor), notices)
        }
        state.withLock { state in
            state.opened += 1
            state.notices += notices
        }
        for notice in notices { logger.warning("\(notice)", metadata: ["db.connection.id": "\(id)"]) }
        logger.debug(
            "opened a connection",
            metadata: ["db.connection.id": "\(id)", "db.server.version": "\(connection.serverVersion)"])
        return connection
    }

    /// Waits for a connection or room for one, until `deadline`.
    private func waitForGrant(until deadline: ContinuousClock.Instant) async throws -> PoolGrant {
        let id = state.withLock { state in
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        let outcome = await withTaskGroup(of: Result<PoolGrant, any Error>?.self) { group in
            group.addTask {
                do { return .success(try await self.enqueue(id)) } catch { return .failure(error) }
            }
            group.addTask {
                try? await Task.sleep(until: deadline, clock: .continuous)
                return nil
            }
            var granted: Result<PoolGrant, any Error>?
            while let next = await group.next() {
                if let next {
                    granted = next
                    group.cancelAll()
                } else if granted == nil {
                    group.cancelAll()  // the deadline passed: stop waiting, but keep a grant that races in
                }
            }
            return granted
        }
        switch outcome {
        case .success(let grant): return grant
        case .failure(let error as DatabaseError): throw error
        case .failure:
            try Task.checkCancellation()
            let limit = configuration.maximumConnections
            throw DatabaseError(
                .poolTimeout,
                "no database connection became free within \(configuration.acquireTimeout): all \(limit) connection(s) of the pool are in use",
                hint: "raise the pool's maximumConnections or hold connections for less time")
        case nil:
            throw DatabaseError(.poolTimeout, "no database connection became free")
        }
    }

    private func enqueue(_ id: UInt64) async throws -> PoolGrant {
        let maximum = configuration.maximumConnections
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<PoolGrant, any Error>) in
                let now = state.withLock { state -> Result<PoolGrant, any Error>? in
                    if state.closed { return .failure(DatabaseError(.poolClosed, "the connection pool is closed")) }
                    if state.cancelledWaiters.remove(id) != nil { return .failure(CancellationError()) }
                    if let grant = state.grant(maximum: maximum) { return .success(grant) }
                    state.waiters.append(.init(id: id, continuation: continuation))
                    return nil
                }
                if let now { continuation.resume(with: now) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> PoolState.Waiter? in
                if let index = state.waiters.firstIndex(where: { $0.id == id }) {
                    return state.waiters.remove(at: index)
                }
                state.cancelledWaiters.insert(id)
                return nil
            }
            waiter?.continuation.resume(throwing: CancellationError())
        }
    }
}
