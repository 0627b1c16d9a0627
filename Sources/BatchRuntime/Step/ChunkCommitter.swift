import Database

/// Writes one chunk and commits it with the step's checkpoint, in a child task of the chunk
/// loop while the loop reads the next chunk.
///
/// `@unchecked Sendable` because the writer is step-scoped and not `Sendable`: the chunk loop
/// never touches it itself, and a commit writes only after the commit before it has finished
/// writing (it awaits that commit, or that commit's ``ChunkCommitOrder``), so the writer is
/// never used by two tasks at once.
final class ChunkCommitter<Writer: ItemWriter>: @unchecked Sendable {
    /// One chunk to commit. `@unchecked Sendable` for the same reason: the items are moved to
    /// the commit and the loop keeps no reference to them.
    struct Work: @unchecked Sendable {
        /// The step row before this chunk, as the loop knew it when the chunk was read.
        var base: StepExecution
        /// What this chunk adds to the step's counters.
        var delta: StepCounts
        /// The reader's checkpoint after this chunk.
        var checkpoint: ExecutionContext
        /// The processed items.
        var items: [Writer.Item]
        /// Where they were read, when the reader knows (``ItemLocating``).
        var source: Source?
        /// The items the chunk skipped while reading and processing, for the reject file.
        var rejects: [RejectRecord] = []
    }

    /// The input and the line each item of a chunk was read from.
    struct Source {
        var input: String
        var lines: [Int]
    }

    private let writer: Writer
    private let writeSide: (any ItemStream)?
    private let repository: JobRepository
    private let metrics: StepMetrics
    private let anyListeners: [any ItemListenerWriteSide<Writer.Item>]
    let faultTolerance: FaultTolerance?
    private let rejects: FlatFileWriter<RejectRecord>?

    init<Input>(
        writer: Writer, writeSide: (any ItemStream)?, repository: JobRepository, metrics: StepMetrics,
        listeners: [any ItemListener<Input, Writer.Item>], faultTolerance: FaultTolerance? = nil,
        rejects: FlatFileWriter<RejectRecord>? = nil
    ) {
        self.rejects = rejects
        self.writer = writer
        self.writeSide = writeSide
        self.repository = repository
        self.metrics = metrics
        self.anyListeners = listeners.map { WriteSideOf($0) }
        self.faultTolerance = faultTolerance
    }

    /// A chunk's commit as the loop receives it: the chunk's number and the committed step row or the error.
    typealias Outcome = (chunk: Int, result: Result<StepExecution, any Error>)

    /// The commit of chunk number `chunk` as a task body, which never throws: its outcome is the
    /// result. With `previous` (the order of a chunk still committing), it follows that chunk
    /// as ``ChunkCommitOrder`` says, and records its own progress in `order` for the next;
    /// fault-tolerant commits never overlap.
    func operation(_ work: Work, chunk: Int, after previous: ChunkCommitOrder?, order: ChunkCommitOrder?)
        -> @Sendable () async -> Outcome
    {
        {
            let result: Result<StepExecution, any Error>
            do {
                result = .success(try await self.commit(work, after: previous, order: order))
            } catch {
                result = .failure(error)
            }
            order?.finishCommit(result)
            return (chunk, result)
        }
    }

    /// Writes the chunk and commits it: the writer's rows (when it uses the repository's
    /// database), its position, the reader's checkpoint and the step row, all or nothing.
    /// - Returns: The committed step row (version and commit count advanced).
    func commit(_ work: Work, after previous: ChunkCommitOrder? = nil, order: ChunkCommitOrder? = nil) async throws
        -> StepExecution
    {
        let started = metrics.start()
        do {
            let committed: StepExecution
            if let faultTolerance {
                committed = try await commitTolerating(work, faultTolerance)
            } else {
                committed = try await commitChunk(work, rollbacks: 0, after: previous, order: order)
            }
            metrics.recordWrite(since: started, success: true)
            return committed
        } catch let failed as WriteFailure {
            metrics.recordWrite(since: started, success: false)
            throw failed.error
        } catch {
            metrics.recordWrite(since: started, success: false)
            throw error
        }
    }

    /// The chunk written whole and committed, `rollbacks` earlier failed attempts counted;
    /// after `previous` has written and before its own step row is saved, after `previous` has committed.
    private func commitChunk(
        _ work: Work, rollbacks: Int64, after previous: ChunkCommitOrder? = nil, order: ChunkCommitOrder? = nil
    ) async throws -> StepExecution {
        // Before taking a connection: a commit never holds one while the chunk before still waits for one.
        if let previous, await !previous.wasWritten {
            throw BatchError(.writeFailed, "the chunk was not written: the chunk before it failed")
        }
        let chunk = Chunk(work.items)
        return try await ChunkTransaction.commit(following: {
            guard let previous else { return work.step }
            return work.step(after: try await previous.committedStep())
        }, repository: repository) { _ in
            do {
                try await write(chunk, work)
            } catch {
                order?.finishWrite(success: false)
                throw error
            }
            order?.finishWrite(success: true)
        } checkpoint: { step in
            step.counts.rollback += rollbacks
            if let writeSide { try writeSide.update(&step.executionContext) }
            try saveRejects(work.rejects, into: &step)
        }
    }

    /// The writer's call, its listeners told; a failure says where its item was read.
    private func write(_ chunk: Chunk<Writer.Item>, _ work: Work) async throws {
        do {
            try await writer.write(chunk)
        } catch {
            for listener in anyListeners { await listener.onWriteError(chunk, error: error) }
            throw WriteFailure(error: Self.locate(BatchError.wrapping(error, .writeFailed, "writing a chunk of \(chunk.count) items failed"), work))
        }
        for listener in anyListeners { await listener.afterWrite(chunk) }
    }

