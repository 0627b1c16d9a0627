/// Reads a fixed-width file, one record per line, cutting each line into fields by column
/// ranges; restartable by byte offset.
///
/// Columns are 0-based, half-open ranges of characters (Unicode scalars; bytes, for ASCII
/// files): `[("id", 0..<6), ("amount", 6..<16)]`. Lines end with LF or CRLF, empty lines are
/// skipped, a UTF-8 byte order mark at the start is ignored, and `skipLines` header lines are
/// skipped on a first run. Fields lose their padding spaces unless `trimSpaces` is false.
///
/// A line too short for a column, a longer line when `strictLength` is set, bytes that are not
/// UTF-8, and an error thrown by `map` fail the read as
/// `payments.txt:7: the line is 12 characters long but column 'amount' needs 6..<16`; the line
/// is consumed all the same, so the next read (in a step that skips bad records) returns the next.
///
/// The reader saves `<name>.offset`, `<name>.line` and `<name>.read.count` in ``update(_:)``
/// like ``DelimitedFileReader``, and on a restart seeks straight to the saved offset.
///
/// ```swift
/// let reader = FixedWidthFileReader(name: "payments", path: "in/payments.txt",
///                                   columns: [("id", 0..<6), ("amount", 6..<16)]) { record in
///     Payment(id: try record.field("id"), amount: Double(try record.field("amount")) ?? 0)
/// }
/// ```
///
/// Like every reader it is step-scoped: one task uses it, so it is not `Sendable`.
public final class FixedWidthFileReader<Item>: ItemReader, ItemStream, SizedItemReader {
    /// The name under which the position is saved in the execution context.
    public var name: String { input.name }
    /// The input file's path, as given.
    public var path: String { input.path }
    /// The records returned by ``read()`` so far, including those of earlier runs before a restart.
    public var readCount: Int64 { input.readCount }

    private let input: LineFileInput
    private let names: [String]
    private let ranges: [Range<Int>]
    private let width: Int
    private let skipLines: Int
    private let strictLength: Bool
    private let trimSpaces: Bool
    private let invalidUTF8: InvalidUTF8Handling
    private let map: (FixedWidthRecord) throws -> Item

    /// The initial read buffer size; tests shrink it to make lines straddle buffer boundaries.
    var bufferSize: Int {
        get { input.bufferSize }
        set { input.bufferSize = newValue }
    }

    /// Creates a reader; nothing is opened until ``open(_:)``.
    /// - Parameters:
    ///   - name: The key prefix for the saved position, such as `payments`.
    ///   - path: The file to read.
    ///   - columns: Each column's name and its 0-based, half-open character range in the line.
    ///   - skipLines: Lines skipped at the start of the file (headers), empty ones included.
    ///   - strictLength: Whether a line longer than the last column's end is an error.
    ///   - trimSpaces: Whether fields lose leading and trailing spaces.
    ///   - invalidUTF8: Whether bytes that are not valid UTF-8 fail the read (the default) or are read as U+FFFD.
    ///   - map: Turns a record into an item; what it throws fails the read with the line's position.
    public init(
        name: String, path: String, columns: [(String, Range<Int>)], skipLines: Int = 0, strictLength: Bool = false,
        trimSpaces: Bool = true, invalidUTF8: InvalidUTF8Handling = .fail,
        map: @escaping (FixedWidthRecord) throws -> Item
    ) {
        self.input = LineFileInput(name: name, path: path)
        self.names = columns.map(\.0)
        self.ranges = columns.map(\.1)
        self.width = ranges.map(\.upperBound).max() ?? 0
        self.skipLines = skipLines
        self.strictLength = strictLength
        self.trimSpaces = trimSpaces
        self.invalidUTF8 = invalidUTF8
        self.map = map
    }

    /// How far reading got: bytes consumed out of the file's size; nil before ``open(_:)``.
    public var progressEstimate: ProgressEstimate? { input.progressEstimate }

    /// Opens the file and moves to the saved position, or past the `skipLines` header lines.
    /// - Parameter context: The step's execution context.
    /// - Throws: ``BatchError/Code/invalidDeclaration`` when there are no columns, a name repeats
    ///   or a range is empty or negative; ``BatchError/Code/readFailed`` when the file cannot be
    ///   opened or the saved offset lies beyond its end.
    public func open(_ context: ExecutionContext) async throws(BatchError) {
        try checkColumns()
        try input.open(context, skipLines: skipLines)
    }

