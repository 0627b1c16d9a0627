import BatchRuntime
import Foundation

/// The job `reconcileLedgers`:
///
/// 1. `createTables` (every run);
/// 2. split `load`: `loadBank` and `loadBook` at the same time, each a fault-tolerant chunk
///    step (broken lines and unknown currencies skipped into `<reject.dir>/<ledger>-rejects.jsonl`,
///    the rates service retried with backoff);
/// 3. `match`: partitioned by entry id range into 4 partitions, each partition
///    `matchRange:partitionN` comparing both ledgers for its ids and writing the differences
///    to `ledger_mismatches`;
/// 4. decision `review?`: more differences than `review.threshold` (default 100) go to
///    `flagForReview`, which ends the job with exit code `NEEDS_REVIEW`; otherwise the job ends
///    COMPLETED.
///
/// Parameters: `bank.file`, `book.file` (identifying); `reject.dir`, `skip.limit` (default
/// 1000), `review.threshold` (pass them as non-identifying).
enum ReconcileJob {
    static let rates = RatesService()

    static let job = Job(
        "reconcileLedgers", incrementer: RunIdIncrementer(),
        validator: DefaultJobParametersValidator(
            required: ["bank.file", "book.file"], optional: ["reject.dir", "skip.limit", "review.threshold", "run.id"]),
        flow: Flow {
            TaskletStep("createTables", options: StepOptions(allowStartIfComplete: true)) { contribution in
                let connection = ChunkTransaction.connection(for: contribution.step.database)!
                for table in ["ledger_bank", "ledger_book"] {
                    try await connection.execute(
                        "CREATE TABLE IF NOT EXISTS \(table) (id BIGINT NOT NULL PRIMARY KEY, account VARCHAR(16) NOT NULL, cents BIGINT NOT NULL)")
                }
                try await connection.execute(
                    """
                    CREATE TABLE IF NOT EXISTS ledger_mismatches (id BIGINT NOT NULL PRIMARY KEY, kind VARCHAR(16) NOT NULL,
                        bank_cents BIGINT, book_cents BIGINT)
                    """)
                return .finished
            }
            FlowNode.split("load") {
                Flow("bank") { loader("loadBank", file: "bank.file", table: "ledger_bank", rejects: "bank") }
                Flow("book") { loader("loadBook", file: "book.file", table: "ledger_book", rejects: "book") }
            }
            PartitionStep(
                "match", partitioner: KeyRangePartitioner { context in try await idRange(context.database) }, gridSize: 4,
                worker: matcher())
            FlowNode.decision("review?") { execution, lastStep in
                let threshold = (try? execution.parameters.long("review.threshold")) ?? 100
                return (lastStep?.counts.write ?? 0) > threshold ? "REVIEW" : "OK"
            }
            .on("REVIEW", .next("flagForReview"))
            .on("*", .end())
            TaskletStep("flagForReview") { contribution in
                contribution.step.logger.warning("more differences than the review threshold: a person must review ledger_mismatches")
                return .finished
            }
            .on("*", .end(exitCode: "NEEDS_REVIEW"))
        })

    /// A fault-tolerant loader of one ledger file into its table.
    static func loader(_ name: String, file: String, table: String, rejects: String) -> some Step {
        ChunkStep(
            name, commitInterval: 500,
            reader: { context in
                let path = try context.parameters.string(file)
                return DelimitedFileReader(name: rejects, path: path, header: true, columnCount: 4) { record in
                    LedgerEntry.Line(place: "\(path):\(record.lineNumber)", id: record[0], account: record[1], amount: record[2], currency: record[3])
                }
            },
            process: { line in try await LedgerEntry(line, rates: rates) },
            writer: { context in
                SQLBatchWriter<LedgerEntry>(pool: context.database, table: table, columns: ["id", "account", "cents"]) {
                    [.int($0.id), .text($0.account), .int($0.cents)]
                }
            }
        ).faultTolerant { context in
            var tolerance = FaultTolerance.skipping(
                .codes(.readFailed, .processFailed), limit: try context.parameters.long("skip.limit", default: 1000),
                retrying: .types(RatesService.Unavailable.self), retryLimit: 4,
                backoff: .exponential(initial: .milliseconds(5), maximum: .milliseconds(200)))
            if context.parameters["reject.dir"] != nil {
                tolerance.rejectFile = { context in try context.parameters.string("reject.dir") + "/\(rejects)-rejects.jsonl" }
            }
            return tolerance
        }
    }

    /// The partition worker: both ledgers' entries of an id range, the differences written.
    static func matcher() -> some Step {
        ChunkStep(
            "matchRange", commitInterval: 500,
            reader: { context in
                guard let low = context.stepContext.int("key.min"), let high = context.stepContext.int("key.max") else {
                    throw BatchError(.invalidParameters, "partition \(context.stepName) has no id range")
                }
                // Both ledgers' amounts per id: one row per id present in either.
                let both = """
                    (SELECT id, MAX(bank) AS bank_cents, MAX(book) AS book_cents FROM (
                        SELECT id, cents AS bank, NULL AS book FROM ledger_bank WHERE id BETWEEN \(low) AND \(high)
                        UNION ALL SELECT id, NULL, cents FROM ledger_book WHERE id BETWEEN \(low) AND \(high)) entries GROUP BY id) pairs
                    """
                return SQLPagingReader<(Int64, Int64?, Int64?)>(
                    pool: context.database, name: "match", table: both, columns: ["id", "bank_cents", "book_cents"], keyColumn: "id",
                    pageSize: 500
                ) { row in (try row.decode(Int64.self, "id"), try row.decode(Int64?.self, "bank_cents"), try row.decode(Int64?.self, "book_cents")) }
            },
            process: { (pair: (Int64, Int64?, Int64?)) -> (Int64, String, Int64?, Int64?)? in
                switch (pair.1, pair.2) {
                case let (bank?, book?) where bank == book: return nil
                case (.some, .some): return (pair.0, "amount", pair.1, pair.2)
                case (.some, nil): return (pair.0, "only_bank", pair.1, nil)
                default: return (pair.0, "only_book", nil, pair.2)
                }
            },
            writer: { context in
                SQLBatchWriter<(Int64, String, Int64?, Int64?)>(
                    pool: context.database, table: "ledger_mismatches", columns: ["id", "kind", "bank_cents", "book_cents"],
                    mode: .upsert(conflictColumns: ["id"])
                ) { [.int($0.0), .text($0.1), $0.2.map { .int($0) } ?? .null, $0.3.map { .int($0) } ?? .null] }
            })
    }

    /// The ids both ledgers span (1...1 when both are empty).
    static func idRange(_ pool: ConnectionPool) async throws -> ClosedRange<Int64> {
        try await pool.withConnection { connection in
            let rows = try await connection.query(
                """
                SELECT MIN(low) AS low, MAX(high) AS high FROM (SELECT MIN(id) AS low, MAX(id) AS high FROM ledger_bank
                UNION ALL SELECT MIN(id), MAX(id) FROM ledger_book) spans
                """)
            let low = try rows.first?.decode(Int64?.self, "low") ?? 1
            let high = try rows.first?.decode(Int64?.self, "high") ?? 1
            return low...max(low, high)
        }
    }
}
