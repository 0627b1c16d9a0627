import BatchRuntime
import Foundation

/// A batch application for the end-to-end tests.
///
///     batch-fixture [--spring.batch.job.name=hello|goodbye] [name=value ...] [--db URL]
///     batch-fixture start partitioned rows=3000 [hold.partition=partition1 hold.at=1300] --db URL
///
/// `hello` and `goodbye` have one tasklet that does nothing; the execution report names the
/// job that ran (for launches without a command, where `--spring.batch.job.name` or
/// `SPRING_BATCH_JOB_NAME` chooses).
///
/// `partitioned` loads the keys 1...rows into table `FIXTURE_ROWS` (primary key: a key written
/// twice fails the chunk) with a remote partitioned step: three partitions, each run by a
/// `worker` process of this executable. The worker of `hold.partition`, on its first attempt,
/// prints `HOLD <step> pid=<pid>` on standard output when it reaches key `hold.at` and waits
/// there until it is killed: the tests' moment to kill it.
let hello = ["hello", "goodbye"].map { name in
    Job(name) { TaskletStep("say") { _ in .finished } }
}

let partitioned = Job("partitioned") {
    TaskletStep("createTable") { contribution in
        try await contribution.step.database.withConnection { connection in
            _ = try await connection.execute("CREATE TABLE IF NOT EXISTS FIXTURE_ROWS (ID BIGINT PRIMARY KEY, STEP VARCHAR(100) NOT NULL)")
        }
        return .finished
    }
    PartitionStep(
        "load", partitioner: KeyRangePartitioner { context in 1...(try context.parameters.long("rows", default: 3000)) }, gridSize: 3,
        launcher: ProcessPartitionLauncher(),
        worker: ChunkStep(
            "loadRange", commitInterval: 100,
            reader: { context in
                let first = context.stepContext.int("key.min") ?? 1
                let last = context.stepContext.int("key.max") ?? 0
                return GeneratingReader(count: last - first + 1, name: "keys") { first + $0 }
            },
            process: { (key: Int64) -> Int64? in key },
            writer: { context in
                let hold = (try? context.parameters.string("hold.partition")).flatMap { context.stepName.hasSuffix(":\($0)") ? $0 : nil }
                let holdAt = try context.parameters.long("hold.at", default: -1)
                let holding = hold != nil && !context.isRestart
                let step = context.stepName
                return HoldingWriter(holdAt: holding ? holdAt : -1, step: step) {
                    SQLBatchWriter<Int64>(pool: context.database, table: "FIXTURE_ROWS", columns: ["ID", "STEP"]) { [.int($0), .text(step)] }
                }
            }))
}

/// Writes through `inner`; a chunk holding key `holdAt` announces itself and never ends.
final class HoldingWriter: ItemWriter {
    let holdAt: Int64
    let step: String
    let inner: SQLBatchWriter<Int64>

    init(holdAt: Int64, step: String, inner: () -> SQLBatchWriter<Int64>) {
        self.holdAt = holdAt
        self.step = step
        self.inner = inner()
    }

    func write(_ chunk: Chunk<Int64>) async throws {
        if chunk.items.contains(holdAt) {
            FileHandle.standardOutput.write(Data("HOLD \(step) pid=\(getpid())\n".utf8))
            while true { try await Task.sleep(for: .seconds(3600)) }
        }
        try await inner.write(chunk)
    }
}

await BatchApplication(name: "batch-fixture", jobs: hello + [partitioned]).main()