    /// Reads the next non-empty line and maps its fields to an item.
    /// - Returns: The item, or nil at the end of the file.
    /// - Throws: ``BatchError/Code/readFailed`` as `<path>:<line>: <reason>` for a line too short
    ///   (or too long, with `strictLength`), bytes that are not UTF-8, or an error thrown by `map`
    ///   (kept as the cause); also when the reader is not open. The line is consumed either way.
    public func read() throws(BatchError) -> Item? {
        while let line = try input.nextLine() {
            if line.bytes.isEmpty { continue }
            if invalidUTF8 == .fail { try input.checkUTF8(line, advice: FlatFileDiagnostics.invalidUTF8Advice) }
            let fields = try cut(line)
            let item: Item
            do {
                item = try map(FixedWidthRecord(lineNumber: line.number, fields: fields, names: names))
            } catch {
                let text = (error as? BatchError)?.message ?? BatchError.describe(error)
                throw input.recordError(line, text, cause: error)
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

    /// The fields of `line`, cut by the column ranges.
    private func cut(_ line: LineScanner.Line) throws(BatchError) -> [String] {
        let ascii = line.bytes.allSatisfy { $0 < 0x80 }
        let scalars = ascii ? [] : Array(String(decoding: line.bytes, as: UTF8.self).unicodeScalars)
        let length = ascii ? line.bytes.count : scalars.count
        if length < width, let short = ranges.indices.first(where: { ranges[$0].upperBound > length }) {
            throw input.recordError(
                line, "the line is \(length) characters long but column '\(names[short])' needs \(ranges[short])")
        }
        if strictLength && length > width {
            throw input.recordError(line, "the line is \(length) characters long but the columns end at \(width)")
        }
        return ranges.map { range in
            let text =
                ascii
                ? String(decoding: line.bytes[range], as: UTF8.self)
                : String(String.UnicodeScalarView(scalars[range]))
            return trimSpaces ? Self.trimmingSpaces(text) : text
        }
    }

    /// `text` without leading and trailing spaces.
    private static func trimmingSpaces(_ text: String) -> String {
        guard let first = text.firstIndex(where: { $0 != " " }) else { return "" }
        let last = text.lastIndex(where: { $0 != " " }) ?? first
        return String(text[first...last])
    }

    /// Fails when the columns cannot cut a line.
    private func checkColumns() throws(BatchError) {
        guard !names.isEmpty else {
            throw BatchError(.invalidDeclaration, "reader '\(name)': give at least one column, such as (\"id\", 0..<6)")
        }
        if let bad = ranges.indices.first(where: { ranges[$0].isEmpty || ranges[$0].lowerBound < 0 }) {
            throw BatchError(
                .invalidDeclaration,
                "reader '\(name)': column '\(names[bad])' has the range \(ranges[bad]); ranges must be non-empty and start at 0 or later")
        }
        var seen = Set<String>()
        if let repeated = names.first(where: { !seen.insert($0).inserted }) {
            throw BatchError(.invalidDeclaration, "reader '\(name)': the column name '\(repeated)' is used twice")
        }
    }
}

extension FixedWidthFileReader where Item == FixedWidthRecord {
    /// Creates a reader that returns the records themselves.
    /// - Parameters:
    ///   - name: The key prefix for the saved position.
    ///   - path: The file to read.
    ///   - columns: Each column's name and its 0-based, half-open character range in the line.
    ///   - skipLines: Lines skipped at the start of the file (headers).
    ///   - strictLength: Whether a line longer than the last column's end is an error.
    ///   - trimSpaces: Whether fields lose leading and trailing spaces.
    public convenience init(
        name: String, path: String, columns: [(String, Range<Int>)], skipLines: Int = 0, strictLength: Bool = false,
        trimSpaces: Bool = true
    ) {
        self.init(
            name: name, path: path, columns: columns, skipLines: skipLines, strictLength: strictLength,
            trimSpaces: trimSpaces, map: { $0 })
    }
}

extension FixedWidthFileReader: ItemLocating {
    /// The file's path, as given.
    public var inputName: String { input.path }
    /// The line from which the item last returned by ``read()`` was read.
    public var lastItemLine: Int? { input.lastRecordLine }
}
