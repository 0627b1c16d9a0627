#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a delimited (CSV) file record by record and maps each record to an item; restartable
/// by byte offset.
///
/// Parsing follows RFC 4180: fields are separated by the delimiter and may be quoted; inside
/// quotes the delimiter, CR, LF and doubled quotes (`""`) are literal, so a quoted field may
/// span lines. Lines end with LF or CRLF, a last line without a line end is a record, empty
/// lines are skipped, and a UTF-8 byte order mark at the start is ignored. A quote inside an
/// unquoted field is kept as it is; text after a closing quote (before the delimiter) and a
/// quote left open at the end of the file are errors.
///
/// Every record must have `columnCount` fields, or as many as the header line when the file
/// has one. Errors name the input position: `data/tx.csv:1234: expected 6 fields, found 5`;
/// when the record holds carriage returns that end no line, the message says the file seems to
/// use CR-only line endings.
///
/// The file must be UTF-8: by default a byte that is not (a file in ISO-8859-1, say) fails the
/// read with its line, byte offset and field; `invalidUTF8: .replace` reads such bytes as U+FFFD.
///
/// The reader saves `<name>.offset` (the byte offset after the last record read), `<name>.line`
/// (the last physical line consumed) and `<name>.read.count` in ``update(_:)``; on a restart
/// ``open(_:)`` seeks straight to the saved offset without reading what lies before it
/// (except the header line, for the column names).
///
/// Given a ``FileRange`` (a partition of ``LineRangePartitioner``), the reader reads only the
/// records in that byte range: it takes the column names from the header line, seeks to the
/// range's start, numbers lines from the range's first line, stops at the range's end, and on a
/// restart continues from the offset it saved inside the range.
///
/// As a ``SizedItemReader`` it reports the bytes consumed out of the file's size (or the range's); in a chunk
/// step the engine records them at every commit as `batch.progress.position` and
/// `batch.progress.total` (``ProgressEstimate/positionKey``), which the server's step progress
/// prefers to estimates from earlier runs.
///
/// ```swift
/// let reader = DelimitedFileReader(name: "transactions", path: "data/tx.csv") { record in
///     Transaction(id: try record.field("id"), amount: Double(try record.field("amount")) ?? 0)
/// }
/// ```
///
/// Like every reader it is step-scoped: one task uses it, so it is not `Sendable`.
public final class DelimitedFileReader<Item>: ItemReader, ItemStream, SizedItemReader {
    /// The name under which the position is saved in the execution context.
    public let name: String
    /// The input file's path, as given.
    public let path: String
    /// The column names read from the header line; nil before ``open(_:)`` or without a header.
    public private(set) var columnNames: [String]?
    /// The records returned by ``read()`` so far, including those of earlier runs before a restart.
    public private(set) var readCount: Int64 = 0

    /// The initial read buffer size; tests shrink it to make records straddle buffer boundaries.
    var bufferSize = 256 * 1024

    private let delimiter: Character
    private let quote: Character
    private let header: Bool
    private let columnCount: Int?
    private let invalidUTF8: InvalidUTF8Handling
    private let range: FileRange?
    private let map: (DelimitedRecord) throws -> Item

    private var fd: Int32 = -1
    private var scanner: DelimitedScanner?
    private var expectedCount: Int?
    private var fileSize: Int64 = 0
    private var opened = false
    /// The byte offset just after the last record returned (or after the header).
    private var committedOffset: Int64 = 0
    /// The last physical line consumed by the records returned (or by the header).
    private var committedLine: Int64 = 0
    /// The line on which the record last returned begins.
    private var lastRecordLine: Int?

    /// Creates a reader; nothing is opened until ``open(_:)``.
    /// - Parameters:
    ///   - name: The key prefix for the saved position, such as `transactions`.
    ///   - path: The file to read.
    ///   - delimiter: The field separator, a single ASCII character (`,`, `;`, a tab, `|`).
    ///   - quote: The quote character, a single ASCII character.
    ///   - header: Whether the first line holds the column names (it is not returned as a record).
    ///   - columnCount: The number of fields every record must have; by default the header's count,
    ///     or no check without a header.
    ///   - invalidUTF8: Whether bytes that are not valid UTF-8 fail the read (the default) or are
    ///     read as U+FFFD.
    ///   - range: Only the records in this part of the file (nil, the default: the whole file).
    ///   - map: Turns a record into an item; what it throws fails the read with the record's position.
    public init(
        name: String, path: String, delimiter: Character = ",", quote: Character = "\"",
        header: Bool = true, columnCount: Int? = nil, invalidUTF8: InvalidUTF8Handling = .fail,
        range: FileRange? = nil, map: @escaping (DelimitedRecord) throws -> Item
    ) {
        self.name = name
        self.path = path
        self.delimiter = delimiter
        self.quote = quote
        self.header = header
        self.columnCount = columnCount
        self.invalidUTF8 = invalidUTF8
        self.range = range
        self.map = map
    }

