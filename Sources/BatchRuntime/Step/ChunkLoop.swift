import Database
import Foundation

/// The loop of one chunk-oriented step execution, specialised for its reader, processor and
/// writer types so the per-item path has no dynamic dispatch.
///
/// Reading and writing overlap: while chunk *n* is written and committed (its rows, its
/// checkpoint and the step row, in one transaction), chunk *n + 1* is already read and
/// processed. The checkpoint of chunk *n* is the reader's position captured right after
/// chunk *n* was read, so a restart still resumes exactly after the last committed chunk;
/// items read ahead are simply read again. Commits stay strictly in order: chunk *n + 1*'s
/// commit starts only after chunk *n*'s has finished, except where commits overlap: on
/// PostgreSQL, for a writer that writes in the chunk transaction and a step without fault
/// tolerance, chunk *n + 1* is written on a second connection while chunk *n* commits, and
/// its own checkpoint and commit still follow chunk *n*'s (``ChunkCommitOrder``).
struct ChunkLoop<Reader: ItemReader, Processor: ItemProcessor, Writer: ItemWriter>
where Processor.Input == Reader.Item, Processor.Output == Writer.Item {
    let reader: Reader
    let processor: Processor
    let writer: Writer
    let run: StepRun
    let chunkSize: Int
    let itemListeners: [any ItemListener<Reader.Item, Writer.Item>]
    /// Skip and retry, for a fault-tolerant step; nil fails the step on the first error.
    var faultTolerance: FaultTolerance? = nil
    /// The reject file of a fault-tolerant step that keeps one.
    var rejects: FlatFileWriter<RejectRecord>? = nil
    /// Processing of several items of a chunk at a time, for a step declared so.
    var concurrent: ConcurrentProcessing<Reader.Item, Writer.Item>? = nil

    func execute() async throws {
        let readSide = [reader as? any ItemStream, processor as? any ItemStream].compactMap { $0 }
        let writeSide = writer as? any ItemStream
        let streams = readSide + (writeSide.map { [$0] } ?? []) + (rejects.map { [$0] } ?? [])
        for stream in streams {
            do {
                try await stream.open(run.execution.executionContext)
            } catch {
                await closeAll(streams)
                throw Self.streamError("open", stream, error)
            }
        }
        do {
            try await loop(readSide: readSide, writeSide: writeSide)
        } catch {
            await closeAll(streams)
            throw error
        }
        await closeAll(streams)
    }

    private func loop(readSide: [any ItemStream], writeSide: (any ItemStream)?) async throws {
        let metrics = StepMetrics(jobName: run.context.jobName, stepName: run.context.stepName)
        let committer = ChunkCommitter(
            writer: writer, writeSide: writeSide, repository: run.repository, metrics: metrics, listeners: itemListeners,
            faultTolerance: faultTolerance, rejects: rejects)
        let sized = reader as? any SizedItemReader
        // Where each written item was read, so a write that fails on one item can name its line.
        let locator = reader as? any ItemLocating
        let listening = !itemListeners.isEmpty
        var checkpoint = run.execution.executionContext
        var exhausted = false
        // Read items waiting to be processed together (concurrent processing only), with their lines.
        var pending: [Reader.Item] = []
        var pendingLines: [Int] = []
        let overlapping = overlapsCommits
        try await withThrowingTaskGroup(of: ChunkCommitter<Writer>.Outcome.self) { commits in
            // The chunks being committed, oldest first: one, or two while commits overlap (with
            // the order the next chunk follows); outcomes that came in before an older chunk's.
            var inFlight: [(number: Int, order: ChunkCommitOrder?)] = []
            var early: [Int: Result<StepExecution, any Error>] = [:]
            var launched = 0
            // Read and process skips of the chunk in flight: counted against the skip limit
            // before its row, which carries them, is committed.
            var inFlightSkips: Int64 = 0
            /// Waits for the chunks in flight, oldest first, and takes their committed step rows.
            func settle(keeping newest: Int = 0) async throws {
                while inFlight.count > newest {
                    try await settleOldest(inFlight.removeFirst().number)
                }
                if inFlight.isEmpty { inFlightSkips = 0 }
            }
            func settleOldest(_ number: Int) async throws {
                var outcome = early.removeValue(forKey: number)
                while outcome == nil, let next = try await commits.next() {
                    if next.chunk == number { outcome = next.result } else { early[next.chunk] = next.result }
                }
                do {
                    guard let outcome else { throw CancellationError() }
                    run.execution = try outcome.get()
                } catch {
                    run.execution.counts.rollback += 1
                    for listener in run.chunkListeners { await listener.afterChunkError(run.execution, error: error) }
                    throw error
                }
                let committed = run.execution.counts
                run.control.updateProgress { progress in
                    progress.read = committed.read
                    progress.written = committed.write
                    progress.readHere = committed.read
                    progress.estimate = sized?.progressEstimate
                }
                for listener in run.chunkListeners { await listener.afterChunk(run.execution) }
            }

            while !exhausted {
                if try await run.shouldStop() {
                    try await settle()
                    run.execution.status = .stopped
                    run.execution.exitStatus = ExitStatus("STOPPED", description: run.control.stopReason ?? "stop requested")
                    return
                }
                if !run.chunkListeners.isEmpty {
                    for listener in run.chunkListeners { await listener.beforeChunk(run.execution) }
                }
                var items: [Writer.Item] = []
                items.reserveCapacity(chunkSize)
                var lines: [Int] = []
                if locator != nil { lines.reserveCapacity(chunkSize) }
                // What this chunk adds to the step's counters, and the items it skipped.
                var delta = StepCounts()
                var rejected: [RejectRecord] = []
                /// Skips an item whose processing failed for good, or throws when the policy says no.
                func skipProcessed(_ item: Reader.Item, _ error: any Error, _ faultTolerance: FaultTolerance) async throws {
                    let skipped = run.execution.counts.skips + inFlightSkips + delta.skips
                    guard try faultTolerance.skipPolicy.shouldSkip(error, skipped: skipped) else { throw error }
                    delta.processSkip += 1
                    // Spring rolls the chunk back to drop the item; processing here runs
                    // before the chunk's transaction, so nothing is undone or re-run.
                    if !faultTolerance.noRollback.matches(error) { delta.rollback += 1 }
                    if rejects != nil {
                        rejected.append(RejectRecord(phase: .process, reason: BatchError.describe(error), item: String(describing: item)))
                    }
                    for listener in faultTolerance.skipListeners { await listener.onSkipInProcess(item, error: error) }
                }
                do {
                    var read = 0
                    while read < chunkSize {
                        // The path without failures is the plain one; fault tolerance only
                        // runs once something has failed.
                        let item: Reader.Item?
                        do {
                            item = try await readItem(metrics, listening)
                        } catch {
                            guard let faultTolerance else { throw error }
                            let skipped = run.execution.counts.skips + inFlightSkips + delta.skips
                            guard try faultTolerance.skipPolicy.shouldSkip(error, skipped: skipped) else { throw error }
                            delta.readSkip += 1
                            if rejects != nil { rejected.append(RejectRecord(phase: .read, reason: BatchError.describe(error))) }
                            for listener in faultTolerance.skipListeners { await listener.onSkipInRead(error) }
                            continue
                        }
                        guard let item else {
                            exhausted = true
                            break
                        }
                        read += 1
                        if concurrent != nil {
                            // Processed together once the chunk is read.
                            pending.append(item)
                            if let locator { pendingLines.append(locator.lastItemLine ?? 0) }
                            continue
                        }
                        let output: Writer.Item?
                        do {
                            output = try await processItem(item, metrics, listening)
                        } catch {
                            guard let faultTolerance else { throw error }
                            do {
                                output = try await retryProcessing(item, after: error, faultTolerance, metrics, listening)
                            } catch {
                                try await skipProcessed(item, error, faultTolerance)
                                continue
                            }
                        }
                        if let output {
                            items.append(output)
                            if let locator { lines.append(locator.lastItemLine ?? 0) }
                        } else {
                            delta.filter += 1
                        }
                    }
                    if let concurrent, !pending.isEmpty {
                        let retrier = faultTolerance.map { Retrier(policy: $0.retry, listeners: $0.retryListeners) }
                        let results = await concurrent.process(pending, retrier)
                        for (index, result) in results.enumerated() {
                            let item = pending[index]
                            switch result {
                            case .success(let output):
                                if listening { for listener in itemListeners { await listener.afterProcess(item, result: output) } }
                                if let output {
                                    items.append(output)
                                    if index < pendingLines.count { lines.append(pendingLines[index]) }
                                } else {
                                    delta.filter += 1
                                }
                            case .failure(let failure):
                                for listener in itemListeners { await listener.onProcessError(item, error: failure) }
                                let error = BatchError.wrapping(failure, .processFailed, "processing an item failed")
                                guard let faultTolerance else { throw error }
                                try await skipProcessed(item, error, faultTolerance)
                            }
                        }
                        pending.removeAll(keepingCapacity: true)
                        pendingLines.removeAll(keepingCapacity: true)
                    }
                    delta.read = Int64(read)
                    delta.write = Int64(items.count)
                    for stream in readSide { try stream.update(&checkpoint) }
                    // Committed with the chunk, so a watcher never sees a position ahead of the data.
                    sized?.progressEstimate?.save(into: &checkpoint)
                } catch {
                    // The chunk being read is lost; the one in flight may still commit.
                    try await settle()
                    run.execution.counts.rollback += 1
                    for listener in run.chunkListeners { await listener.afterChunkError(run.execution, error: error) }
                    throw error
                }
                if !overlapping { try await settle() }
                let work = ChunkCommitter<Writer>.Work(
                    base: run.execution, delta: delta, checkpoint: checkpoint, items: items,
                    source: locator.map { ChunkCommitter<Writer>.Source(input: $0.inputName, lines: lines) }, rejects: rejected)
                let order = overlapping ? ChunkCommitOrder() : nil
                launched += 1
                commits.addTask(operation: committer.operation(work, chunk: launched, after: inFlight.last?.order, order: order))
                inFlight.append((launched, order))
                inFlightSkips = delta.skips
                // Overlapping: this chunk writes while the one before commits; then read the next.
                try await settle(keeping: 1)
            }
            try await settle()
        }
    }

    /// Whether chunk commits overlap (see the type's summary): only where nothing a chunk's
    /// write does is seen before its own chunk commits, and a second connection is cheap.
    private var overlapsCommits: Bool {
        let pool = run.repository.pool
        guard faultTolerance == nil, pool.dialect == .postgresql, let writer = writer as? any ChunkTransactionWriter else { return false }
        return writer.writesInChunkTransaction(of: pool)
    }

    @inline(__always)
    private func readItem(_ metrics: StepMetrics, _ listening: Bool) async throws -> Reader.Item? {
        let started = metrics.start()
        do {
            let item = try await reader.read()
            metrics.recordRead(since: started, success: true)
            if listening, let item {
                for listener in itemListeners { await listener.afterRead(item) }
            }
            return item
        } catch {
            metrics.recordRead(since: started, success: false)
            for listener in itemListeners { await listener.onReadError(error) }
            throw BatchError.wrapping(error, .readFailed, "reading an item failed")
        }
    }

    @inline(__always)
    private func processItem(_ item: Reader.Item, _ metrics: StepMetrics, _ listening: Bool) async throws -> Writer.Item? {
        let started = metrics.start()
        do {
            let output = try await processor.process(item)
            metrics.recordProcess(since: started, success: true)
            if listening {
                for listener in itemListeners { await listener.afterProcess(item, result: output) }
            }
            return output
        } catch {
            metrics.recordProcess(since: started, success: false)
            for listener in itemListeners { await listener.onProcessError(item, error: error) }
            throw BatchError.wrapping(error, .processFailed, "processing an item failed")
        }
    }

    /// Processing of `item` tried again after its first attempt failed with `error`, as the
    /// retry policy allows: the output of the attempt that succeeds, or the last error.
    private func retryProcessing(
        _ item: Reader.Item, after error: any Error, _ tolerance: FaultTolerance, _ metrics: StepMetrics, _ listening: Bool
    ) async throws -> Writer.Item? {
        var first: (any Error)? = error
        return try await Retrier(policy: tolerance.retry, listeners: tolerance.retryListeners).run {
            if let failure = first {
                first = nil
                throw failure
            }
            return try await processItem(item, metrics, listening)
        }
    }

    private func closeAll(_ streams: [any ItemStream]) async {
        for stream in streams {
            do {
                try await stream.close()
            } catch {
                run.logger.warning("closing \(type(of: stream)) failed: \(BatchError.describe(error))")
            }
        }
    }

    static func streamError(_ action: String, _ stream: any ItemStream, _ error: any Error) -> BatchError {
        if let error = error as? BatchError { return error }
        return BatchError(.streamFailed, "could not \(action) \(type(of: stream))", cause: error)
    }
}
