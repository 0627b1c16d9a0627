import BatchRuntime
import Foundation

// batch-benchmark import --db URL FILE... [--partitioned] [--chunk C]
//
// Imports csv-import's sample CSV files (`csv-import generate`) into table `transactions`:
// without --partitioned as one chunk step over the files one after another (the single step),
// with it as a PartitionStep with one partition per file, all at the same time. Prints
//
//   RESULT import partitions=P rows=N seconds=S rows_per_s=R
//
// where S is the wall time of JobLauncher.run (migration and table creation not timed).

struct ImportOptions {
    var database: String?
    var files: [String] = []
    var partitioned = false
    var chunk = 1000

    init(_ arguments: ArraySlice<String>) throws {
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            switch argument {
            case "--partitioned":
                partitioned = true
            case "--db", "--chunk":
                guard index + 1 < arguments.endIndex else { throw BenchmarkError("\(argument) needs a value") }
                index += 1
                if argument == "--db" {
                    database = arguments[index]
                } else {
                    guard let chunk = Int(arguments[index]), chunk > 0 else { throw BenchmarkError("--chunk must be a positive integer") }
                    self.chunk = chunk
                }
            default:
                files.append(argument)
            }
            index += 1
        }
        guard database != nil, !files.isEmpty else {
            throw BenchmarkError("usage: batch-benchmark import --db URL FILE... [--partitioned] [--chunk C]")
        }
    }
}

/// One row of csv-import's sample, as the values of `transactions`' columns.
private func values(_ record: DelimitedRecord, file: String) throws -> [SQLValue] {
    guard let id = Int64(record[0]), let amount = Decimal(string: record[2]) else {
        throw BatchError(.readFailed, "\(file):\(record.lineNumber): not a sample row")
    }
    guard let ts = try? Date(record[4], strategy: .iso8601) else { throw BatchError(.readFailed, "\(file):\(record.lineNumber): bad ts") }
    return [.int(id), .text(record[1]), .text(NSDecimalNumber(decimal: amount).stringValue), .text(record[3]), .date(ts), .text(record[5])]
}

private func reader(_ path: String) -> DelimitedFileReader<[SQLValue]> {
    DelimitedFileReader(name: "rows", path: path, header: true, columnCount: 6) { try values($0, file: path) }
}

private func writer(_ pool: ConnectionPool) -> SQLBatchWriter<[SQLValue]> {
    SQLBatchWriter<[SQLValue]>(
        pool: pool, table: "transactions", columns: ["id", "account", "amount", "currency", "ts", "memo"],
        mode: pool.dialect == .postgresql ? .copy : .insert
    ) { $0 }
}

func importFiles(_ options: ImportOptions) async throws {
    let files = options.files
    let chunk = options.chunk
    let job: Job
    if options.partitioned {
        job = Job("importBenchmark") {
            PartitionStep(
                "import", partitioner: FilePartitioner { _ in files }, gridSize: files.count,
                worker: ChunkStep(
                    "importFile", commitInterval: .fixed(chunk),
                    reader: { context in reader(context.stepContext.string("file") ?? "") },
                    writer: { context in writer(context.database) }))
        }
    } else {
        job = Job("importBenchmark") {
            ChunkStep(
                "import", commitInterval: .fixed(chunk),
                reader: { _ in MultiFileReader(name: "files", paths: files) { path in reader(path) } },
                writer: { context in writer(context.database) })
        }
    }
    let url = try DatabaseURL(options.database!)
    let (seconds, rows) = try await ConnectionPool.withPool(
        url: url, configuration: ConnectionPool.Configuration(maximumConnections: max(3, files.count + 2)),
        logger: adjusted(.init(label: "batch-benchmark.database")) { $0.logLevel = .warning }
    ) { pool in
        var launcher = JobLauncher(repository: JobRepository(pool: pool))
        launcher.logger.logLevel = .warning
        try await Migrator(pool: pool, logger: launcher.logger).migrate()
        try await pool.withConnection { connection in
            let amount = pool.dialect == .postgresql ? "NUMERIC(18,2)" : "NUMERIC"
            _ = try await connection.execute(
                """
                CREATE TABLE IF NOT EXISTS transactions (id BIGINT NOT NULL PRIMARY KEY, account VARCHAR(64) NOT NULL,
                amount \(amount) NOT NULL, currency CHAR(3) NOT NULL, ts TIMESTAMP NOT NULL, memo TEXT NOT NULL)
                """)
        }
        let started = ContinuousClock.now
        let execution = try await launcher.run(job, parameters: JobParameters())
        let elapsed = ContinuousClock.now - started
        guard execution.status == .completed else {
            throw BenchmarkError("the import ended \(execution.status.rawValue): \(execution.exitStatus.exitDescription)")
        }
        let rows = try await pool.withConnection { try await $0.query("SELECT COUNT(*) AS N FROM transactions")[0].decode(Int64.self, "N") }
        return (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18, rows)
    }
    print(
        String(format: "RESULT import partitions=%d rows=%lld seconds=%.3f rows_per_s=%.0f", options.partitioned ? files.count : 0, rows, seconds,
               Double(rows) / seconds))
}
