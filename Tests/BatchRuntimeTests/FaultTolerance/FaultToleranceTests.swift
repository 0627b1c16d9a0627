import BatchRuntime
import DatabaseTestSupport
import Foundation
import Synchronization
import Testing

@Suite("Fault-tolerant chunk steps: skip, retry and their counters")
struct FaultToleranceTests {
    /// The ledger job over `path`: chunks of 10 read by the file reader, checked, written to LEDGER.
    static func job(_ path: String, _ tolerance: FaultTolerance, writer: (@Sendable (StepContext) -> any ItemWriter<Entry>)? = nil) -> Job {
        Job("ledger") {
            ChunkStep(
                "load", commitInterval: 10, reader: { _ in Ledger.reader(path) }, process: { try Ledger.check($0) },
                writer: { context in AnyEntryWriter(writer?(context) ?? Ledger.writer(context.database)) }
            ).faultTolerant(tolerance)
        }
    }

    @Test("bad records in read, process and write positions are skipped and counted as Spring counts them", arguments: TestDatabase.allCases)
    func skipsInEveryPosition(_ database: TestDatabase) async throws {
        try await withTemporaryDirectory { directory in
            try await withRepository(database) { repository in
                try await Ledger.create(repository.pool)
                let path = directory.appendingPathComponent("ledger.csv").path
                try Ledger.file(at: path, count: 30, broken: [4, 17], invalid: [9], negative: [25])
                let events = FaultEvents()
                var tolerance = FaultTolerance.skipping(.codes(.readFailed, .writeFailed) || .types(InvalidEntry.self), limit: 10)
                tolerance.skipListeners = [events]
                let execution = try await testLauncher(repository).run(Self.job(path, tolerance), parameters: JobParameters())
                #expect(execution.status == .completed)
                let step = try #require(try await steps(repository, execution.id)["load"])
                // 28 records read (chunks of 10, 10 and 8); 4 and 17 unreadable, 9 rejected, 20
                // filtered, 25 refused by the table: the third chunk rolls back once whole and
                // once for 25 alone in the scan; the rejected 9 counts a rollback, as in Spring.
                #expect(step.counts.read == 28)
                #expect(step.counts.readSkip == 2)
                #expect(step.counts.processSkip == 1)
                #expect(step.counts.filter == 1)
                #expect(step.counts.writeSkip == 1)
                #expect(step.counts.write == 25)
                #expect(step.counts.rollback == 3)
                #expect(step.counts.commit == 3)
                #expect(try await Ledger.ids(repository.pool) == (1...30).filter { ![4, 17, 9, 20, 25].contains($0) })
                let all = events.all
                #expect(all.count == 4)
                #expect(all.filter { $0.hasPrefix("read skip") }.count == 2)
                #expect(all.contains { $0.hasPrefix("read skip") && $0.contains("ledger.csv:5") }, "names the file and line: \(all)")
                #expect(all.contains { $0.hasPrefix("read skip") && $0.contains("ledger.csv:18") }, "\(all)")
                #expect(all.contains("process skip: 9"))
                #expect(all.last == "write skip: 25")
            }
        }
    }

    @Test("a skip past the limit fails the step naming the limit; a restart resumes after the last commit and skips each bad record once", arguments: TestDatabase.allCases)
    func skipLimit(_ database: TestDatabase) async throws {
        try await withTemporaryDirectory { directory in
            try await withRepository(database) { repository in
                try await Ledger.create(repository.pool)
                let path = directory.appendingPathComponent("ledger.csv").path
                try Ledger.file(at: path, count: 30, broken: [4, 17], invalid: [9], negative: [25])
                let skippable: ErrorClassifier = .codes(.readFailed, .writeFailed) || .types(InvalidEntry.self)
                let launcher = testLauncher(repository)
                let first = try await launcher.run(Self.job(path, .skipping(skippable, limit: 2)), parameters: JobParameters())
                #expect(first.status == .failed)
                let failed = try #require(try await steps(repository, first.id)["load"])
                #expect(failed.status == .failed)
                #expect(failed.exitStatus.exitDescription.contains("the skip limit of 2 is exceeded"), "\(failed.exitStatus.exitDescription)")
                #expect(failed.exitStatus.exitDescription.contains("ledger.csv:18"), "names the record that went over")
                // The first chunk (ids 1 to 11 but 4) committed with its two skips; the second rolled back.
                #expect(failed.counts.read == 10)
                #expect(failed.counts.write == 9)
                #expect([failed.counts.readSkip, failed.counts.processSkip, failed.counts.writeSkip] == [1, 1, 0])
                #expect(try await Ledger.ids(repository.pool) == [1, 2, 3, 5, 6, 7, 8, 10, 11])

                let second = try await launcher.run(Self.job(path, .skipping(skippable, limit: 10)), parameters: JobParameters())
                #expect(second.status == .completed)
                let resumed = try #require(try await steps(repository, second.id)["load"])
                #expect(resumed.counts.read == 18)
                #expect([resumed.counts.readSkip, resumed.counts.processSkip, resumed.counts.writeSkip] == [1, 0, 1])
                #expect(try await Ledger.ids(repository.pool) == (1...30).filter { ![4, 17, 9, 20, 25].contains($0) })
            }
        }
    }

