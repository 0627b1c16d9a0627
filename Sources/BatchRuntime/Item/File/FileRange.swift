/// A run of whole records of a file: the byte offsets where it starts and ends, and the line
/// number at its start, so that a reader seeks straight to it and still names lines as the
/// whole file numbers them. ``LineRangePartitioner`` puts one in each partition's context and
/// ``DelimitedFileReader`` reads exactly its records.
///
/// ```swift
/// DelimitedFileReader(name: "rows", path: context.stepContext.string("file") ?? "", range: FileRange(partition: context.stepContext))
/// ```
public struct FileRange: Sendable, Hashable {
    /// The offset of the range's first byte: where a record begins.
    public var start: Int64
    /// The offset just after the range's last byte: where the next record begins, or the file's size.
    public var end: Int64
    /// The 1-based number of the physical line that begins at ``start``.
    public var firstLine: Int

    /// Creates a range.
    /// - Parameters:
    ///   - start: The offset of the first byte, at the start of a record.
    ///   - end: The offset just after the last byte, at the start of a record or the end of the file.
    ///   - firstLine: The number of the line that begins at `start`, counting from 1 at the top of the file.
    public init(start: Int64, end: Int64, firstLine: Int) {
        self.start = start
        self.end = end
        self.firstLine = firstLine
    }

    /// The range a ``LineRangePartitioner`` saved in a partition's context (`byte.start`,
    /// `byte.end` and `line.first`), or nil when the context holds none.
    /// - Parameter context: A partition's context (``StepContext/stepContext`` in a worker step).
    public init?(partition context: ExecutionContext) {
        guard let start = context.int(LineRangePartitioner.byteStartKey), let end = context.int(LineRangePartitioner.byteEndKey),
            let line = context.int(LineRangePartitioner.firstLineKey)
        else { return nil }
        self.init(start: start, end: end, firstLine: Int(line))
    }
}
