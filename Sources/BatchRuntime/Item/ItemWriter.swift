/// Writes the processed items of one chunk.
///
/// Called once per chunk inside the chunk's transaction; an empty chunk is legal (every item
/// was filtered). Throwing rolls the chunk back and fails the step. Writers that keep state
/// (file offsets) are step-scoped like readers and adopt ``ItemStream``. Writers to the
/// repository's own database take ``ChunkTransaction/current`` so their rows commit in the
/// same transaction as the step's checkpoint.
///
/// The engine writes a chunk in a child task while it reads the next one (never two chunks at
/// once), hence `SendableMetatype`: every type that is not isolated to a global actor has it.
///
/// ```swift
/// final class CollectingWriter: ItemWriter {
///     private(set) var written: [String] = []
///     func write(_ chunk: Chunk<String>) async throws { written += chunk.items }
/// }
/// ```
public protocol ItemWriter<Item>: SendableMetatype {
    /// The type of the items written.
    associatedtype Item

    /// Writes one chunk.
    func write(_ chunk: Chunk<Item>) async throws
}

/// The items of one chunk, in read order.
public struct Chunk<Item>: RandomAccessCollection {
    /// The items.
    public var items: [Item]

    /// Creates a chunk.
    public init(_ items: [Item] = []) { self.items = items }

    /// The first index.
    public var startIndex: Int { items.startIndex }
    /// One past the last index.
    public var endIndex: Int { items.endIndex }
    /// The item at `position`.
    public subscript(position: Int) -> Item { items[position] }
}

extension Chunk: Sendable where Item: Sendable {}
