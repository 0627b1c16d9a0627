@testable import BatchRuntime
import Database
import DatabaseTestSupport
import Foundation
import Synchronization
import Testing

/// Reads the keys `min...max` of its partition, restartable by the next key.
final class RangeReader: ItemReader, ItemStream {
    private let range: ClosedRange<Int64>
    private var next: Int64
    private let hook: (@Sendable (Int64) async -> Void)?

    init(_ context: StepContext, hook: (@Sendable (Int64) async -> Void)? = nil) throws {
        guard let min = context.stepContext.int("key.min"), let max = context.stepContext.int("key.max") else {
            throw BatchError(.invalidParameters, "no key range in the partition's context")
        }
        range = min...max
        next = min
        self.hook = hook
    }

    func read() async throws -> Int64? {
        guard next <= range.upperBound else { return nil }
        await hook?(next)
        defer { next += 1 }
        return next
    }

    func open(_ context: ExecutionContext) async throws { next = context.int("range.next") ?? range.lowerBound }
    func update(_ context: inout ExecutionContext) throws { context["range.next"] = .int(next) }
}

@Suite("Partitioned steps: partitions as step executions, run at once, restarted one by one")
struct PartitionTests {
    @Test("the key range partitioner covers the range once, in ranges of about equal width, never an empty one")
    func keyRanges() {
        #expect(KeyRangePartitioner.ranges(of: 1...10, parts: 4) == [1...3, 4...6, 7...8, 9...10])
        #expect(KeyRangePartitioner.ranges(of: 5...6, parts: 4) == [5...5, 6...6])
        #expect(KeyRangePartitioner.ranges(of: 0...999, parts: 1) == [0...999])
        #expect(KeyRangePartitioner.ranges(of: -5...5, parts: 3) == [-5...(-2), -1...2, 3...5])
    }

    @Test("every key written once by partitions named as Spring names them; the manager sums their counters; they run at the same time", arguments: TestDatabase.allCases)
    func partitions(_ database: TestDatabase) async throws {
        try await withRepository(database) { repository in
            try await Self.createTarget(repository.pool)
            let meet = Rendezvous(parties: 4)
            let job = Self.job(failAt: nil) { key in
                // The first key of each partition waits for the others': all four run at once.
                if [1, 251, 501, 751].contains(key) { await meet.arrive() }
            }
            let execution = try await withTimeout(hangLimit) { try await testLauncher(repository).run(job, parameters: JobParameters()) }
            #expect(execution.status == .completed)
            #expect(try await Self.ids(repository.pool) == Array(1...1000))
            let steps = try await JobExplorer(pool: repository.pool).stepExecutions(ofJobExecution: execution.id)
            #expect(Set(steps.map(\.stepName)) == ["load", "loadRange:partition0", "loadRange:partition1", "loadRange:partition2", "loadRange:partition3"])
            let manager = try #require(steps.first { $0.stepName == "load" })
            #expect(manager.counts.read == 1000)
            #expect(manager.counts.write == 1000)
            #expect(manager.counts.commit == steps.filter { $0.stepName != "load" }.reduce(0) { $0 + $1.counts.commit })
        }
    }

    @Test("a partition that fails fails the manager naming it; the restart runs only that partition, from its checkpoint", arguments: TestDatabase.allCases)
    func restartOnlyFailed(_ database: TestDatabase) async throws {
        try await withRepository(database) { repository in
            try await Self.createTarget(repository.pool)
            let fail = Switch(true)
            let job = Self.job(failAt: (fail, 620))
            let launcher = testLauncher(repository)
            let first = try await launcher.run(job, parameters: JobParameters())
            #expect(first.status == .failed)
            let manager = try #require(try await steps(repository, first.id)["load"])
            #expect(manager.exitStatus.exitDescription.contains("1 of 4 partitions of step load did not complete: loadRange:partition2 FAILED"), "\(manager.exitStatus)")
            let second = try await launcher.run(job, parameters: JobParameters())
            #expect(second.status == .completed)
            let rerun = try await JobExplorer(pool: repository.pool).stepExecutions(ofJobExecution: second.id).map(\.stepName).sorted()
            #expect(rerun == ["load", "loadRange:partition2"], "the completed partitions were not run again")
            let partition = try #require(try await steps(repository, second.id)["loadRange:partition2"])
            #expect(partition.counts.read == 750 - 600, "resumed after its last committed chunk (601...750)")
            #expect(try await Self.ids(repository.pool) == Array(1...1000))
        }
    }