    deinit {
        if fd >= 0 { try? FlatFileIO.close(fd) }
    }

    /// How far reading got: bytes consumed out of the file's size (or the range's); nil before ``open(_:)``.
    public var progressEstimate: ProgressEstimate? {
        guard opened else { return nil }
        let done = scanner?.offset ?? committedOffset
        guard let range else { return ProgressEstimate(done: done, total: fileSize) }
        return ProgressEstimate(done: max(0, done - range.start), total: range.end - range.start)
    }

    /// Opens the file, reads the header line when there is one, and moves to the saved position.
    ///
    /// With `<name>.offset` in `context` (a restart) the reader seeks to that offset and continues
    /// the line numbers and the read count from `<name>.line` and `<name>.read.count`; otherwise it
    /// starts at the first record (of its range, when it has one).
    /// - Parameter context: The step's execution context.
    /// - Throws: ``BatchError/Code/readFailed`` when the file cannot be opened (`cannot open input
    ///   file '<path>': <reason>`), the header is malformed (including bytes that are not UTF-8, and
    ///   carriage returns that end no line), or the saved offset or the range lies beyond the end of the file;
    ///   ``BatchError/Code/invalidDeclaration`` for an unusable delimiter or quote.
    public func open(_ context: ExecutionContext) async throws(BatchError) {
        let (delimiterByte, quoteByte) = try separatorBytes()
        try closeFile()
        do {
            fd = try FlatFileIO.open(path, O_RDONLY)
            fileSize = try FlatFileIO.size(fd)
        } catch {
            if fd >= 0 { try? FlatFileIO.close(fd) }
            fd = -1
            throw BatchError(.readFailed, "cannot open input file '\(path)': \(error.text)", cause: error)
        }
        let scanner = DelimitedScanner(
            path: path, fd: fd, delimiter: delimiterByte, quote: quoteByte, invalidUTF8: invalidUTF8,
            capacity: bufferSize, offset: 0, line: 1)
        let end = try rangeEnd()
        if let range { scanner.limit = range.end }
        let restart = context.int("\(name).offset")
        columnNames = nil
        if header {
            // On a restart, read only the header's bytes (a small buffer), not what the saved offset skips.
            let headerScanner =
                restart == nil && range == nil
                ? scanner
                : DelimitedScanner(
                    path: path, fd: fd, delimiter: delimiterByte, quote: quoteByte, invalidUTF8: invalidUTF8,
                    capacity: 4096, offset: 0, line: 1)
            if let row = try headerScanner.next() {
                if let columnCount, row.fields.count != columnCount {
                    throw recordError(
                        row, headerScanner, "expected \(columnCount) fields, found \(row.fields.count)")
                }
                // A header with a carriage return inside holds the whole of a CR-only file: no record would follow.
                if headerScanner.lastRecordHasBareCarriageReturn() {
                    throw recordError(row, headerScanner, "the header line holds \(row.fields.count) fields")
                }
                columnNames = row.fields
            }
            committedOffset = headerScanner.offset
            committedLine = Int64(headerScanner.line - 1)
        } else {
            committedOffset = 0
            committedLine = 0
        }
        if let range, range.start >= committedOffset {
            committedOffset = range.start
            committedLine = Int64(range.firstLine - 1)
        }
        expectedCount = columnCount ?? columnNames?.count
        readCount = 0
        if let restart {
            guard restart >= 0 && restart <= end else {
                throw BatchError(
                    .readFailed,
                    "cannot restart '\(name)': the saved offset \(restart) lies beyond the end of \(range.map { "its range, \($0.end), in " } ?? "")'\(path)' (\(fileSize) bytes); was the file replaced?"
                )
            }
            if restart > committedOffset {
                committedOffset = restart
                committedLine = max(0, context.int("\(name).line") ?? 0)
            }
            readCount = max(0, context.int("\(name).read.count") ?? 0)
        }
        if restart != nil || !header || range != nil {
            try scanner.reposition(to: committedOffset, line: Int(committedLine) + 1)
        }
        self.scanner = scanner
        opened = true
    }

