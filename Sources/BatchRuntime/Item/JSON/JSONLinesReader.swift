import Foundation

/// Reads a JSON Lines file (one JSON value per line, <https://jsonlines.org>) and decodes each
/// line with `JSONDecoder`; restartable by byte offset.
///
/// Lines end with LF or CRLF, a last line without a line end is read, lines holding only spaces
/// or tabs are skipped, and a UTF-8 byte order mark at the start is ignored. A line that is not
/// valid JSON, does not decode into the item, or is not UTF-8 fails the read as
/// `orders.jsonl:12: missing key 'amount'`; the line is consumed all the same, so the next read
/// (in a step that skips bad records) returns the next one.
///
/// The reader saves `<name>.offset` (the byte offset after the last line consumed),
/// `<name>.line` (the last line consumed) and `<name>.read.count` in ``update(_:)``, as
/// ``DelimitedFileReader`` does; on a restart ``open(_:)`` seeks straight to the saved offset.
/// As a ``SizedItemReader`` it reports the bytes consumed out of the file's size.
///
/// ```swift
/// struct Order: Decodable { var id: Int; var amount: Double }
/// let reader = JSONLinesReader<Order>(name: "orders", path: "in/orders.jsonl")
/// ```
///
/// Like every reader it is step-scoped: one task uses it, so it is not `Sendable`.
public final class JSONLinesReader<Item>: ItemReader, ItemStream, SizedItemReader {
    /// The name under which the position is saved in the execution context.
    public var name: String { input.name }
    /// The input file's path, as given.
    public var path: String { input.path }
    /// The records returned by ``read()`` so far, including those of earlier runs before a restart.
    public var readCount: Int64 { input.readCount }

    private let input: LineFileInput
    private let decode: (Data) throws -> Item

    /// The initial read buffer size; tests shrink it to make lines straddle buffer boundaries.
    var bufferSize: Int {
        get { input.bufferSize }
        set { input.bufferSize = newValue }
    }

    /// Creates a reader that decodes each line as a value of `representation` and maps it to an
    /// item; nothing is opened until ``open(_:)``.
    /// - Parameters:
    ///   - name: The key prefix for the saved position, such as `orders`.
    ///   - path: The file to read.
    ///   - representation: The `Decodable` type each line holds.
    ///   - decoder: The decoder, for date and key strategies.
    ///   - map: Turns a decoded line into an item; what it throws fails the read with the line's position.
    public init<Representation: Decodable>(
        name: String, path: String, decoding representation: Representation.Type, decoder: JSONDecoder = JSONDecoder(),
        map: @escaping (Representation) throws -> Item
    ) {
        self.input = LineFileInput(name: name, path: path)
        self.decode = { data in try map(try decoder.decode(Representation.self, from: data)) }
    }

    /// How far reading got: bytes consumed out of the file's size; nil before ``open(_:)``.
    public var progressEstimate: ProgressEstimate? { input.progressEstimate }

    /// Opens the file and moves to the saved position.
    ///
    /// With `<name>.offset` in `context` (a restart) the reader seeks to that offset and continues
    /// the line numbers and the read count from `<name>.line` and `<name>.read.count`.
    /// - Parameter context: The step's execution context.
    /// - Throws: ``BatchError/Code/readFailed`` when the file cannot be opened (`cannot open input
    ///   file '<path>': <reason>`) or the saved offset lies beyond the end of the file.
    public func open(_ context: ExecutionContext) async throws(BatchError) {
        try input.open(context)
    }

    /// Reads the next non-blank line and decodes it.
    /// - Returns: The item, or nil at the end of the file.
    /// - Throws: ``BatchError/Code/readFailed`` as `<path>:<line>: <reason>` when the line is not
    ///   UTF-8, not valid JSON, does not decode, or `map` throws (kept as the cause); also when
    ///   the reader is not open. The line is consumed either way.
    public func read() throws(BatchError) -> Item? {
        while let line = try input.nextLine() {
            if line.bytes.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) { continue }
            try input.checkUTF8(line, advice: "JSON Lines files must be UTF-8: convert the file (iconv -t utf-8)")
            let item: Item
            do {
                item = try decode(Data(line.bytes))
            } catch {
                throw input.recordError(line, JSONCodingReason.of(error), cause: error)
            }
            input.returned(line)
            return item
        }
        return nil
    }

    /// Saves `<name>.offset`, `<name>.line` and `<name>.read.count` into `context`.
    /// - Parameter context: The step's execution context.
    /// - Throws: ``BatchError/Code/streamFailed`` when the reader was never opened.
    public func update(_ context: inout ExecutionContext) throws(BatchError) {
        try input.update(&context)
    }

    /// Closes the file; the position stays available to ``update(_:)``. Closing twice is harmless.
    /// - Throws: ``BatchError/Code/streamFailed`` when closing the descriptor fails.
    public func close() async throws(BatchError) {
        try input.close()
    }
}

extension JSONLinesReader where Item: Decodable {
    /// Creates a reader that decodes each line as an `Item`.
    /// - Parameters:
    ///   - name: The key prefix for the saved position, such as `orders`.
    ///   - path: The file to read.
    ///   - decoder: The decoder, for date and key strategies.
    public convenience init(name: String, path: String, decoder: JSONDecoder = JSONDecoder()) {
        self.init(name: name, path: path, decoding: Item.self, decoder: decoder) { $0 }
    }
}

extension JSONLinesReader: ItemLocating {
    /// The file's path, as given.
    public var inputName: String { input.path }
    /// The line from which the item last returned by ``read()`` was decoded.
    public var lastItemLine: Int? { input.lastRecordLine }
}
