import NIOPosix
import Synchronization

/// RSA key pairs made ahead of time, so a connecting client gets its key at once: making a
/// 2048-bit key takes tens of milliseconds, which a task that lives a second should not wait
/// for at exit. Each key is handed out once; the pool refills in the background. Keys are
/// made on NIO's blocking thread pool, never on the Swift concurrency pool that serves scrapes.
final class KeyPool: Sendable {
    private let bits: Int
    private let capacity: Int
    private let state = Mutex<(keys: [RSAPrivateKey], refilling: Bool)>(([], false))

    init(bits: Int, capacity: Int = 4) {
        self.bits = bits
        self.capacity = capacity
    }

    /// A fresh key pair never given out before.
    func take() async throws -> RSAPrivateKey {
        let ready = state.withLock { $0.keys.popLast() }
        refill()
        if let ready { return ready }
        return try await Self.generate(bits: bits)
    }

    private static func generate(bits: Int) async throws -> RSAPrivateKey {
        try await NIOThreadPool.singleton.runIfActive { try RSAPrivateKey.generate(bits: bits) }
    }

    /// Starts filling the pool up to its capacity, unless that is under way.
    func refill() {
        let start = state.withLock { state in
            guard !state.refilling, state.keys.count < capacity else { return false }
            state.refilling = true
            return true
        }
        guard start else { return }
        // A bounded burst (at most `capacity` keys), not a long-running part: a pool used
        // through `start(_:logger:)` has no service run to hang a task group on.
        Task { [self] in
            while true {
                guard let key = try? await Self.generate(bits: bits) else { break }
                let full = state.withLock { state in
                    state.keys.append(key)
                    return state.keys.count >= capacity
                }
                if full { break }
            }
            state.withLock { $0.refilling = false }
        }
    }
}
