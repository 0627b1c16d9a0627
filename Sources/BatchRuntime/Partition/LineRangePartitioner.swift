/// Splits one file into `gridSize` contiguous ranges of about as many lines each, so that
/// several workers load one large file at once, each seeking straight to its range.
///
/// Partition *i* holds the file's path (`file`), its lines (`line.first`, `line.last`: 1-based
/// numbers of the file's physical lines, the header lines counted but in no partition) and their
/// bytes (`byte.start`, `byte.end`: the offset of the range's first byte and the offset just
/// after its last). ``FileRange/init(partition:)`` reads the three a reader needs, and
/// ``DelimitedFileReader`` given that range reads exactly the partition's records, numbering
/// lines as the whole file does.
///
/// Ranges follow records, not physical lines: a cut falls only where a line ends outside a
/// quoted field, so a record whose quoted field holds line breaks stays whole in one partition
/// (its lines counting as one line of the split). With `quote: nil` every line end is a cut
/// point (for files without quoting). Empty lines are lines like any other; the readers skip them.
/// Finding the cut points reads the file once in large blocks (plus, for each cut, at most a
/// few thousandth of the file again), without building lines.
///
/// ```swift
/// PartitionStep(
///     "load", partitioner: LineRangePartitioner(linesToSkip: 1) { context in try context.parameters.string("input.file") },
///     gridSize: 4,
///     worker: ChunkStep("loadRange", reader: { context in
///         DelimitedFileReader(
///             name: "rows", path: context.stepContext.string(LineRangePartitioner.fileKey) ?? "",
///             range: FileRange(partition: context.stepContext)) { try Row($0) }
///     }, writer: ...))
/// ```
public struct LineRangePartitioner: Partitioner {
    /// The partition key of the file's path.
    public static let fileKey = "file"
    /// The partition key of the number of the range's first line.
    public static let firstLineKey = "line.first"
    /// The partition key of the number of the range's last line.
    public static let lastLineKey = "line.last"
    /// The partition key of the offset of the range's first byte.
    public static let byteStartKey = "byte.start"
    /// The partition key of the offset just after the range's last byte.
    public static let byteEndKey = "byte.end"

    /// One partition's lines and bytes.
    struct Part: Hashable {
        var firstLine: Int
        var lastLine: Int
        var start: Int64
        var end: Int64
    }

    let file: @Sendable (StepContext) async throws -> String
    let linesToSkip: Int
    let delimiter: Character
    let quote: Character?
    /// Bytes per read; tests shrink it to put lines across reads.
    var bufferSize = 1 << 20
    /// Line starts kept from the first pass; tests shrink it to make cuts rescan.
    var checkpointLimit = 4096

    /// A partitioner of the file `file` returns.
    /// - Parameters:
    ///   - linesToSkip: Lines at the top of the file in no partition (1 for a header line).
    ///   - delimiter: The field separator, a single ASCII character.
    ///   - quote: The quote character, a single ASCII character; nil cuts at every line end.
    ///   - file: The file's path, from the step's context (a job parameter, say).
    public init(
        linesToSkip: Int = 0, delimiter: Character = ",", quote: Character? = "\"",
        file: @escaping @Sendable (StepContext) async throws -> String
    ) {
        self.file = file
        self.linesToSkip = max(0, linesToSkip)
        self.delimiter = delimiter
        self.quote = quote
    }

    /// Up to `gridSize` ranges that cover every line after the skipped ones once, in file order
    /// (`partition0` first); fewer when the file has fewer lines.
    /// - Throws: ``BatchError/Code/readFailed`` when the file cannot be read;
    ///   ``BatchError/Code/invalidParameters`` when it has no line to partition (empty, or only
    ///   the skipped lines); ``BatchError/Code/invalidDeclaration`` for an unusable delimiter or quote.
    public func partition(gridSize: Int, context: StepContext) async throws -> [String: ExecutionContext] {
        let path = try await file(context)
        var partitions: [String: ExecutionContext] = [:]
        for (index, part) in try parts(of: path, count: gridSize).enumerated() {
            var partition = ExecutionContext()
            partition[Self.fileKey] = .string(path)
            partition[Self.firstLineKey] = .int(Int64(part.firstLine))
            partition[Self.lastLineKey] = .int(Int64(part.lastLine))
            partition[Self.byteStartKey] = .int(part.start)
            partition[Self.byteEndKey] = .int(part.end)
            partitions[Self.key(index)] = partition
        }
        return partitions
    }

    /// The file's lines after the skipped ones in up to `count` ranges whose line counts differ by
    /// one at most (longer ones first).
    func parts(of path: String, count: Int) throws(BatchError) -> [Part] {
        let (delimiterByte, quoteByte) = try separatorBytes()
        let scanner = try RecordLineScanner(path: path, delimiter: delimiterByte, quote: quoteByte, capacity: bufferSize)
        guard scanner.size > 0 else {
            throw BatchError(.invalidParameters, "cannot partition '\(path)': the file is empty")
        }
        let index = try LineStartIndex(scanner: scanner, limit: checkpointLimit)
        let lines = index.lineCount - linesToSkip
        guard lines > 0 else {
            throw BatchError(
                .invalidParameters,
                "cannot partition '\(path)': it has \(index.lineCount) line(s), all of them among the \(linesToSkip) to skip")
        }
        let widths = KeyRangePartitioner.ranges(of: 0...Int64(lines - 1), parts: count).map { Int($0.count) }
        var starts: [RecordLineScanner.Position] = []
        var next = linesToSkip
        for width in widths {
            starts.append(try index.start(ofLine: next))
            next += width
        }
        return starts.indices.map { part in
            let start = starts[part]
            let following = part + 1 < starts.count ? starts[part + 1] : nil
            return Part(
                firstLine: start.line, lastLine: following.map { $0.line - 1 } ?? index.lastLine,
                start: start.offset, end: following?.offset ?? scanner.size)
        }
    }

    /// The delimiter and quote as bytes, or an error when they are not distinct single ASCII characters.
    private func separatorBytes() throws(BatchError) -> (UInt8, UInt8?) {
        func byte(_ character: Character) -> UInt8? {
            guard character.utf8.count == 1, let byte = character.utf8.first, byte < 0x80,
                byte != UInt8(ascii: "\n"), byte != UInt8(ascii: "\r")
            else { return nil }
            return byte
        }
        let quoteByte = quote.flatMap(byte)
        guard let delimiterByte = byte(delimiter), quote == nil || (quoteByte != nil && quoteByte != delimiterByte) else {
            throw BatchError(
                .invalidDeclaration,
                "line range partitioner: the delimiter (\(delimiter.debugDescription)) and quote (\(quote.debugDescription)) must be two different ASCII characters other than CR and LF"
            )
        }
        return (delimiterByte, quoteByte)
    }
}
