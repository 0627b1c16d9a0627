/// What the client knows about its current connection, shared by the connect loop, the
/// responder that receives keys and the final push, with a way to wait for a change.
actor ConnectionState {
    /// The open connection, if any.
    private(set) var connection: RSocketConnection?
    /// The latest key and the connection it came on (it may come before `connected` is called).
    private var latestKey: (key: RSAPublicKey, connection: RSocketConnection)?
    /// The connect loop has stopped for good without a connection (retries exhausted, or the
    /// last attempt at exit failed).
    private(set) var gaveUp = false
    /// Whether a connection attempt is under way (a final push waits for it).
    private(set) var connecting = false
    /// Set once the final push has begun: no new connection attempts.
    private(set) var closing = false
    /// Set once the client has shut down: a connection made after it is closed at once.
    private var stopped = false
    /// Counts changes, so a waiter that read the state can wait for the next change without
    /// missing one that happens before its wait begins.
    private(set) var version = 0
    private var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
    private var nextWaiter = 0

    /// Everything at once, read in one turn of the actor.
    struct Snapshot {
        var connection: RSocketConnection?
        var key: RSAPublicKey?
        var closing: Bool
        var gaveUp: Bool
        var version: Int
    }

    var snapshot: Snapshot {
        Snapshot(connection: connection, key: key, closing: closing, gaveUp: gaveUp, version: version)
    }

    func setConnecting(_ value: Bool) {
        connecting = value
        changed()
    }

    /// The key the proxy sent on the current connection.
    var key: RSAPublicKey? {
        guard let latestKey, let connection, latestKey.connection === connection else { return nil }
        return latestKey.key
    }

    /// Records a new connection; false (and nothing recorded) once the client has shut down,
    /// in which case the caller closes it.
    func connected(_ connection: RSocketConnection) -> Bool {
        guard !stopped else { return false }
        self.connection = connection
        connecting = false
        changed()
        return true
    }

    /// Shuts the client down: no connection is recorded from now on. Returns the open one.
    func stop() -> RSocketConnection? {
        stopped = true
        changed()
        return connection
    }

    /// Forgets `connection` (and its key) if it is the current one.
    func disconnected(_ connection: RSocketConnection) {
        guard self.connection === connection else { return }
        self.connection = nil
        latestKey = nil
        changed()
    }

    /// Records a key that arrived on `connection`; keys of older connections are ignored.
    func received(_ key: RSAPublicKey, on connection: RSocketConnection) {
        guard self.connection == nil || self.connection === connection else { return }
        latestKey = (key, connection)
        changed()
    }

    func giveUp() {
        gaveUp = true
        connecting = false
        changed()
    }

    /// Stops further connection attempts; returns whether it was already closing.
    func beginClosing() -> Bool {
        defer { closing = true; changed() }
        return closing
    }

    /// Waits until the state changes after `version` (at once if it already has), or the
    /// calling task is cancelled.
    func waitForChange(since version: Int) async {
        guard version == self.version else { return }
        let id = nextWaiter
        nextWaiter += 1
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                if Task.isCancelled || version != self.version {
                    continuation.resume()
                } else {
                    waiters[id] = continuation
                }
            }
        } onCancel: {
            // A cancellation handler is synchronous and may not await the actor; the hop is a task.
            Task { await self.cancelWaiter(id) }
        }
    }

    private func cancelWaiter(_ id: Int) {
        waiters.removeValue(forKey: id)?.resume()
    }

    private func changed() {
        version += 1
        let waiting = waiters
        waiters.removeAll()
        for continuation in waiting.values { continuation.resume() }
    }
}