    /// A write's failure, told apart from the repository's own (which no policy skips).
    private struct WriteFailure: Error {
        var error: BatchError
    }

    /// The chunk under a fault tolerance: written whole, again in a new transaction after
    /// each retryable failure; when the last attempt fails with a skippable error, scanned.
    private func commitTolerating(_ work: Work, _ tolerance: FaultTolerance) async throws -> StepExecution {
        var rollbacks: Int64 = 0
        let failure: BatchError
        do {
            return try await Retrier(policy: tolerance.retry, listeners: tolerance.retryListeners).run {
                do {
                    return try await commitChunk(work, rollbacks: rollbacks)
                } catch let failed as WriteFailure {
                    throw failed.error
                } catch {
                    throw RepositoryFailure(error: error)
                }
            } final: { error in
                error is RepositoryFailure
            } failed: { error in
                if !(error is RepositoryFailure) { rollbacks += 1 }
            }
        } catch let error as RepositoryFailure {
            throw error.error
        } catch let error as BatchError {
            failure = error
        }
        // Spring's `shouldSkip(policy, error, -1)`: whether the error is of a skippable kind at all.
        guard try tolerance.skipPolicy.shouldSkip(failure, skipped: -1) else { throw failure }
        return try await scan(work, tolerance, rollbacks: rollbacks)
    }

    /// A repository failure inside the retried operation: never retried, never skipped.
    private struct RepositoryFailure: Error {
        var error: any Error
    }

    /// The chunk scanned: each item written alone under a savepoint of one chunk transaction,
    /// so an item that fails rolls back alone and is skipped, and the chunk's good items, its
    /// counters and its checkpoint still commit together (a crash mid-scan loses nothing and
    /// writes nothing twice). Counts a rollback per skipped item and one commit for the chunk.
    private func scan(_ work: Work, _ tolerance: FaultTolerance, rollbacks: Int64) async throws -> StepExecution {
        var skipped: [(item: Writer.Item, error: any Error)] = []
        let committed = try await ChunkTransaction.commit(work.step, repository: repository) { connection in
            for (index, item) in work.items.enumerated() {
                do {
                    try await connection.transaction { _ in try await write(Chunk([item]), Self.single(work, index)) }
                } catch let failed as WriteFailure {
                    guard try tolerance.skipPolicy.shouldSkip(failed.error, skipped: work.step.counts.skips + Int64(skipped.count)) else {
                        throw failed.error
                    }
                    skipped.append((item, failed.error))
                }
            }
        } checkpoint: { step in
            let count = Int64(skipped.count)
            step.counts.write -= count
            step.counts.writeSkip += count
            step.counts.rollback += rollbacks + count
            if let writeSide { try writeSide.update(&step.executionContext) }
            try saveRejects(
                work.rejects + skipped.map { RejectRecord(phase: .write, reason: BatchError.describe($0.error), item: String(describing: $0.item)) },
                into: &step)
        }
        for (item, error) in skipped {
            for listener in tolerance.skipListeners { await listener.onSkipInWrite(item, error: error) }
        }
        return committed
    }

    /// Appends `records` to the reject file and saves its length with the chunk (inside the
    /// chunk's transaction, before it commits).
    private func saveRejects(_ records: [RejectRecord], into step: inout StepExecution) throws {
        // A chunk that skipped nothing leaves the file, and its committed length, as they were.
        guard let rejects, !records.isEmpty else { return }
        try rejects.write(Chunk(records))
        try rejects.update(&step.executionContext)
    }

    /// The work of one item of `work`, so that its failure names the item's input line.
    private static func single(_ work: Work, _ index: Int) -> Work {
        Work(
            base: work.base, delta: work.delta, checkpoint: work.checkpoint, items: [work.items[index]],
            source: work.source.map { Source(input: $0.input, lines: index < $0.lines.count ? [$0.lines[index]] : []) }, rejects: [])
    }
}

extension ChunkCommitter.Work {
    /// The step row as it should be after this chunk (counters and reader checkpoint).
    var step: StepExecution { step(after: base) }

    /// The step row after this chunk when `previous` is the row after the chunk before it.
    func step(after previous: StepExecution) -> StepExecution {
        var next = previous
        next.counts.add(delta)
        // Every value of the checkpoint that differs; marks the context dirty only on a change.
        for (key, value) in checkpoint.values where next.executionContext[key] != value {
            next.executionContext[key] = value
        }
        return next
    }
}

extension ChunkCommitter {
    /// A write error that names its item, with the item's input line when the reader told it:
    /// `item 3 of 1000 in the chunk, read from tx.csv:4017, could not be written: ...`.
    static func locate(_ error: BatchError, _ work: Work) -> BatchError {
        guard let index = error.itemIndex, index < work.items.count else { return error }
        var located = error
        var place = "item \(index + 1) of \(work.items.count) in the chunk"
        if let source = work.source, index < source.lines.count, source.lines[index] > 0 {
            place += ", read from \(source.input):\(source.lines[index])"
        }
        located.message = "\(place), could not be written: \(error.message)"
        return located
    }
}

/// The write-side hooks of an item listener, with its input type erased.
protocol ItemListenerWriteSide<Output>: Sendable {
    associatedtype Output
    func afterWrite(_ items: Chunk<Output>) async
    func onWriteError(_ items: Chunk<Output>, error: any Error) async
}

struct WriteSideOf<Input, Output>: ItemListenerWriteSide {
    let listener: any ItemListener<Input, Output>

    init(_ listener: any ItemListener<Input, Output>) { self.listener = listener }

    func afterWrite(_ items: Chunk<Output>) async { await listener.afterWrite(items) }
    func onWriteError(_ items: Chunk<Output>, error: any Error) async { await listener.onWriteError(items, error: error) }
}
