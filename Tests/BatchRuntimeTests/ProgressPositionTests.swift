import DatabaseTestSupport
import Foundation
import Synchronization
import Testing

@testable import BatchRuntime

/// The reader's position the engine records with every committed chunk
/// (`batch.progress.position` of `batch.progress.total`), for watchers such as the server's
/// step progress: it rises with every commit and ends at the input's size.
@Suite("Progress positions in the step context")
struct ProgressPositionTests {
    /// The positions of every commit, as the step's row holds them once committed.
    final class Positions: ChunkListener, Sendable {
        let seen = Mutex<[ProgressEstimate?]>([])
        func afterChunk(_ execution: StepExecution) async {
            seen.withLock { $0.append(ProgressEstimate(execution.executionContext)) }
        }
    }

    @Test("a flat file's bytes read, at every commit, rising to the file's size; a restart continues from the last commit", arguments: TestDatabase.allCases)
    func flatFile(_ database: TestDatabase) async throws {
        try await withTemporaryDirectory { directory in
            try await withRepository(database) { repository in
                let path = directory.appendingPathComponent("in.csv").path
                let text = "id,name\n" + (1...23).map { "\($0),name \($0)\n" }.joined()
                try text.write(toFile: path, atomically: true, encoding: .utf8)
                let size = Int64(text.utf8.count)
                let positions = Positions()
                let fail = Switch(true)
                let job = Job("import") {
                    ChunkStep(
                        "import", commitInterval: 5, reader: { _ in DelimitedFileReader(name: "input", path: path) },
                        process: { (record: DelimitedRecord) -> String? in
                            if fail.isOn, record.lineNumber == 19 { throw Boom(description: "line 19") }
                            return record.fields[1]
                        },
                        writer: { _ in NoOpWriter<String>() }
                    ).chunkListeners(positions)
                }
                let launcher = testLauncher(repository)
                let first = try await launcher.run(job, parameters: JobParameters())
                #expect(first.status == .failed)
                let failed = positions.seen.withLock { $0 }.map { $0?.done ?? -1 }
                #expect(failed.count == 3, "three chunks of five committed before line 19: \(failed)")
                #expect(failed == failed.sorted() && Set(failed).count == failed.count && failed.allSatisfy { $0 > 0 && $0 < size })
                #expect(positions.seen.withLock { $0 }.allSatisfy { $0?.total == size })

                fail.set(false)
                let second = try await launcher.run(job, parameters: JobParameters())
                #expect(second.status == .completed)
                let all = positions.seen.withLock { $0 }.map { $0?.done ?? -1 }
                #expect(all == all.sorted(), "the restart continues where the last commit left the reader: \(all)")
                #expect(all.last == size)
                let step = try #require(try await steps(repository, second.id)["import"])
                #expect(ProgressEstimate(step.executionContext) == ProgressEstimate(done: size, total: size))
                #expect(step.executionContext.int(ProgressEstimate.positionKey) == size)
            }
        }
    }

    @Test("an in-memory reader counts items; a reader that does not know its size records nothing", arguments: [TestDatabase.sqlite])
    func items(_ database: TestDatabase) async throws {
        try await withRepository(database) { repository in
            let sized = Positions()
            let unsized = Positions()
            let job = Job("items") {
                ChunkStep("sized", commitInterval: 3, reader: { _ in InMemoryReader(Array(1...7)) }, writer: { _ in NoOpWriter<Int>() })
                    .chunkListeners(sized)
                ChunkStep("unsized", commitInterval: 3, reader: { _ in HookedReader(count: 7) }, writer: { _ in NoOpWriter<Int64>() })
                    .chunkListeners(unsized)
            }
            let execution = try await testLauncher(repository).run(job, parameters: JobParameters())
            #expect(execution.status == .completed)
            #expect(sized.seen.withLock { $0 }.map { $0?.done } == [3, 6, 7])
            #expect(sized.seen.withLock { $0 }.allSatisfy { $0?.total == 7 })
            #expect(unsized.seen.withLock { $0 }.allSatisfy { $0 == nil })
        }
    }
}
