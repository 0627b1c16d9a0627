/// Optional hooks for readers and writers that save and restore their position.
///
/// The engine calls ``open(_:)`` once with the step's execution context (empty on a first
/// run, the last committed state on a restart), ``update(_:)`` inside every chunk transaction
/// so the position commits together with the chunk, and ``close()`` when the step ends,
/// whatever its outcome. All three have no-op defaults.
public protocol ItemStream {
    /// Restores the position saved in `context` (or starts from the beginning when it holds none).
    func open(_ context: ExecutionContext) async throws
    /// Saves the current position into `context`.
    func update(_ context: inout ExecutionContext) throws
    /// Releases files, connections and other resources.
    func close() async throws
}

extension ItemStream {
    /// Does nothing.
    public func open(_ context: ExecutionContext) async throws {}
    /// Does nothing.
    public func update(_ context: inout ExecutionContext) throws {}
    /// Does nothing.
    public func close() async throws {}
}

/// Optional: a reader that knows how many items it will read in total, for the progress line's ETA.
public protocol SizedItemReader {
    /// The number of items or, for files, the input size in bytes together with the bytes consumed so far.
    var progressEstimate: ProgressEstimate? { get }
}

/// How far a reader got, as a fraction of its input.
public struct ProgressEstimate: Sendable, Hashable {
    /// Work done, in the reader's unit (items or bytes).
    public var done: Int64
    /// Total work, in the same unit.
    public var total: Int64

    /// Creates an estimate.
    public init(done: Int64, total: Int64) {
        self.done = done
        self.total = total
    }

    /// `done / total`, between 0 and 1.
    public var fraction: Double { total > 0 ? min(1, Double(done) / Double(total)) : 0 }
}
