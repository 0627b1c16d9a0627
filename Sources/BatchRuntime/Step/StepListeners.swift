/// Hooks around a step execution; both have no-op defaults.
public protocol StepExecutionListener: Sendable {
    /// Called after the step execution was created, before its reader opens.
    func beforeStep(_ execution: StepExecution) async throws
    /// Called when the step ended, before its final row is saved; a returned exit status is
    /// combined with the step's (``ExitStatus/and(_:)``).
    func afterStep(_ execution: StepExecution) async -> ExitStatus?
}

extension StepExecutionListener {
    /// Does nothing.
    public func beforeStep(_ execution: StepExecution) async throws {}
    /// Returns nil.
    public func afterStep(_ execution: StepExecution) async -> ExitStatus? { nil }
}

/// Hooks around each chunk; all have no-op defaults.
///
/// The engine reads the next chunk while the previous one is written and committed, so
/// `beforeChunk` may run before the previous chunk's `afterChunk`; the execution passed to
/// each hook is the step row as last committed.
public protocol ChunkListener: Sendable {
    /// Called before a chunk is read.
    func beforeChunk(_ execution: StepExecution) async
    /// Called after a chunk committed, with the counters including it.
    func afterChunk(_ execution: StepExecution) async
    /// Called after a chunk rolled back, with the error.
    func afterChunkError(_ execution: StepExecution, error: any Error) async
}

extension ChunkListener {
    /// Does nothing.
    public func beforeChunk(_ execution: StepExecution) async {}
    /// Does nothing.
    public func afterChunk(_ execution: StepExecution) async {}
    /// Does nothing.
    public func afterChunkError(_ execution: StepExecution, error: any Error) async {}
}

/// Hooks around each item; all have no-op defaults. The types are those of the step's
/// reader (`Input`) and writer (`Output`).
public protocol ItemListener<Input, Output>: Sendable {
    /// The read item's type.
    associatedtype Input
    /// The written item's type.
    associatedtype Output
    /// Called after an item was read.
    func afterRead(_ item: Input) async
    /// Called when reading failed.
    func onReadError(_ error: any Error) async
    /// Called after an item was processed (`result` nil when filtered).
    func afterProcess(_ item: Input, result: Output?) async
    /// Called when processing failed.
    func onProcessError(_ item: Input, error: any Error) async
    /// Called after a chunk was written (before commit).
    func afterWrite(_ items: Chunk<Output>) async
    /// Called when writing failed.
    func onWriteError(_ items: Chunk<Output>, error: any Error) async
}

extension ItemListener {
    /// Does nothing.
    public func afterRead(_ item: Input) async {}
    /// Does nothing.
    public func onReadError(_ error: any Error) async {}
    /// Does nothing.
    public func afterProcess(_ item: Input, result: Output?) async {}
    /// Does nothing.
    public func onProcessError(_ item: Input, error: any Error) async {}
    /// Does nothing.
    public func afterWrite(_ items: Chunk<Output>) async {}
    /// Does nothing.
    public func onWriteError(_ items: Chunk<Output>, error: any Error) async {}
}
