/// Routes each item of a chunk to one of several writers by a key a classifier gives it
/// (Spring's `ClassifierCompositeItemWriter`).
///
/// Each writer receives one sub-chunk per chunk, holding its items in their read order, and
/// only when it has items. The writers run in the order of the routes (the `otherwise` writer
/// last), all within the chunk's transaction. Several keys may lead to the same writer object;
/// it still receives a single sub-chunk. The stream calls (``open(_:)``, ``update(_:)``,
/// ``close()``) go to every distinct writer that is an ``ItemStream``, so writers that save
/// positions need distinct names.
///
/// ```swift
/// let writer = try ClassifierItemWriter<Order, Bool>(
///     routes: [true: JSONLinesWriter(name: "large", path: "out/large.jsonl"),
///              false: JSONLinesWriter(name: "small", path: "out/small.jsonl")]
/// ) { $0.amount >= 10_000 }
/// ```
///
/// Like every writer it is step-scoped: one task uses it, so it is not `Sendable`.
public final class ClassifierItemWriter<Item, Key: Hashable>: ItemWriter, ItemStream {
    /// The distinct writers, in the order they are called.
    private let writers: [any ItemWriter<Item>]
    /// The position in `writers` of each key's writer.
    private let slots: [Key: Int]
    /// The position in `writers` of the writer for keys without a route.
    private let otherwise: Int?
    private let keys: [Key]
    private let classifier: (Item) throws -> Key

    /// Creates a writer that sends each item to the writer of the key `classifier` returns.
    /// - Parameters:
    ///   - routes: Each key's writer; the writers run in this order.
    ///   - otherwise: The writer of items whose key has no route; without it such an item fails the chunk.
    ///   - classifier: Gives an item's key; what it throws fails the chunk.
    /// - Throws: ``BatchError/Code/invalidDeclaration`` when a key repeats or there is no writer at all.
    public init(
        routes: KeyValuePairs<Key, any ItemWriter<Item>>, otherwise: (any ItemWriter<Item>)? = nil,
        classifier: @escaping (Item) throws -> Key
    ) throws(BatchError) {
        var writers: [any ItemWriter<Item>] = []
        var identities: [ObjectIdentifier: Int] = [:]
        /// The position of `writer` in `writers`, added when new (class instances by identity).
        func slot(of writer: any ItemWriter<Item>) -> Int {
            let identity = type(of: writer) is AnyObject.Type ? ObjectIdentifier(writer as AnyObject) : nil
            if let identity, let known = identities[identity] { return known }
            writers.append(writer)
            if let identity { identities[identity] = writers.count - 1 }
            return writers.count - 1
        }
        var slots: [Key: Int] = [:]
        for (key, writer) in routes {
            guard slots[key] == nil else {
                throw BatchError(.invalidDeclaration, "classifier writer: the key '\(key)' has two routes; give each key one writer")
            }
            slots[key] = slot(of: writer)
        }
        guard !writers.isEmpty || otherwise != nil else {
            throw BatchError(.invalidDeclaration, "classifier writer: give at least one route or an otherwise writer")
        }
        self.otherwise = otherwise.map { slot(of: $0) }
        self.writers = writers
        self.slots = slots
        self.keys = routes.map(\.key)
        self.classifier = classifier
    }

    /// Splits `chunk` by key and writes each writer's items as one sub-chunk, in route order.
    /// - Parameter chunk: The items; writers without items in it are not called.
    /// - Throws: ``BatchError/Code/writeFailed`` (with ``BatchError/itemIndex``) when the
    ///   classifier throws or an item's key has no route and there is no `otherwise` writer,
    ///   before any writer is called; the first error a writer throws.
    public func write(_ chunk: Chunk<Item>) async throws {
        var batches = Array(repeating: [Item](), count: writers.count)
        for (position, item) in chunk.items.enumerated() {
            let key: Key
            do {
                key = try classifier(item)
            } catch {
                let reason = (error as? BatchError)?.message ?? BatchError.describe(error)
                var failure = BatchError(.writeFailed, "cannot classify item \(position + 1) of the chunk: \(reason)", cause: error)
                failure.itemIndex = position
                throw failure
            }
            guard let slot = slots[key] ?? otherwise else {
                let known = keys.map { "'\($0)'" }.joined(separator: ", ")
                var failure = BatchError(
                    .writeFailed,
                    "no writer for the key '\(key)' of item \(position + 1) of the chunk; the routes are \(known): add a route or an otherwise writer"
                )
                failure.itemIndex = position
                throw failure
            }
            batches[slot].append(item)
        }
        for (slot, items) in batches.enumerated() where !items.isEmpty {
            try await writers[slot].write(Chunk(items))
        }
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
