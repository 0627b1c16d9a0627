import Database
import Foundation

/// The loop of one chunk-oriented step execution, specialised for its reader, processor and
/// writer types so the per-item path has no dynamic dispatch.
struct ChunkLoop<Reader: ItemReader, Processor: ItemProcessor, Writer: ItemWriter>
where Processor.Input == Reader.Item, Processor.Output == Writer.Item {
    let reader: Reader
    let processor: Processor
    let writer: Writer
    let run: StepRun
    let chunkSize: Int
    let itemListeners: [any ItemListener<Reader.Item, Writer.Item>]

    func execute() async throws {
        let streams = [reader as? any ItemStream, processor as? any ItemStream, writer as? any ItemStream].compactMap { $0 }
        let sized = reader as? any SizedItemReader
        for stream in streams {
            do {
                try await stream.open(run.execution.executionContext)
            } catch {
                await closeAll(streams)
                throw Self.streamError("open", stream, error)
            }
        }
        do {
            try await loop(streams: streams, sized: sized)
        } catch {
            await closeAll(streams)
            throw error
        }
        await closeAll(streams)
    }

    private func loop(streams: [any ItemStream], sized: (any SizedItemReader)?) async throws {
        let metrics = StepMetrics(jobName: run.context.jobName, stepName: run.context.stepName)
        var exhausted = false
        var items: [Writer.Item] = []
        items.reserveCapacity(chunkSize)
        while !exhausted {
            if try await run.shouldStop() {
                run.execution.status = .stopped
                run.execution.exitStatus = ExitStatus("STOPPED", description: run.control.stopReason ?? "stop requested")
                return
            }
            for listener in run.chunkListeners { await listener.beforeChunk(run.execution) }
            var counts = run.execution.counts
            items.removeAll(keepingCapacity: true)
            do {
                var read = 0
                while read < chunkSize {
                    guard let item = try await readItem(metrics) else {
                        exhausted = true
                        break
                    }
                    read += 1
                    if let output = try await processItem(item, metrics) {
                        items.append(output)
                    } else {
                        counts.filter += 1
                    }
                }
                counts.read += Int64(read)
                counts.write += Int64(items.count)
                let chunk = Chunk(items)
                let started = metrics.start()
                try await run.commit { _ in
                    do {
                        try await writer.write(chunk)
                    } catch {
                        for listener in itemListeners { await listener.onWriteError(chunk, error: error) }
                        throw Self.wrap(error, .writeFailed, "writing a chunk of \(chunk.count) items failed")
                    }
                    for listener in itemListeners { await listener.afterWrite(chunk) }
                } update: { step in
                    step.counts = counts
                    for stream in streams { try stream.update(&step.executionContext) }
                }
                metrics.recordWrite(since: started, success: true)
            } catch {
                run.execution.counts.rollback += 1
                for listener in run.chunkListeners { await listener.afterChunkError(run.execution, error: error) }
                throw error
            }
            let counted = run.execution.counts
            run.control.updateProgress { progress in
                progress.read = counted.read
                progress.written = counted.write
                progress.readHere = counted.read
                progress.estimate = sized?.progressEstimate
            }
            for listener in run.chunkListeners { await listener.afterChunk(run.execution) }
        }
    }

    @inline(__always)
    private func readItem(_ metrics: StepMetrics) async throws -> Reader.Item? {
        let started = metrics.start()
        do {
            let item = try await reader.read()
            metrics.recordRead(since: started, success: true)
            if let item, !itemListeners.isEmpty {
                for listener in itemListeners { await listener.afterRead(item) }
            }
            return item
        } catch {
            metrics.recordRead(since: started, success: false)
            for listener in itemListeners { await listener.onReadError(error) }
            throw Self.wrap(error, .readFailed, "reading an item failed")
        }
    }

    @inline(__always)
    private func processItem(_ item: Reader.Item, _ metrics: StepMetrics) async throws -> Writer.Item? {
        let started = metrics.start()
        do {
            let output = try await processor.process(item)
            metrics.recordProcess(since: started, success: true)
            if !itemListeners.isEmpty {
                for listener in itemListeners { await listener.afterProcess(item, result: output) }
            }
            return output
        } catch {
            metrics.recordProcess(since: started, success: false)
            for listener in itemListeners { await listener.onProcessError(item, error: error) }
            throw Self.wrap(error, .processFailed, "processing an item failed")
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

    static func wrap(_ error: any Error, _ code: BatchError.Code, _ message: String) -> BatchError {
        if let error = error as? BatchError { return error }
        return BatchError(code, message, cause: error)
    }

    static func streamError(_ action: String, _ stream: any ItemStream, _ error: any Error) -> BatchError {
        if let error = error as? BatchError { return error }
        return BatchError(.streamFailed, "could not \(action) \(type(of: stream))", cause: error)
    }
}
