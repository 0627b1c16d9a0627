import ArgumentParser
import Database
import Foundation

/// `history-seed`: writes a realistic job and task history into a migrated database, fast
/// enough for a million executions (see benchmarks/README.md, "Explorer reads").
@main
struct HistorySeed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history-seed",
        abstract: "Write a realistic Spring Batch / Spring Cloud Task history into a fresh database.",
        discussion: """
            Migrates the database, then writes --executions job executions (instances, parameters, contexts, \
            steps) with the task executions that ran them and some task executions without jobs, in bulk: \
            COPY on PostgreSQL, batch inserts on SQLite, one transaction per batch. Moves Spring's sequences \
            past the ids written and analyses the tables. The same --seed writes the same history. \
            Prints `RESULT seed <dialect> <executions> <rows> <write seconds> <analyse seconds> <rows/s>` on \
            standard output.
            """)

    @Option(help: "Database URL: sqlite:/path/file.db or postgres://user:password@host:port/db.")
    var db: String

    @Option(help: "Job executions to write.")
    var executions: Int = 1_000_000

    @Option(help: "Random seed: the same seed writes the same history.")
    var seed: UInt64 = 42

    @Option(help: "Job executions per batch (one transaction each).")
    var batch: Int = 5000

    @Option(help: "Days the history spans.")
    var days: Int = 180

    @Option(help: "When the history ends: the start of a day (UTC, yyyy-MM-dd) or an instant (yyyy-MM-ddTHH:mm:ssZ).")
    var end: String = "2026-12-01"

    @Option(help: "Task executions without a job, per job execution.")
    var plainTaskShare: Double = 0.1

    @Option(help: "Also write what was seeded, as JSON, to this file.")
    var summary: String?

    func validate() throws {
        guard executions >= 0 else { throw ValidationError("--executions must not be negative") }
        guard batch >= 1 else { throw ValidationError("--batch must be at least 1") }
        guard days >= 1 else { throw ValidationError("--days must be at least 1") }
        guard (0...1).contains(plainTaskShare) else { throw ValidationError("--plain-task-share must be between 0 and 1") }
        guard Self.endSeconds(end) != nil else { throw ValidationError("--end must be a date such as 2026-12-01 or an instant such as 2026-12-01T09:30:00Z") }
    }

    func run() async throws {
        let url = try DatabaseURL(db)
        let plan = SeedPlan(
            executions: executions, seed: seed, end: Self.endSeconds(end)!, days: days, plainTaskShare: plainTaskShare)
        let batchSize = batch
        let clock = ContinuousClock()
        let result = try await ConnectionPool.withPool(url: url, configuration: .init(maximumConnections: 1)) { pool in
            try await Migrator(pool: pool).migrate()
            return try await pool.withConnection { connection in
                try await HistoryWriter.requireEmpty(on: connection)
                var generator = HistoryGenerator(plan: plan)
                let started = clock.now
                try await Self.writeAll(&generator, batchSize: batchSize, on: connection, started: started)
                try await HistoryWriter.advanceSequences(generator.summary, on: connection)
                var summary = generator.summary
                summary.writeSeconds = (clock.now - started).seconds
                let analyzing = clock.now
                try await HistoryWriter.analyze(on: connection)
                summary.analyzeSeconds = (clock.now - analyzing).seconds
                return summary
            }
        }
        try report(result, dialect: url.dialect)
    }

    /// Writes every batch, generating the next one while the database writes the current one.
    private static func writeAll(
        _ generator: inout HistoryGenerator, batchSize: Int, on connection: SQLConnection, started: ContinuousClock.Instant
    ) async throws {
        var next = generator.next(size: batchSize)
        var written = 0
        var nextReport = 0.1
        while let batch = next {
            async let writing = HistoryWriter.write(batch, on: connection)
            next = generator.next(size: batchSize)
            written += try await writing
            let done = Double(generator.summary.jobExecutions - (next?.executionCount ?? 0)) / Double(generator.plan.executions)
            if done >= nextReport || next == nil {
                let seconds = (ContinuousClock.now - started).seconds
                printStandardError(
                    "history-seed: \(Int((done * 100).rounded()))% (\(written) rows, \(format(Double(written) / seconds, 0)) rows/s)")
                nextReport = (done * 10).rounded(.down) / 10 + 0.1
            }
        }
    }

    private func report(_ summary: SeedSummary, dialect: SQLDialect) throws {
        let rate = summary.writeSeconds > 0 ? Double(summary.rows) / summary.writeSeconds : 0
        printStandardError(
            "history-seed: wrote \(summary.jobExecutions) job executions (\(summary.jobInstances) instances, "
                + "\(summary.restarts) restarts, \(summary.stepExecutions) steps) and \(summary.taskExecutions) task executions: "
                + "\(summary.rows) rows in \(format(summary.writeSeconds, 1)) s "
                + "(\(format(Double(summary.jobExecutions) / max(summary.writeSeconds, 1e-9), 0)) executions/s, "
                + "\(format(rate, 0)) rows/s); \(dialect == .postgresql ? "VACUUM ANALYZE" : "ANALYZE") "
                + "\(format(summary.analyzeSeconds, 1)) s")
        let statuses = summary.jobExecutionsByStatus.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
        printStandardError("history-seed: job executions by status: \(statuses.joined(separator: ", "))")
        if let path = self.summary {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(summary).write(to: URL(fileURLWithPath: path))
        }
        print(
            "RESULT seed \(dialect) \(summary.jobExecutions) \(summary.rows) \(format(summary.writeSeconds, 3)) "
                + "\(format(summary.analyzeSeconds, 3)) \(format(rate, 0))")
    }

    /// Midnight UTC of a `yyyy-MM-dd` day, in seconds since 1970.
    static func endSeconds(_ text: String) -> Double? {
        let (day, time) = text.firstIndex(of: "T").map { (text[..<$0], text[text.index(after: $0)...]) } ?? (text[...], "")
        let parts = day.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]), (1...31).contains(parts[2]) else { return nil }
        var components = DateComponents()
        (components.year, components.month, components.day) = (parts[0], parts[1], parts[2])
        if !time.isEmpty {
            guard time.hasSuffix("Z") else { return nil }
            let clock = time.dropLast().split(separator: ":").compactMap { Int($0) }
            guard clock.count == 3, (0..<24).contains(clock[0]), (0..<60).contains(clock[1]), (0..<60).contains(clock[2]) else { return nil }
            (components.hour, components.minute, components.second) = (clock[0], clock[1], clock[2])
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: components)?.timeIntervalSince1970
    }
}

func format(_ value: Double, _ decimals: Int) -> String {
    String(format: "%.\(decimals)f", value)
}

func printStandardError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
