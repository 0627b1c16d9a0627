/// Splits a step's input into partitions, each described by an execution context that its
/// worker's reader reads (``StepContext/stepContext``): Spring Batch's `Partitioner`.
///
/// Keys name the partitions; the built-in partitioners name them `partition0`,
/// `partition1`, … so that the workers' step executions are named as Spring names them,
/// `load:partition0`.
public protocol Partitioner: Sendable {
    /// The partitions, by key, for about `gridSize` workers.
    func partition(gridSize: Int, context: StepContext) async throws -> [String: ExecutionContext]
}

extension Partitioner {
    /// `partition0`, `partition1`, …: the key of partition `index`.
    public static func key(_ index: Int) -> String { "partition\(index)" }
}

/// Splits a range of keys (ids, say) into `gridSize` contiguous ranges of about equal width:
/// partition *i* gets `<prefix>.min` and `<prefix>.max` (inclusive).
public struct KeyRangePartitioner: Partitioner {
    /// The range to split, from the step's context.
    let range: @Sendable (StepContext) async throws -> ClosedRange<Int64>
    let prefix: String

    /// A partitioner of the range `range` returns; keys `<prefix>.min` and `<prefix>.max`.
    public init(prefix: String = "key", range: @escaping @Sendable (StepContext) async throws -> ClosedRange<Int64>) {
        self.range = range
        self.prefix = prefix
    }

    /// Up to `gridSize` ranges covering the whole range once.
    public func partition(gridSize: Int, context: StepContext) async throws -> [String: ExecutionContext] {
        var partitions: [String: ExecutionContext] = [:]
        for (index, range) in Self.ranges(of: try await range(context), parts: gridSize).enumerated() {
            var partition = ExecutionContext()
            partition["\(prefix).min"] = .int(range.lowerBound)
            partition["\(prefix).max"] = .int(range.upperBound)
            partitions[Self.key(index)] = partition
        }
        return partitions
    }

    /// `whole` cut into up to `parts` contiguous ranges whose widths differ by one at most,
    /// wider ones first; never an empty range.
    static func ranges(of whole: ClosedRange<Int64>, parts: Int) -> [ClosedRange<Int64>] {
        let count = UInt64(bitPattern: whole.upperBound &- whole.lowerBound) &+ 1
        let parts = UInt64(max(1, parts))
        let used = count == 0 ? parts : min(parts, count)  // count 0: the whole Int64 range
        var ranges: [ClosedRange<Int64>] = []
        var start = whole.lowerBound
        for index in 0..<used {
            let width = count / used + (index < count % used ? 1 : 0)
            let end = start &+ Int64(bitPattern: width &- 1)
            ranges.append(start...end)
            start = end &+ 1
        }
        return ranges
    }
}

/// One partition per file: partition *i* gets `file` (the path), the files sorted by name.
public struct FilePartitioner: Partitioner {
    let files: @Sendable (StepContext) async throws -> [String]

    /// A partitioner of the files `files` returns (a list, or a glob's matches).
    public init(files: @escaping @Sendable (StepContext) async throws -> [String]) {
        self.files = files
    }

    /// One partition per file, whatever `gridSize` is.
    public func partition(gridSize: Int, context: StepContext) async throws -> [String: ExecutionContext] {
        let paths = try await files(context).sorted()
        guard !paths.isEmpty else { throw BatchError(.invalidParameters, "the file partitioner found no file to partition") }
        var partitions: [String: ExecutionContext] = [:]
        for (index, path) in paths.enumerated() {
            var partition = ExecutionContext()
            partition["file"] = .string(path)
            partitions[Self.key(index)] = partition
        }
        return partitions
    }
}
