/// Supplies the items of a chunk-oriented step, one at a time.
///
/// `read()` returns the next item, or nil when the input is exhausted; after nil it is not
/// called again. A reader is *step-scoped*: the step's factory creates a fresh one for each
/// step execution and one task uses it, so it may keep its position in plain stored
/// properties without locks (which is why the protocol does not require `Sendable`; the
/// factories that create readers are `@Sendable`). Make it a class when it has state, and
/// adopt ``ItemStream`` to save and restore its position across restarts.
///
/// ```swift
/// final class CountingReader: ItemReader, ItemStream {
///     private var next = 0
///     private let limit: Int
///     init(limit: Int) { self.limit = limit }
///     func read() async throws -> Int? {
///         guard next < limit else { return nil }
///         defer { next += 1 }
///         return next
///     }
///     func open(_ context: ExecutionContext) async throws { next = Int(context.int("counter.next") ?? 0) }
///     func update(_ context: inout ExecutionContext) throws { context["counter.next"] = .int(Int64(next)) }
/// }
/// ```
public protocol ItemReader<Item> {
    /// The type of the items read.
    associatedtype Item

    /// Reads the next item.
    /// - Returns: The item, or nil when there are no more.
    /// - Throws: A ``BatchError`` with code ``BatchError/Code/readFailed`` (or any error) when the
    ///   input is malformed or unreadable; the step fails and can be restarted after a fix.
    func read() async throws -> Item?
}
