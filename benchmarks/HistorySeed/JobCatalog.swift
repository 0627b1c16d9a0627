/// The jobs of the seeded history: a handful of names that run at different rates, each with
/// its steps, its Data Flow task definition and the parameters its launches pass.
struct JobDefinition: Sendable {
    /// `JOB_NAME`.
    var name: String
    /// The task definition that launches it (`TASK_NAME`).
    var taskName: String
    /// Its share of all job executions.
    var weight: Double
    /// Its steps, in the order they run.
    var steps: [StepDefinition]
    /// Which parameters a launch passes besides `run.id`.
    var parameters: ParameterStyle
}

/// One step of a job: a chunk step reading items, or a tasklet.
struct StepDefinition: Sendable {
    var name: String
    /// The reader's name in the step context (`<reader>.read.count`); nil for a tasklet step.
    var reader: String?
    /// The tasklet's class, as Spring records it in `batch.taskletType`.
    var tasklet: String
    /// Items read by a full run (0...0 for a tasklet).
    var items: ClosedRange<Int>
    /// Items per chunk (the commit interval).
    var chunk: Int
    /// Seconds a full run takes.
    var seconds: ClosedRange<Double>

    /// A chunk step.
    static func chunk(_ name: String, reader: String, items: ClosedRange<Int>, chunk: Int, seconds: ClosedRange<Double>)
        -> StepDefinition
    {
        StepDefinition(
            name: name, reader: reader, tasklet: "org.springframework.batch.core.step.item.ChunkOrientedTasklet", items: items,
            chunk: chunk, seconds: seconds)
    }

    /// A tasklet step.
    static func tasklet(_ name: String, _ type: String, seconds: ClosedRange<Double>) -> StepDefinition {
        StepDefinition(name: name, reader: nil, tasklet: type, items: 0...0, chunk: 1, seconds: seconds)
    }
}

/// The parameters beside the identifying `run.id` (Spring's `RunIdIncrementer`): one or two
/// more rows, of Spring's stored types.
enum ParameterStyle: Sendable {
    /// `input.file` (String, identifying) and `chunk.size` (Long, non-identifying).
    case inputFile
    /// `business.date` (LocalDate, identifying) and `threshold` (Double, non-identifying).
    case businessDate
    /// `cutoff` (LocalDateTime, non-identifying).
    case cutoff
    /// `source` (String, non-identifying).
    case source
    /// `as.of` (java.util.Date, non-identifying).
    case asOf
    /// `report.date` (LocalDate, identifying).
    case reportDate
}

enum JobCatalog {
    /// The jobs; weights add up to 1.
    static let jobs: [JobDefinition] = [
        JobDefinition(
            name: "importTransactions", taskName: "import-transactions", weight: 0.35,
            steps: [
                .chunk("loadTransactions", reader: "transactionsReader", items: 2_000...120_000, chunk: 1000, seconds: 4...90),
                .tasklet("reconcileTotals", "com.example.batch.ReconcileTasklet", seconds: 0.5...8),
            ], parameters: .inputFile),
        JobDefinition(
            name: "syncCustomers", taskName: "sync-customers", weight: 0.25,
            steps: [
                .chunk("fetchCustomers", reader: "customerApiReader", items: 100...20_000, chunk: 200, seconds: 2...40),
                .chunk("upsertCustomers", reader: "stagedCustomerReader", items: 100...20_000, chunk: 500, seconds: 1...20),
            ], parameters: .source),
        JobDefinition(
            name: "refreshRates", taskName: "refresh-rates", weight: 0.20,
            steps: [
                .tasklet("downloadRates", "com.example.batch.DownloadTasklet", seconds: 0.3...5),
                .chunk("storeRates", reader: "ratesReader", items: 150...400, chunk: 100, seconds: 0.2...2),
            ], parameters: .asOf),
        JobDefinition(
            name: "settleAccounts", taskName: "settle-accounts", weight: 0.10,
            steps: [
                .chunk("settle", reader: "openAccountsReader", items: 10_000...400_000, chunk: 1000, seconds: 30...600),
                .chunk("notifySettlements", reader: "settlementReader", items: 10...2_000, chunk: 100, seconds: 1...30),
            ], parameters: .businessDate),
        JobDefinition(
            name: "archiveLogs", taskName: "archive-logs", weight: 0.07,
            steps: [
                .tasklet("compressLogs", "com.example.batch.CompressTasklet", seconds: 5...120),
                .tasklet("uploadArchive", "com.example.batch.UploadTasklet", seconds: 2...60),
            ], parameters: .cutoff),
        JobDefinition(
            name: "nightlyReport", taskName: "nightly-report", weight: 0.03,
            steps: [
                .chunk("extractFigures", reader: "figuresReader", items: 50_000...2_000_000, chunk: 5000, seconds: 60...1800),
                .tasklet("renderReport", "com.example.batch.RenderReportTasklet", seconds: 5...90),
            ], parameters: .reportDate),
    ]

    /// Task definitions that run no job (`TASK_TASK_BATCH` has no row for them).
    static let plainTasks = ["cleanup-temp-files", "send-daily-digest", "refresh-search-index"]

    /// The job a uniform number in 0..<1 picks, by weight.
    static func job(at unit: Double) -> Int {
        var total = 0.0
        for (index, job) in jobs.enumerated() {
            total += job.weight
            if unit < total { return index }
        }
        return jobs.count - 1
    }
}