    @Test("a writer that fails twice is retried with backoff and the chunk commits whole; listeners see each retry", arguments: TestDatabase.allCases)
    func retryTransientWrite(_ database: TestDatabase) async throws {
        try await withTemporaryDirectory { directory in
            try await withRepository(database) { repository in
                try await Ledger.create(repository.pool)
                let path = directory.appendingPathComponent("ledger.csv").path
                try Ledger.file(at: path, count: 25)
                let events = FaultEvents()
                let tolerance = FaultTolerance(
                    retry: RetryPolicy(limit: 3, retryable: .types(Transient.self), backoff: .exponential(initial: .milliseconds(1), maximum: .milliseconds(5))),
                    retryListeners: [events])
                let job = Self.job(path, tolerance) { context in FlakyWriter(Ledger.writer(context.database), failing: 13, times: 2) }
                let execution = try await testLauncher(repository).run(job, parameters: JobParameters())
                #expect(execution.status == .completed)
                let step = try #require(try await steps(repository, execution.id)["load"])
                #expect(events.all == ["retry 1", "retry 2"])
                #expect(step.counts.rollback == 2)
                #expect(step.counts.write == 24)
                #expect(step.counts.commit == 3)
                #expect(step.counts.skips == 0)
                #expect(try await Ledger.ids(repository.pool) == (1...25).filter { $0 != 20 })
            }
        }
    }

    @Test("retries that run out fail the step unless the error is skippable; then the chunk is scanned and the one bad item skipped", arguments: TestDatabase.allCases)
    func retryExhausted(_ database: TestDatabase) async throws {
        try await withTemporaryDirectory { directory in
            try await withRepository(database) { repository in
                try await Ledger.create(repository.pool)
                let path = directory.appendingPathComponent("ledger.csv").path
                try Ledger.file(at: path, count: 25)
                let events = FaultEvents()
                let retry = RetryPolicy(limit: 2, retryable: .types(Transient.self), backoff: .fixed(.milliseconds(1)))
                let failing = FaultTolerance(retry: retry, retryListeners: [events])
                let job = Self.job(path, failing) { context in FlakyWriter(Ledger.writer(context.database), failing: 13, times: 1_000) }
                let first = try await testLauncher(repository).run(job, parameters: JobParameters())
                #expect(first.status == .failed)
                #expect(events.all == ["retry 1", "exhausted after 2"])
                let failed = try #require(try await steps(repository, first.id)["load"])
                #expect(failed.exitStatus.exitDescription.contains("the service is briefly unavailable"), "\(failed.exitStatus.exitDescription)")
                #expect(try await Ledger.ids(repository.pool) == Array(1...10))

                let skipping = FaultTolerance(
                    skipPolicy: LimitCheckingSkipPolicy(limit: 5, skippable: .types(Transient.self)), retry: retry, skipListeners: [events],
                    retryListeners: [events])
                let scanned = Self.job(path, skipping) { context in FlakyWriter(Ledger.writer(context.database), failing: 13, times: 1_000) }
                let second = try await testLauncher(repository).run(scanned, parameters: JobParameters())
                #expect(second.status == .completed)
                let step = try #require(try await steps(repository, second.id)["load"])
                #expect(step.counts.writeSkip == 1)
                // Two whole-chunk attempts and the item alone in the scan.
                #expect(step.counts.rollback == 3)
                #expect(events.all.suffix(3) == ["retry 1", "exhausted after 2", "write skip: 13"])
                #expect(try await Ledger.ids(repository.pool) == (1...25).filter { $0 != 13 && $0 != 20 })
            }
        }
    }

    @Test("processing is retried on a transient error and the item is processed once it succeeds")
    func retryProcessing() async throws {
        try await withTemporaryDirectory { directory in
            try await withRepository(.sqlite) { repository in
                try await Ledger.create(repository.pool)
                let path = directory.appendingPathComponent("ledger.csv").path
                try Ledger.file(at: path, count: 12)
                let events = FaultEvents()
                let failures = FlakyCounter(2)
                let job = Job("ledger") {
                    ChunkStep(
                        "load", commitInterval: 10, reader: { _ in Ledger.reader(path) },
                        process: { entry in
                            if entry.id == 5, failures.take() { throw Transient() }
                            return entry
                        },
                        writer: { context in Ledger.writer(context.database) }
                    ).faultTolerant(FaultTolerance(retry: RetryPolicy(limit: 3, retryable: .types(Transient.self), backoff: .none), retryListeners: [events]))
                }
                let execution = try await testLauncher(repository).run(job, parameters: JobParameters())
                #expect(execution.status == .completed)
                #expect(events.all == ["retry 1", "retry 2"])
                let step = try #require(try await steps(repository, execution.id)["load"])
                #expect([step.counts.read, step.counts.write, step.counts.rollback, step.counts.skips] == [12, 12, 0, 0])
            }
        }
    }
}

/// A writer of entries behind an existential, so one job declaration takes any of them.
struct AnyEntryWriter: ItemWriter {
    let inner: any ItemWriter<Entry>
    init(_ inner: any ItemWriter<Entry>) { self.inner = inner }
    func write(_ chunk: Chunk<Entry>) async throws { try await inner.write(chunk) }
}

/// True for the first `count` takes.
final class FlakyCounter: Sendable {
    private let left: Atomic<Int>
    init(_ count: Int) { left = Atomic(count) }
    func take() -> Bool { left.subtract(1, ordering: .relaxed).newValue >= 0 }
}
