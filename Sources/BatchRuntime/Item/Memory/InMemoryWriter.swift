import Synchronization

/// Collects written items in memory: for tests, and for steps whose output the caller keeps.
///
/// The items are kept in a thread-safe box that the caller may hold on to (``Store``), so a
/// test can read them after the job ended even though the writer itself is step-scoped.
public final class InMemoryWriter<Item: Sendable>: ItemWriter {
    /// Thread-safe storage of written items that outlives the writer.
    public final class Store: Sendable {
        private let storage = Mutex<[Item]>([])
        private let chunks = Atomic<Int>(0)

        /// An empty store.
        public init() {}

        /// Everything written so far, in order.
        public var items: [Item] { storage.withLock { $0 } }
        /// How many chunks were written.
        public var chunkCount: Int { chunks.load(ordering: .relaxed) }

        func append(_ items: [Item]) {
            storage.withLock { $0 += items }
            chunks.add(1, ordering: .relaxed)
        }
    }

    /// Where the items go.
    public let store: Store
    private let failWhen: (@Sendable ([Item]) throws -> Void)?

    /// Creates a writer.
    /// - Parameters:
    ///   - store: Where written items are kept.
    ///   - failWhen: Called before each chunk is kept; throw to make the write fail (for tests of failure paths).
    public init(store: Store = Store(), failWhen: (@Sendable ([Item]) throws -> Void)? = nil) {
        self.store = store
        self.failWhen = failWhen
    }

    /// Keeps the chunk's items.
    public func write(_ chunk: Chunk<Item>) async throws {
        try failWhen?(chunk.items)
        store.append(chunk.items)
    }
}

/// Discards every item: for measuring the engine's own cost.
public struct NoOpWriter<Item>: ItemWriter {
    /// Creates the writer.
    public init() {}

    /// Does nothing.
    public func write(_ chunk: Chunk<Item>) async throws {}
}
