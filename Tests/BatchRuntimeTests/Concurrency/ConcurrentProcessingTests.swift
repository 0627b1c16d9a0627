import BatchRuntime
import Database
import DatabaseTestSupport
import Foundation
import Synchronization
import Testing

@Suite("Processing the items of a chunk at the same time")
struct ConcurrentProcessingTests {
    /// How many calls are in flight, and the most there ever were.
    final class InFlight: Sendable {
        private let state = Mutex<(now: Int, most: Int)>((0, 0))
        func enter() { state.withLock { $0.now += 1; $0.most = max($0.most, $0.now) } }
        func leave() { state.withLock { $0.now -= 1 } }
        var most: Int { state.withLock { $0.most } }
    }

    /// One rendezvous of two per chunk: the first two items of each chunk wait for each other.
    final class Pairs: Sendable {
        private let pairs = Mutex<[Int64: Rendezvous]>([:])
        func meet(_ chunk: Int64) async {
            // The second to come takes the rendezvous away, so a rerun of the chunk meets afresh.
            let rendezvous = pairs.withLock { pairs in
                if let found = pairs.removeValue(forKey: chunk) { return found }
                let made = Rendezvous(parties: 2)
                pairs[chunk] = made
                return made
            }
            await rendezvous.arrive()
        }
    }

    @Test("at most the limit in flight, more than one at once, written in read order, every item once across a failure and restart", arguments: TestDatabase.allCases)
    func orderBoundAndRestart(_ database: TestDatabase) async throws {
        try await withRepository(database) { repository in
            try await repository.pool.withConnection { connection in
                _ = try await connection.execute("CREATE TABLE TARGET (ID BIGINT PRIMARY KEY, NAME VARCHAR(20) NOT NULL)")
            }
            let inFlight = InFlight()
            let pairs = Pairs()
            let order = Collected()
            let fail = Switch(true)
            let job = Job("enrich") {
                ChunkStep(
                    "enrich", commitInterval: 10, reader: { _ in HookedReader(count: 100) }, concurrency: 4,
                    process: { (item: Int64) async throws -> (Int64, String)? in
                        inFlight.enter()
                        defer { inFlight.leave() }
                        // The first two items of every chunk must be in flight together.
                        if item % 10 < 2 { await pairs.meet(item / 10) }
                        return item % 9 == 8 ? nil : (item, "n\(item)")
                    },
                    writer: { context in
                        OrderRecordingWriter(order: order, inner: FailOnce(fail: fail, at: 55, inner: SQLBatchWriter(pool: context.database, table: "TARGET", columns: ["ID", "NAME"]) {
                            [.int($0.0), .text($0.1)]
                        }))
                    })
            }
            let launcher = testLauncher(repository)
            let first = try await withTimeout(hangLimit) { try await launcher.run(job, parameters: JobParameters()) }
            #expect(first.status == .failed)
            let second = try await withTimeout(hangLimit) { try await launcher.run(job, parameters: JobParameters()) }
            #expect(second.status == .completed)
            #expect(inFlight.most <= 4)
            #expect(inFlight.most >= 2)
            let expected = (0..<100).map(Int64.init).filter { $0 % 9 != 8 }
            let ids = try await repository.pool.withConnection { connection in
                try await connection.query("SELECT ID FROM TARGET ORDER BY ID").map { try $0.decode(Int64.self, "ID") }
            }
            #expect(ids == expected, "every item once")
            // Each chunk reached the writer in read order (the failed chunk twice).
            let written = order.all
            for index in written.indices.dropFirst() where written[index] < written[index - 1] {
                #expect(written[index] == 50, "only the restart goes back, to the failed chunk's first item")
            }
            #expect(written.filter { $0 == 50 }.count == 2, "the failed chunk was written twice, once rolled back")
            let steps = try await steps(repository, second.id)
            #expect(steps["enrich"]?.counts.filter == Int64((50..<100).filter { $0 % 9 == 8 }.count))
        }
    }

    @Test("with fault tolerance each item is retried on its own and failures are skipped in read order")
    func faultTolerant() async throws {
        try await withRepository(.sqlite) { repository in
            let events = FaultEvents()
            let flaky = FlakyCounter(2)
            let collected = Collected()
            let job = Job("enrich") {
                ChunkStep(
                    "enrich", commitInterval: 10, reader: { _ in HookedReader(count: 30) }, concurrency: 3,
                    process: { (item: Int64) async throws -> Int64? in
                        if item % 7 == 3 { throw InvalidEntry(id: item) }
                        if item == 20, flaky.take() { throw Transient() }
                        return item
                    },
                    writer: { _ in CollectingWriter(into: collected) }
                ).faultTolerant(
                    FaultTolerance(
                        skipPolicy: LimitCheckingSkipPolicy(limit: 10, skippable: .types(InvalidEntry.self)),
                        retry: RetryPolicy(limit: 3, retryable: .types(Transient.self), backoff: .none), skipListeners: [events],
                        retryListeners: [events]))
            }
            let execution = try await testLauncher(repository).run(job, parameters: JobParameters())
            #expect(execution.status == .completed)
            let skipped: [Int64] = (0..<30).filter { $0 % 7 == 3 }.map(Int64.init)
            #expect(collected.all == (0..<30).map(Int64.init).filter { !skipped.contains($0) })
            let step = try #require(try await steps(repository, execution.id)["enrich"])
            #expect(step.counts.processSkip == Int64(skipped.count))
            #expect(events.all.filter { $0.hasPrefix("retry") } == ["retry 1", "retry 2"])
        }
    }
}

/// Items in the order writers were given them, shared between a test and its writers.
final class Collected: Sendable {
    private let items = Mutex<[Int64]>([])
    func add(_ more: [Int64]) { items.withLock { $0 += more } }
    var all: [Int64] { items.withLock { $0 } }
}

/// Passes chunks to `inner`, noting the order of the items it was given.
final class OrderRecordingWriter<Inner: ItemWriter<(Int64, String)>>: ItemWriter, ItemStream {
    let order: Collected
    let inner: Inner

    init(order: Collected, inner: Inner) {
        self.order = order
        self.inner = inner
    }

    func write(_ chunk: Chunk<(Int64, String)>) async throws {
        order.add(chunk.items.map(\.0))
        try await inner.write(chunk)
    }

    func open(_ context: ExecutionContext) async throws { try await (inner as? any ItemStream)?.open(context) }
    func update(_ context: inout ExecutionContext) throws { try (inner as? any ItemStream)?.update(&context) }
    func close() async throws { try await (inner as? any ItemStream)?.close() }
}

/// Collects every written item.
final class CollectingWriter: ItemWriter {
    let into: Collected
    init(into: Collected) { self.into = into }
    func write(_ chunk: Chunk<Int64>) async throws { into.add(chunk.items) }
}
