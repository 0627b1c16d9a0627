/// A sized reader's progress as the engine records it in the step's execution context at every
/// chunk commit, for tools that watch a step from outside (the server's step progress).
///
/// Two keys, both integers in the reader's unit (bytes for flat files, items for lists):
/// - `batch.progress.position`: how far the reader got by the end of the committed chunk;
/// - `batch.progress.total`: the size of its input.
///
/// The position only grows during a run (and continues after a restart, since the reader resumes
/// where the last commit left it); it equals the total once the input is exhausted.
///
/// ```swift
/// if let progress = ProgressEstimate(step.executionContext) {
///     print("\(Int(progress.fraction * 100))% read")
/// }
/// ```
extension ProgressEstimate {
    /// `batch.progress.position`: the reader's position after the last committed chunk.
    public static let positionKey = "batch.progress.position"
    /// `batch.progress.total`: the size of the reader's input, in the position's unit.
    public static let totalKey = "batch.progress.total"

    /// The estimate recorded in a step's execution context, or nil when it holds none (a step
    /// whose reader does not know its size, or one that has not committed a chunk yet).
    public init?(_ context: ExecutionContext) {
        guard let done = context.int(Self.positionKey), let total = context.int(Self.totalKey), total >= 0, done >= 0 else {
            return nil
        }
        self.init(done: done, total: total)
    }

    /// Records the estimate in `context` under ``positionKey`` and ``totalKey``.
    public func save(into context: inout ExecutionContext) {
        context[Self.positionKey] = .int(done)
        context[Self.totalKey] = .int(total)
    }
}
