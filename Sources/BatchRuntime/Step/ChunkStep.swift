import Database

/// A chunk-oriented step: read items, process each, write them a chunk at a time, with one
/// transaction per chunk that also saves the step's counters and the reader's and writer's
/// positions.
///
/// The reader's `Item` must be the processor's `Input`, and the processor's `Output` the
/// writer's `Item`; the compiler checks it. The factories run once per step execution, so
/// readers and writers can depend on job parameters.
///
/// ```swift
/// ChunkStep(
///     "importTransactions", commitInterval: .parameter("chunk.size", default: 1000),
///     reader: { context in try DelimitedFileReader(name: "transactions", path: context.parameters.string("input.file")) { try Transaction($0) } },
///     writer: { context in SQLBatchWriter<Transaction>(pool: context.database, sql: Transaction.insert) { $0.row } })
/// ```
public struct ChunkStep<Reader: ItemReader, Processor: ItemProcessor, Writer: ItemWriter>: Step
where Processor.Input == Reader.Item, Processor.Output == Writer.Item {
    /// The step's name.
    public let name: String
    /// Restart behaviour.
    public var options: StepOptions
    /// Items per chunk.
    public var commitInterval: CommitInterval
    let makeReader: @Sendable (StepContext) async throws -> Reader
    let makeProcessor: @Sendable (StepContext) async throws -> Processor
    let makeWriter: @Sendable (StepContext) async throws -> Writer
    var listeners: [any StepExecutionListener] = []
    var chunkListeners: [any ChunkListener] = []
    var itemListeners: [any ItemListener<Reader.Item, Writer.Item>] = []
    /// Skip and retry for a step execution, from its context (job parameters); nil (the
    /// default) fails the step on the first error.
    var makeFaultTolerance: (@Sendable (StepContext) throws -> FaultTolerance?)?
    /// Processing of several items of a chunk at a time, from the step execution's processor.
    var makeConcurrentProcessing: (@Sendable (Processor) -> ConcurrentProcessing<Reader.Item, Writer.Item>)?

    /// A step with a reader, a processor and a writer.
    /// - Parameters:
    ///   - name: The step's name.
    ///   - commitInterval: Items per chunk (and per transaction).
    ///   - options: Start limit and restart behaviour.
    ///   - reader: Creates the reader for one step execution.
    ///   - processor: Creates the processor for one step execution.
    ///   - writer: Creates the writer for one step execution.
    public init(
        _ name: String, commitInterval: CommitInterval = 1000, options: StepOptions = StepOptions(),
        reader: @escaping @Sendable (StepContext) async throws -> Reader,
        processor: @escaping @Sendable (StepContext) async throws -> Processor,
        writer: @escaping @Sendable (StepContext) async throws -> Writer
    ) {
        self.name = name
        self.commitInterval = commitInterval
        self.options = options
        self.makeReader = reader
        self.makeProcessor = processor
        self.makeWriter = writer
    }

    /// Adds step listeners.
    public func listeners(_ listeners: any StepExecutionListener...) -> Self {
        var copy = self
        copy.listeners += listeners
        return copy
    }

    /// Adds chunk listeners.
    public func chunkListeners(_ listeners: any ChunkListener...) -> Self {
        var copy = self
        copy.chunkListeners += listeners
        return copy
    }

    /// The step, fault tolerant: failed items are skipped and retried as `tolerance` says
    /// (Spring's `.faultTolerant().skip(...).skipLimit(...).retry(...)`).
    ///
    /// ```swift
    /// ChunkStep("load", reader: ..., writer: ...)
    ///     .faultTolerant(.skipping(.codes(.readFailed) || .types(ConstraintViolation.self), limit: 100,
    ///                             retrying: .types(ConnectionReset.self), retryLimit: 3))
    /// ```
    public func faultTolerant(_ tolerance: FaultTolerance) -> Self {
        faultTolerant { _ in tolerance }
    }

    /// The step, fault tolerant as each execution's context says: Spring's step-scoped skip
    /// limit (`#{jobParameters['skip.limit']}`). Returning nil runs that execution without
    /// fault tolerance.
    ///
    /// ```swift
    /// .faultTolerant { context in
    ///     let limit = try context.parameters.long("skip.limit", default: 0)
    ///     return limit > 0 ? .skipping(.codes(.readFailed), limit: limit) : nil
    /// }
    /// ```
    public func faultTolerant(_ tolerance: @escaping @Sendable (StepContext) throws -> FaultTolerance?) -> Self {
        var copy = self
        copy.makeFaultTolerance = tolerance
        return copy
    }

    /// Adds item listeners.
    public func itemListeners(_ listeners: any ItemListener<Reader.Item, Writer.Item>...) -> Self {
        var copy = self
        copy.itemListeners += listeners
        return copy
    }

    /// Runs one execution of the step (called by the engine).
    public func execute(_ run: StepRun) async throws {
        let reader = try await makeReader(run.context)
        let processor = try await makeProcessor(run.context)
        let writer = try await makeWriter(run.context)
        let faultTolerance = try makeFaultTolerance?(run.context)
        let rejects = try faultTolerance?.rejectFile.map { path in
            FlatFileWriter<RejectRecord>(name: "rejects", path: try path(run.context)) { $0.jsonLine }
        }
        let engine = ChunkLoop(
            reader: reader, processor: processor, writer: writer, run: run,
            chunkSize: try commitInterval.resolve(run.context.parameters), itemListeners: itemListeners, faultTolerance: faultTolerance,
            rejects: rejects, concurrent: makeConcurrentProcessing?(processor))
        try await engine.execute()
    }
}