    /// Reads the next record and maps it to an item.
    /// - Returns: The item, or nil at the end of the file.
    /// - Throws: ``BatchError/Code/readFailed`` as `<path>:<line>: <reason>` for malformed input
    ///   (bytes that are not UTF-8 among it), a wrong field count, or an error thrown by `map`
    ///   (kept as the cause); also when the reader is not open.
    ///   When the record holds carriage returns that end no line, the message adds that the file
    ///   seems to use CR-only line endings.
    public func read() throws(BatchError) -> Item? {
        guard let scanner else {
            throw BatchError(
                .readFailed, "reader '\(name)' for '\(path)' is not open: call open(_:) before read()")
        }
        guard let row = try scanner.next() else { return nil }
        // The record is consumed either way: a fault-tolerant step that skips a bad one goes on
        // with the next, and its checkpoint must not read the bad one again on a restart.
        defer {
            committedOffset = scanner.offset
            committedLine = Int64(scanner.line - 1)
        }
        if let expectedCount, row.fields.count != expectedCount {
            throw recordError(row, scanner, "expected \(expectedCount) fields, found \(row.fields.count)")
        }
        let item: Item
        do {
            item = try map(DelimitedRecord(lineNumber: row.lineNumber, fields: row.fields, names: columnNames))
        } catch {
            let text = (error as? BatchError)?.message ?? BatchError.describe(error)
            throw recordError(row, scanner, text, cause: error)
        }
        lastRecordLine = row.lineNumber
        readCount += 1
        return item
    }

    /// Saves `<name>.offset`, `<name>.line` and `<name>.read.count` into `context`.
    /// - Parameter context: The step's execution context.
    /// - Throws: ``BatchError/Code/streamFailed`` when the reader was never opened.
    public func update(_ context: inout ExecutionContext) throws(BatchError) {
        guard opened else {
            throw BatchError(.streamFailed, "reader '\(name)' for '\(path)' is not open: call open(_:) before update(_:)")
        }
        context["\(name).offset"] = .int(committedOffset)
        context["\(name).line"] = .int(committedLine)
        context["\(name).read.count"] = .int(readCount)
    }

    /// Closes the file; the saved position stays available to ``update(_:)``. Closing twice is harmless.
    /// - Throws: ``BatchError/Code/streamFailed`` when closing the descriptor fails.
    public func close() async throws(BatchError) {
        try closeFile()
    }

    /// The error `<path>:<line>: <reason>` for `row`, the record `scanner` returned last, with the
    /// likely cause when the record holds carriage returns that end no line.
    private func recordError(
        _ row: DelimitedScanner.Row, _ scanner: DelimitedScanner, _ reason: String, cause: (any Error)? = nil
    ) -> BatchError {
        var message = "\(path):\(row.lineNumber): \(reason)"
        if scanner.lastRecordHasBareCarriageReturn() { message += "; \(FlatFileDiagnostics.bareCarriageReturnAdvice)" }
        return BatchError(.readFailed, message, cause: cause)
    }

    /// Where reading stops: the end of the range (checked against the file's size), or the end of the file.
    private func rangeEnd() throws(BatchError) -> Int64 {
        guard let range else { return fileSize }
        guard range.start >= 0, range.start <= range.end, range.end <= fileSize, range.firstLine >= 1 else {
            throw BatchError(
                .readFailed,
                "reader '\(name)': the range \(range.start)..<\(range.end) (from line \(range.firstLine)) does not lie within '\(path)' (\(fileSize) bytes); was the file replaced?"
            )
        }
        return range.end
    }

    /// Closes the descriptor, if open.
    private func closeFile() throws(BatchError) {
        scanner = nil
        guard fd >= 0 else { return }
        let descriptor = fd
        fd = -1
        do {
            try FlatFileIO.close(descriptor)
        } catch {
            throw BatchError(.streamFailed, "cannot close '\(path)': \(error.text)", cause: error)
        }
    }

    /// The delimiter and quote as bytes, or an error when they are not distinct single ASCII characters.
    private func separatorBytes() throws(BatchError) -> (UInt8, UInt8) {
        func byte(_ character: Character) -> UInt8? {
            guard character.utf8.count == 1, let byte = character.utf8.first, byte < 0x80,
                byte != UInt8(ascii: "\n"), byte != UInt8(ascii: "\r")
            else { return nil }
            return byte
        }
        guard let delimiterByte = byte(delimiter), let quoteByte = byte(quote), delimiterByte != quoteByte else {
            throw BatchError(
                .invalidDeclaration,
                "reader '\(name)': the delimiter (\(delimiter.debugDescription)) and quote (\(quote.debugDescription)) must be two different ASCII characters other than CR and LF"
            )
        }
        return (delimiterByte, quoteByte)
    }
}

extension DelimitedFileReader: ItemLocating {
    /// The file's path, as given.
    public var inputName: String { path }
    /// The line on which the record last returned by ``read()`` begins.
    public var lastItemLine: Int? { lastRecordLine }
}
