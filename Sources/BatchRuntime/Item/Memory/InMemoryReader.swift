/// Reads the items of an array, restartably: its position is saved as `<name>.read.count`.
///
/// ```swift
/// ChunkStep("double", reader: { _ in InMemoryReader([1, 2, 3]) }, process: { $0 * 2 }, writer: { _ in InMemoryWriter<Int>() })
/// ```
public final class InMemoryReader<Item>: ItemReader, ItemStream, SizedItemReader {
    private let items: [Item]
    private let name: String
    private var position = 0

    /// Creates a reader over `items`.
    /// - Parameters:
    ///   - items: The items, in order.
    ///   - name: The prefix of the keys saved in the execution context.
    public init(_ items: [Item], name: String = "inMemoryReader") {
        self.items = items
        self.name = name
    }

    /// The next item, or nil after the last.
    public func read() async throws -> Item? {
        guard position < items.count else { return nil }
        defer { position += 1 }
        return items[position]
    }

    /// Continues after the saved position.
    public func open(_ context: ExecutionContext) async throws {
        position = Int(context.int("\(name).read.count") ?? 0)
    }

    /// Saves the position.
    public func update(_ context: inout ExecutionContext) throws {
        context["\(name).read.count"] = .int(Int64(position))
    }

    /// Items read out of all items.
    public var progressEstimate: ProgressEstimate? {
        ProgressEstimate(done: Int64(position), total: Int64(items.count))
    }
}

/// Generates `count` items from their index, restartably, without holding them in memory.
public final class GeneratingReader<Item>: ItemReader, ItemStream, SizedItemReader {
    private let count: Int64
    private let name: String
    private let make: (Int64) throws -> Item
    private var position: Int64 = 0

    /// Creates a reader of `count` items; `make` receives indexes 0..<count.
    public init(count: Int64, name: String = "generatingReader", make: @escaping (Int64) throws -> Item) {
        self.count = count
        self.name = name
        self.make = make
    }

    /// The next item, or nil after the last.
    public func read() async throws -> Item? {
        guard position < count else { return nil }
        defer { position += 1 }
        return try make(position)
    }

    /// Continues after the saved position.
    public func open(_ context: ExecutionContext) async throws {
        position = context.int("\(name).read.count") ?? 0
    }

    /// Saves the position.
    public func update(_ context: inout ExecutionContext) throws {
        context["\(name).read.count"] = .int(position)
    }

    /// Items generated out of all.
    public var progressEstimate: ProgressEstimate? { ProgressEstimate(done: position, total: count) }
}
