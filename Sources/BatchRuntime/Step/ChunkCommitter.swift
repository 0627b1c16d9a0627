import Database

/// Writes one chunk and commits it with the step's checkpoint, in a child task of the chunk
/// loop while the loop reads the next chunk.
///
/// `@unchecked Sendable` because the writer is step-scoped and not `Sendable`: the chunk loop
/// hands it to exactly one commit at a time (it awaits each commit before starting the next)
/// and never touches it itself, so the writer is never used by two tasks at once.
final class ChunkCommitter<Writer: ItemWriter>: @unchecked Sendable {
    /// One chunk to commit. `@unchecked Sendable` for the same reason: the items are moved to
    /// the commit and the loop keeps no reference to them.
    struct Work: @unchecked Sendable {
        /// The step row as it should be after this chunk (counters and reader checkpoint).
        var step: StepExecution
        /// The processed items.
        var items: [Writer.Item]
        /// Where they were read, when the reader knows (``ItemLocating``).
        var source: Source?
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

    init<Input>(
        writer: Writer, writeSide: (any ItemStream)?, repository: JobRepository, metrics: StepMetrics,
        listeners: [any ItemListener<Input, Writer.Item>]
    ) {
        self.writer = writer
        self.writeSide = writeSide
        self.repository = repository
        self.metrics = metrics
        self.anyListeners = listeners.map { WriteSideOf($0) }
    }

    /// The commit of `work` as a task body.
    func operation(_ work: Work) -> @Sendable () async throws -> StepExecution {
        { try await self.commit(work) }
    }

    /// Writes the chunk and commits it: the writer's rows (when it uses the repository's
    /// database), its position, the reader's checkpoint and the step row, all or nothing.
    /// - Returns: The committed step row (version and commit count advanced).
    func commit(_ work: Work) async throws -> StepExecution {
        let chunk = Chunk(work.items)
        let started = metrics.start()
        do {
            let committed = try await ChunkTransaction.commit(work.step, repository: repository) { _ in
                do {
                    try await writer.write(chunk)
                } catch {
                    for listener in anyListeners { await listener.onWriteError(chunk, error: error) }
                    throw Self.locate(BatchError.wrapping(error, .writeFailed, "writing a chunk of \(chunk.count) items failed"), work)
                }
                for listener in anyListeners { await listener.afterWrite(chunk) }
            } checkpoint: { step in
                if let writeSide { try writeSide.update(&step.executionContext) }
            }
            metrics.recordWrite(since: started, success: true)
            return committed
        } catch {
            metrics.recordWrite(since: started, success: false)
            throw error
        }
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
