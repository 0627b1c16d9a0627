/// Turns each read item into the item to write, or drops it.
///
/// Returning nil *filters* the item: it is counted in `FILTER_COUNT` and not written.
/// Throwing fails the step (the chunk rolls back and the step can be restarted). Processors
/// may run again for the same item after a restart, so they must be idempotent.
///
/// ```swift
/// struct Uppercase: ItemProcessor {
///     func process(_ item: String) async throws -> String? {
///         item.isEmpty ? nil : item.uppercased()
///     }
/// }
/// ```
public protocol ItemProcessor<Input, Output> {
    /// The read item's type.
    associatedtype Input
    /// The written item's type.
    associatedtype Output

    /// Processes one item.
    /// - Returns: The item to write, or nil to filter it out.
    func process(_ item: Input) async throws -> Output?
}

/// An ``ItemProcessor`` made from a closure.
public struct ClosureProcessor<Input, Output>: ItemProcessor {
    private let body: (Input) async throws -> Output?

    /// Wraps `body`.
    public init(_ body: @escaping (Input) async throws -> Output?) {
        self.body = body
    }

    /// Calls the closure.
    public func process(_ item: Input) async throws -> Output? {
        try await body(item)
    }
}

/// The processor of a step that has none: every item passes unchanged.
public struct PassThroughProcessor<Item>: ItemProcessor {
    /// Creates the processor.
    public init() {}

    /// Returns `item`.
    @inlinable public func process(_ item: Item) async throws -> Item? { item }
}
