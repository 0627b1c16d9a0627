import Synchronization

/// Whether a connection is still open, readable from any thread.
final class ConnectionStatus: Sendable {
    private let active = Atomic<Bool>(true)
    private let requestCounter = Atomic<UInt64>(0)

    var isActive: Bool { active.load(ordering: .acquiring) }
    func markClosed() { active.store(false, ordering: .releasing) }
    /// A new id that tells one `requestResponse` call from another.
    func nextRequestID() -> UInt64 { requestCounter.wrappingAdd(1, ordering: .relaxed).newValue }
}
