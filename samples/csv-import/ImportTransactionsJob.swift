import BatchRuntime

/// The job `importTransactions`: create the table if needed, then read the CSV in chunks,
/// validate each row and insert it, each chunk in one transaction with its checkpoint.
///
/// Parameters: `input.file=PATH` (identifying), `chunk.size=N` (default 1,000; pass it as
/// `chunk.size=500,java.lang.Long,false` so it does not change the job instance).
/// `skip.limit=N` skips up to N rows that cannot be read or are invalid (none by default: the
/// first bad row fails the job), each written with its reason to `reject.file=PATH` when given
/// (no reject file otherwise). Pass both as non-identifying.
enum ImportTransactionsJob {
    static let job = Job(
        "importTransactions", incrementer: RunIdIncrementer(),
        validator: DefaultJobParametersValidator(required: ["input.file"], optional: ["chunk.size", "run.id", "skip.limit", "reject.file"])
    ) {
        TaskletStep("createTable", options: StepOptions(allowStartIfComplete: true)) { contribution in
            let database = contribution.step.database
            let amountType = database.dialect == .postgresql ? "NUMERIC(18,2)" : "NUMERIC"
            let transaction = ChunkTransaction.connection(for: database)!
            try await transaction.execute(
                """
                CREATE TABLE IF NOT EXISTS transactions (
                    id BIGINT NOT NULL PRIMARY KEY, account VARCHAR(64) NOT NULL, amount \(amountType) NOT NULL,
                    currency CHAR(3) NOT NULL, ts TIMESTAMP NOT NULL, memo TEXT NOT NULL)
                """)
            return .finished
        }
        ChunkStep(
            "importTransactions", commitInterval: .parameter("chunk.size", default: 1000),
            reader: { context in
                let path = try context.parameters.string("input.file")
                return DelimitedFileReader(name: "transactions", path: path, header: true, columnCount: 6) { record in
                    TransactionRow(record, file: path)
                }
            },
            process: { row in try Transaction(row) },
            writer: { context in
                SQLBatchWriter<Transaction>(
                    pool: context.database, table: "transactions", columns: Transaction.columns,
                    mode: context.database.dialect == .postgresql ? .copy : .insert
                ) { $0.values }
            }
        ).faultTolerant { context in
            let limit = try context.parameters.long("skip.limit", default: 0)
            guard limit > 0 else { return nil }
            var tolerance = FaultTolerance.skipping(.codes(.readFailed, .processFailed), limit: limit)
            if context.parameters["reject.file"] != nil {
                tolerance.rejectFile = { context in try context.parameters.string("reject.file") }
            }
            return tolerance
        }
    }
}
