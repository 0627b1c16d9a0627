import Foundation

/// Writes items as a JSON Lines file (one JSON value per line, <https://jsonlines.org>) with
/// `JSONEncoder`; restartable without duplicated lines.
///
/// It writes through a ``FlatFileWriter``, so it behaves the same: one `write(2)` per chunk,
/// ``update(_:)`` flushes the file (`fsync`) and saves `<name>.offset` and
/// `<name>.written.count`, and on a restart ``open(_:)`` cuts the file back to the committed
/// offset, dropping the lines of the chunk that failed.
///
/// The default encoder sorts keys and leaves slashes unescaped, so the same item always gives
/// the same line. An encoder that pretty-prints breaks the one-value-per-line rule: such a line
/// fails the write.
///
/// ```swift
/// struct Order: Encodable { var id: Int; var amount: Double }
/// let writer = JSONLinesWriter<Order>(name: "orders", path: "out/orders.jsonl")
/// ```
///
/// Like every writer it is step-scoped: one task uses it, so it is not `Sendable`.
public final class JSONLinesWriter<Item>: ItemWriter, ItemStream {
    /// The name under which the position is saved in the execution context.
    public var name: String { file.name }
    /// The output file's path, as given.
    public var path: String { file.path }
    /// The items written so far, including those of earlier runs before a restart.
    public var writtenCount: Int64 { file.writtenCount }

    private let file: FlatFileWriter<Item>

    /// Creates a writer that encodes what `map` makes of each item; nothing is opened until ``open(_:)``.
    /// - Parameters:
    ///   - name: The key prefix for the saved position, such as `orders`.
    ///   - path: The file to write; created, or emptied when it exists (except on a restart).
    ///   - encoder: The encoder; by default one with sorted keys and unescaped slashes.
    ///   - syncOnUpdate: Whether ``update(_:)`` flushes the file to disk (see ``FlatFileWriter``).
    ///   - map: Turns an item into the value written on its line; what it throws fails the chunk.
    public init<Representation: Encodable>(
        name: String, path: String, encoder: JSONEncoder? = nil, syncOnUpdate: Bool = true,
        map: @escaping (Item) throws -> Representation
    ) {
        let encoder = encoder ?? Self.defaultEncoder()
        self.file = FlatFileWriter(name: name, path: path, syncOnUpdate: syncOnUpdate) { item in
            try Self.line(try map(item), encoder: encoder)
        }
    }

    /// Creates the file or, with `<name>.offset` in `context` (a restart), opens the existing
    /// file and truncates it to that offset.
    /// - Parameter context: The step's execution context.
    /// - Throws: ``BatchError/Code/streamFailed`` (`cannot write '<path>': <reason>`) when the file
    ///   cannot be created or opened, or is missing or shorter than the offset on a restart.
    public func open(_ context: ExecutionContext) async throws(BatchError) {
        try await file.open(context)
    }

    /// Writes one line per item with a single `write(2)`.
    /// - Parameter chunk: The items to write; an empty chunk writes nothing.
    /// - Throws: ``BatchError/Code/writeFailed`` when the writer is not open, an item cannot be
    ///   encoded (`cannot format a line for '<path>': cannot encode nan at 'amount' as JSON: ...`),
    ///   the encoder writes a line break, or the write fails.
    public func write(_ chunk: Chunk<Item>) throws(BatchError) {
        try file.write(chunk)
    }

    /// Flushes the file to disk (when `syncOnUpdate`) and saves `<name>.offset` and
    /// `<name>.written.count` into `context`.
    /// - Parameter context: The step's execution context.
    /// - Throws: ``BatchError/Code/streamFailed`` when `fsync` fails or the writer was never opened.
    public func update(_ context: inout ExecutionContext) throws(BatchError) {
        try file.update(&context)
    }

    /// Closes the file. Closing twice is harmless.
    /// - Throws: ``BatchError/Code/streamFailed`` when closing the descriptor fails.
    public func close() async throws(BatchError) {
        try await file.close()
    }

    /// An encoder with sorted keys and unescaped slashes.
    private static func defaultEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// The JSON text of `value`, which must fit on one line.
    private static func line<Value: Encodable>(_ value: Value, encoder: JSONEncoder) throws -> String {
        let data: Data
        do {
            data = try encoder.encode(value)
        } catch {
            throw BatchError(.writeFailed, JSONCodingReason.of(error), cause: error)
        }
        if data.contains(UInt8(ascii: "\n")) || data.contains(UInt8(ascii: "\r")) {
            throw BatchError(
                .writeFailed,
                "the encoder wrote a line break, but JSON Lines needs each value on one line: do not set .prettyPrinted in its outputFormatting"
            )
        }
        return String(decoding: data, as: UTF8.self)
    }
}

extension JSONLinesWriter where Item: Encodable {
    /// Creates a writer that encodes each item as it is.
    /// - Parameters:
    ///   - name: The key prefix for the saved position, such as `orders`.
    ///   - path: The file to write; created, or emptied when it exists (except on a restart).
    ///   - encoder: The encoder; by default one with sorted keys and unescaped slashes.
    ///   - syncOnUpdate: Whether ``update(_:)`` flushes the file to disk (see ``FlatFileWriter``).
    public convenience init(name: String, path: String, encoder: JSONEncoder? = nil, syncOnUpdate: Bool = true) {
        self.init(name: name, path: path, encoder: encoder, syncOnUpdate: syncOnUpdate) { $0 }
    }
}
