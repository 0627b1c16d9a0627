import Database
import Foundation
import Logging

/// The bookkeeping both purges share: each batch timed, counted into the report and logged;
/// for a real run, each in its own transaction with the participant's work inside and after it.
struct PurgeRun {
    private(set) var report: PurgeReport
    let pool: ConnectionPool
    let participant: (any PurgeParticipant)?
    let logger: Logger
    private let clock = ContinuousClock()
    private let started: ContinuousClock.Instant

    init(pool: ConnectionPool, dryRun: Bool, participant: (any PurgeParticipant)?, logger: Logger) {
        self.report = PurgeReport(dryRun: dryRun)
        self.pool = pool
        self.participant = participant
        self.logger = logger
        self.started = clock.now
    }

    /// The time `olderThan` before `now`: executions that ended before it are old enough. Its
    /// microseconds are what the databases store, so the SQL and the report agree at the edge.
    static func cutoff(now: Date, olderThan: Duration) -> Date {
        let (seconds, attoseconds) = olderThan.components
        let time = now.timeIntervalSince1970 - Double(seconds) - Double(attoseconds) / 1e18
        return Date(timeIntervalSince1970: (time * 1_000_000).rounded(.down) / 1_000_000)
    }

    /// Counts an execution the policy selected but kept.
    mutating func kept(_ verdict: PurgeVerdict) {
        switch verdict {
        case .keptForRestart: report.keptForRestart += 1
        case .keptWithRunning: report.keptWithRunning += 1
        case .purge, .notSelected: break
        }
    }

    /// A dry run's batch: `count` says what it would delete.
    mutating func count(_ count: () async throws -> PurgeReport) async throws {
        let start = clock.now
        let rows = try await count()
        record(rows, took: clock.now - start)
    }

    /// A real batch: `delete` deletes it inside a transaction and says what went; the
    /// participant's work commits with it, and what it does after the commit follows.
    mutating func delete(_ delete: (SQLConnection) async throws -> (taskExecutionIds: [Int64], jobExecutionIds: [Int64], rows: PurgeReport))
        async throws
    {
        let number = report.batches + 1
        let participant = self.participant
        let clock = self.clock
        var start = clock.now
        let batch = try await pool.transaction { connection in
            start = clock.now
            let (tasks, jobs, rows) = try await delete(connection)
            let batch = PurgeBatch(number: number, taskExecutionIds: tasks, jobExecutionIds: jobs, rows: rows)
            try await participant?.deleted(batch, on: connection)
            return batch
        }
        record(batch.rows, took: clock.now - start)
        await participant?.committed(batch)
    }

    private mutating func record(_ rows: PurgeReport, took: Duration) {
        report.batches += 1
        report.addRows(rows)
        report.longestBatch = max(report.longestBatch, took)
        logger.debug(
            "purge batch \(report.batches)\(report.dryRun ? " (dry run)" : "")",
            metadata: [
                "batch.purge.batch": "\(report.batches)", "batch.purge.job_executions": "\(rows.jobExecutions)",
                "batch.purge.task_executions": "\(rows.taskExecutions)", "batch.purge.rows": "\(rows.rows)",
                "batch.purge.milliseconds": "\(PurgeReport.milliseconds(took))",
            ])
    }

    /// The report, with the whole purge's duration.
    mutating func finish() -> PurgeReport {
        report.duration = clock.now - started
        logger.info(
            "purge \(report.dryRun ? "dry run " : "")done",
            metadata: [
                "batch.purge.dry_run": "\(report.dryRun)", "batch.purge.task_executions": "\(report.taskExecutions)",
                "batch.purge.job_executions": "\(report.jobExecutions)", "batch.purge.rows": "\(report.rows)",
                "batch.purge.batches": "\(report.batches)",
                "batch.purge.longest_batch_ms": "\(PurgeReport.milliseconds(report.longestBatch))",
                "batch.purge.kept_for_restart": "\(report.keptForRestart)",
                "batch.purge.kept_with_running": "\(report.keptWithRunning)",
            ])
        return report
    }
}
