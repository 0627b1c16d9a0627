/// Writes every chunk to several writers, one after the other, in the same chunk (and so in the
/// same transaction): Spring's `CompositeItemWriter`.
///
/// The writers run in the order given; when one throws, the ones after it are not called and
/// the chunk fails (its transaction rolls back; file writers drop their lines on the restart).
/// The stream calls (``open(_:)``, ``update(_:)``, ``close()``) go to every writer that is an
/// ``ItemStream``, in the same order, so writers that save positions need distinct names.
///
/// ```swift
/// let writer = CompositeItemWriter<Order>(
///     JSONLinesWriter(name: "archive", path: "out/orders.jsonl"),
///     SQLBatchWriter(pool: context.database, table: "ORDERS", columns: ["ID", "AMOUNT"]) { [.int($0.id), .double($0.amount)] })
/// ```
///
/// Like every writer it is step-scoped: one task uses it, so it is not `Sendable`.
public final class CompositeItemWriter<Item>: ItemWriter, ItemStream {
    /// The writers, in the order they are called.
    public let writers: [any ItemWriter<Item>]

    /// Creates a writer that calls `writers` in order.
    /// - Parameter writers: The writers; list each one once.
    public init(_ writers: [any ItemWriter<Item>]) {
        self.writers = writers
    }

    /// Creates a writer that calls `writers` in order.
    /// - Parameter writers: The writers; list each one once.
    public convenience init(_ writers: any ItemWriter<Item>...) {
        self.init(writers)
    }

    /// Writes `chunk` to each writer in turn.
    /// - Parameter chunk: The items; an empty chunk is passed on as it is.
    /// - Throws: The first error a writer throws; the writers after it are not called.
    public func write(_ chunk: Chunk<Item>) async throws {
        for writer in writers { try await writer.write(chunk) }
    }

    /// Opens the writers that are streams, in order.
    /// - Parameter context: The step's execution context.
    /// - Throws: The first error a writer's `open` throws.
    public func open(_ context: ExecutionContext) async throws {
        for stream in streams { try await stream.open(context) }
    }

    /// Lets the writers that are streams save their positions, in order.
    /// - Parameter context: The step's execution context.
    /// - Throws: The first error a writer's `update` throws.
    public func update(_ context: inout ExecutionContext) throws {
        for stream in streams { try stream.update(&context) }
    }

    /// Closes every writer that is a stream, even when one fails.
    /// - Throws: The first error a writer's `close` threw, after all were closed.
    public func close() async throws {
        try await ItemStreams.closeAll(streams)
    }

    private var streams: [any ItemStream] { writers.compactMap { $0 as? any ItemStream } }
}
