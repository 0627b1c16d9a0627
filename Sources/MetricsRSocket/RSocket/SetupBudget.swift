import Synchronization

/// The bytes a server holds for connections whose SETUP has not been accepted yet, against a
/// limit: each ``SetupGuard`` charges what its connection sends and gives it back once the
/// SETUP is accepted or the connection closes. One budget may serve several servers (the
/// proxy's TCP and WebSocket ports share one).
final class SetupBudget: Sendable {
    /// The most held at once.
    let limit: Int
    private let heldBytes = Mutex(0)

    init(limit: Int) {
        self.limit = max(0, limit)
    }

    /// What is held now.
    var held: Int { heldBytes.withLock { $0 } }

    /// Whether a new connection may send anything at all.
    var hasRoom: Bool { held < limit }

    /// Takes `bytes` from the budget; `false`, taking nothing, when that would pass the limit.
    func charge(_ bytes: Int) -> Bool {
        heldBytes.withLock { held in
            guard held + bytes <= limit else { return false }
            held += bytes
            return true
        }
    }

    /// Gives back `bytes` taken before.
    func release(_ bytes: Int) {
        guard bytes > 0 else { return }
        heldBytes.withLock { $0 = max(0, $0 - bytes) }
    }
}