    @Test("a partition that never started before the manager died starts on the restart with its range from the partitioner", arguments: TestDatabase.allCases)
    func restartUnstarted(_ database: TestDatabase) async throws {
        try await withRepository(database) { repository in
            try await Self.createTarget(repository.pool)
            let fail = Switch(true)
            let job = Self.job(failAt: (fail, 620))
            let launcher = testLauncher(repository)
            let first = try await launcher.run(job, parameters: JobParameters())
            #expect(first.status == .failed)
            // What a manager killed after saving its partition keys, before starting partitions 2 and 3, leaves.
            try await repository.pool.withConnection { connection in
                let ids = "SELECT STEP_EXECUTION_ID FROM BATCH_STEP_EXECUTION WHERE STEP_NAME IN ('loadRange:partition2', 'loadRange:partition3')"
                _ = try await connection.execute("DELETE FROM TARGET WHERE ID > 500")
                _ = try await connection.execute("DELETE FROM BATCH_STEP_EXECUTION_CONTEXT WHERE STEP_EXECUTION_ID IN (\(ids))")
                _ = try await connection.execute("DELETE FROM BATCH_STEP_EXECUTION WHERE STEP_EXECUTION_ID IN (\(ids))")
            }
            fail.set(false)
            let second = try await launcher.run(job, parameters: JobParameters())
            #expect(second.status == .completed, "\(second.exitStatus)")
            let rerun = try await steps(repository, second.id)
            #expect(rerun["loadRange:partition3"]?.executionContext.int("key.min") == 751)
            #expect(rerun["loadRange:partition3"]?.counts.read == 250)
            #expect(try await Self.ids(repository.pool) == Array(1...1000))
        }
    }

    @Test("one partition per file: each worker reads the file its partition names, every row once", arguments: TestDatabase.allCases)
    func filePartitions(_ database: TestDatabase) async throws {
        try await withTemporaryDirectory { directory in
            try await withRepository(database) { repository in
                try await Self.createTarget(repository.pool)
                for part in 0..<3 {
                    let rows = (1...40).map { "\(part * 100 + $0),n\(part * 100 + $0)" }.joined(separator: "\n")
                    try ("id,name\n" + rows + "\n").write(to: directory.appendingPathComponent("part\(part).csv"), atomically: true, encoding: .utf8)
                }
                let job = Job("files") {
                    PartitionStep(
                        "load",
                        partitioner: FilePartitioner { _ in
                            try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".csv") }
                                .map { directory.appendingPathComponent($0).path }
                        },
                        gridSize: 3,
                        worker: ChunkStep(
                            "loadFile", commitInterval: 15,
                            reader: { context in
                                DelimitedFileReader(name: "rows", path: context.stepContext.string("file") ?? "missing") { record in
                                    (Int64(record[0]) ?? -1, record[1])
                                }
                            },
                            writer: { context in
                                SQLBatchWriter<(Int64, String)>(pool: context.database, table: "TARGET", columns: ["ID", "NAME"]) {
                                    [.int($0.0), .text($0.1)]
                                }
                            }))
                }
                let execution = try await testLauncher(repository).run(job, parameters: JobParameters())
                #expect(execution.status == .completed)
                #expect(try await Self.ids(repository.pool) == (0..<3).flatMap { part in (1...40).map { Int64(part * 100 + $0) } })
                let steps = try await steps(repository, execution.id)
                for part in 0..<3 {
                    let step = try #require(steps["loadFile:partition\(part)"])
                    #expect(step.executionContext.string("file") == directory.appendingPathComponent("part\(part).csv").path, "sorted by path")
                    #expect(step.counts.read == 40)
                }
            }
        }
    }

    // MARK: - Support

    static func job(failAt: (Switch, Int64)?, hook: (@Sendable (Int64) async -> Void)? = nil) -> Job {
        Job("partitioned") {
            PartitionStep(
                "load", partitioner: KeyRangePartitioner { _ in 1...1000 }, gridSize: 4,
                worker: ChunkStep(
                    "loadRange", commitInterval: 50, reader: { context in try RangeReader(context, hook: hook) },
                    process: { (key: Int64) -> (Int64, String)? in (key, "k\(key)") },
                    writer: { context in
                        FailOnce(fail: failAt?.0 ?? Switch(false), at: failAt?.1 ?? -1, inner: SQLBatchWriter(pool: context.database, table: "TARGET", columns: ["ID", "NAME"]) {
                            [.int($0.0), .text($0.1)]
                        })
                    }))
        }
    }

    static func createTarget(_ pool: ConnectionPool) async throws {
        try await pool.withConnection { connection in
            _ = try await connection.execute("CREATE TABLE TARGET (ID BIGINT PRIMARY KEY, NAME VARCHAR(20) NOT NULL)")
        }
    }

    static func ids(_ pool: ConnectionPool) async throws -> [Int64] {
        try await pool.withConnection { connection in
            try await connection.query("SELECT ID FROM TARGET ORDER BY ID").map { try $0.decode(Int64.self, "ID") }
        }
    }
}
