/// Checks each item with a validator and passes it on unchanged, or rejects it (Spring's
/// `ValidatingItemProcessor`).
///
/// The validator throws to reject an item; the error says why (`amount must be positive`). A
/// rejected item fails the step with ``BatchError/Code/processFailed`` (a fault-tolerant step
/// can skip it), or, when the processor filters, is dropped and counted in `FILTER_COUNT`.
///
/// ```swift
/// ChunkStep("load", reader: { _ in reader }, processor: { _ in
///     ValidatingItemProcessor<Order> { order in
///         guard order.amount > 0 else { throw BatchError(.processFailed, "amount must be positive, was \(order.amount)") }
///     }
/// }, writer: { _ in writer })
/// ```
public struct ValidatingItemProcessor<Item>: ItemProcessor {
    /// What happens to an item the validator rejects.
    public enum Rejection: Sendable, Hashable {
        /// Throw ``BatchError/Code/processFailed`` (the default).
        case fail
        /// Drop the item: `process` returns nil and the step counts it as filtered.
        case filter
    }

    private let rejection: Rejection
    private let validate: (Item) throws -> Void

    /// Creates a processor that runs `validator` on every item.
    /// - Parameters:
    ///   - rejection: Whether a rejected item fails (the default) or is filtered out.
    ///   - validator: Returns for a valid item and throws, saying why, for an invalid one.
    public init(rejecting rejection: Rejection = .fail, validator: @escaping (Item) throws -> Void) {
        self.rejection = rejection
        self.validate = validator
    }

    /// Validates `item`.
    /// - Parameter item: The item to check.
    /// - Returns: `item` when it is valid; nil when it is not and the processor filters.
    /// - Throws: ``BatchError/Code/processFailed`` when the item is invalid and the processor does
    ///   not filter: `invalid item Order(id: 7, amount: -3.0): amount must be positive`, with the
    ///   validator's error as the cause (the item's description cut to 200 characters).
    public func process(_ item: Item) throws(BatchError) -> Item? {
        do {
            try validate(item)
            return item
        } catch {
            if rejection == .filter { return nil }
            let reason = (error as? BatchError)?.message ?? BatchError.describe(error)
            throw BatchError(.processFailed, "invalid item \(Self.describe(item)): \(reason)", cause: error)
        }
    }

    /// The item's description, cut to 200 characters.
    private static func describe(_ item: Item) -> String {
        let text = String(describing: item)
        return text.count <= 200 ? text : text.prefix(200) + "..."
    }
}