extension ChunkStep where Processor == PassThroughProcessor<Reader.Item> {
    /// A step without a processor: the writer takes the reader's items.
    public init(
        _ name: String, commitInterval: CommitInterval = 1000, options: StepOptions = StepOptions(),
        reader: @escaping @Sendable (StepContext) async throws -> Reader,
        writer: @escaping @Sendable (StepContext) async throws -> Writer
    ) {
        self.init(
            name, commitInterval: commitInterval, options: options, reader: reader,
            processor: { _ in PassThroughProcessor() }, writer: writer)
    }
}

extension ChunkStep {
    /// A step whose processor is a closure: return the item to write, or nil to filter it.
    public init(
        _ name: String, commitInterval: CommitInterval = 1000, options: StepOptions = StepOptions(),
        reader: @escaping @Sendable (StepContext) async throws -> Reader,
        process: @escaping @Sendable (Reader.Item) async throws -> Writer.Item?,
        writer: @escaping @Sendable (StepContext) async throws -> Writer
    ) where Processor == ClosureProcessor<Reader.Item, Writer.Item> {
        self.init(
            name, commitInterval: commitInterval, options: options, reader: reader,
            processor: { _ in ClosureProcessor(process) }, writer: writer)
    }
}

extension ChunkStep where Reader.Item: Sendable, Writer.Item: Sendable, Processor == ClosureProcessor<Reader.Item, Writer.Item> {
    /// A step whose processor calls slow services: up to `concurrency` items of each chunk are
    /// processed at the same time, and written in the order they were read.
    ///
    /// The chunk is read, then processed, then written and committed with its checkpoint as
    /// one transaction, so restarts and exactly-once writes are those of any chunk step. With
    /// fault tolerance, each item is retried on its own and failures are skipped in read order.
    /// - Parameters:
    ///   - concurrency: Items in flight at most (1 processes one at a time).
    ///   - process: Returns the item to write, or nil to filter it; called from several tasks.
    public init(
        _ name: String, commitInterval: CommitInterval = 1000, options: StepOptions = StepOptions(),
        reader: @escaping @Sendable (StepContext) async throws -> Reader,
        concurrency: Int,
        process: @escaping @Sendable (Reader.Item) async throws -> Writer.Item?,
        writer: @escaping @Sendable (StepContext) async throws -> Writer
    ) {
        self.init(
            name, commitInterval: commitInterval, options: options, reader: reader,
            processor: { _ in ClosureProcessor(process) }, writer: writer)
        if concurrency > 1 { makeConcurrentProcessing = { _ in ConcurrentProcessing(limit: concurrency, process) } }
    }
}

extension ChunkStep where Processor: Sendable, Reader.Item: Sendable, Writer.Item: Sendable {
    /// The step, processing up to `limit` items of each chunk at the same time with its
    /// (`Sendable`) processor; items are written in the order they were read.
    public func processingConcurrently(limit: Int) -> Self {
        var copy = self
        guard limit > 1 else {
            copy.makeConcurrentProcessing = nil
            return copy
        }
        copy.makeConcurrentProcessing = { (processor: Processor) -> ConcurrentProcessing<Reader.Item, Writer.Item> in
            ConcurrentProcessing<Reader.Item, Writer.Item>(limit: limit) { (item: Reader.Item) async throws -> Writer.Item? in
                try await processor.process(item)
            }
        }
        return copy
    }
}
