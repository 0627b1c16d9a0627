import BatchRuntime
import Database
import Testing

/// The key columns of every table a purge touches, row by row (sorted): what the tests compare
/// before and after a purge, and against what the oracle says must be left.
struct TableSnapshot: Equatable, CustomStringConvertible {
    /// Each table with the columns that identify its rows (and link them to their execution).
    static let tables: [(name: String, columns: [String])] = [
        ("BATCH_JOB_INSTANCE", ["JOB_INSTANCE_ID"]),
        ("BATCH_JOB_EXECUTION", ["JOB_EXECUTION_ID", "JOB_INSTANCE_ID"]),
        ("BATCH_JOB_EXECUTION_PARAMS", ["JOB_EXECUTION_ID"]),
        ("BATCH_JOB_EXECUTION_CONTEXT", ["JOB_EXECUTION_ID"]),
        ("BATCH_STEP_EXECUTION", ["STEP_EXECUTION_ID", "JOB_EXECUTION_ID"]),
        ("BATCH_STEP_EXECUTION_CONTEXT", ["STEP_EXECUTION_ID"]),
        ("SB_JOB_EXECUTION_OWNER", ["JOB_EXECUTION_ID"]),
        ("TASK_EXECUTION", ["TASK_EXECUTION_ID"]),
        ("TASK_EXECUTION_PARAMS", ["TASK_EXECUTION_ID"]),
        ("TASK_TASK_BATCH", ["TASK_EXECUTION_ID", "JOB_EXECUTION_ID"]),
        ("SB_TASK_EXECUTION_OWNER", ["TASK_EXECUTION_ID"]),
    ]

    var rows: [String: [[Int64]]]

    var description: String { Self.tables.map { "\($0.name): \(rows[$0.name]?.count ?? 0)" }.joined(separator: ", ") }

    static func take(_ pool: ConnectionPool) async throws -> TableSnapshot {
        try await pool.withConnection { connection in
            var rows: [String: [[Int64]]] = [:]
            for (table, columns) in tables {
                rows[table] = try await connection.query("SELECT \(columns.joined(separator: ", ")) FROM \(table)").map { row in
                    try columns.map { try row.decode(Int64.self, $0) }
                }.sorted { $0.lexicographicallyPrecedes($1) }
            }
            return TableSnapshot(rows: rows)
        }
    }

    func count(_ table: String) -> Int { rows[table]?.count ?? 0 }

    /// What is left when `jobs` and `tasks` go with everything that hangs off them, and the
    /// instances left without executions.
    func without(jobs: Set<Int64>, tasks: Set<Int64> = []) -> TableSnapshot {
        var left = rows
        let executions = rows["BATCH_JOB_EXECUTION"]!
        let keptInstances = Set(executions.filter { !jobs.contains($0[0]) }.map { $0[1] })
        let touched = Set(executions.filter { jobs.contains($0[0]) }.map { $0[1] })
        left["BATCH_JOB_INSTANCE"] = rows["BATCH_JOB_INSTANCE"]!.filter { !touched.contains($0[0]) || keptInstances.contains($0[0]) }
        for table in ["BATCH_JOB_EXECUTION", "BATCH_JOB_EXECUTION_PARAMS", "BATCH_JOB_EXECUTION_CONTEXT", "SB_JOB_EXECUTION_OWNER"] {
            left[table] = rows[table]!.filter { !jobs.contains($0[0]) }
        }
        let goneSteps = Set(rows["BATCH_STEP_EXECUTION"]!.filter { jobs.contains($0[1]) }.map { $0[0] })
        left["BATCH_STEP_EXECUTION"] = rows["BATCH_STEP_EXECUTION"]!.filter { !goneSteps.contains($0[0]) }
        left["BATCH_STEP_EXECUTION_CONTEXT"] = rows["BATCH_STEP_EXECUTION_CONTEXT"]!.filter { !goneSteps.contains($0[0]) }
        for table in ["TASK_EXECUTION", "TASK_EXECUTION_PARAMS", "SB_TASK_EXECUTION_OWNER"] {
            left[table] = rows[table]!.filter { !tasks.contains($0[0]) }
        }
        left["TASK_TASK_BATCH"] = rows["TASK_TASK_BATCH"]!.filter { !tasks.contains($0[0]) && !jobs.contains($0[1]) }
        return TableSnapshot(rows: left)
    }

    /// The report a purge from this snapshot to `after` must give (rows only).
    func expectedReport(after: TableSnapshot, dryRun: Bool) -> PurgeReport {
        func gone(_ table: String) -> Int { count(table) - after.count(table) }
        var report = PurgeReport(dryRun: dryRun)
        report.taskExecutions = gone("TASK_EXECUTION")
        report.taskParameters = gone("TASK_EXECUTION_PARAMS")
        report.taskLinks = gone("TASK_TASK_BATCH")
        report.jobExecutions = gone("BATCH_JOB_EXECUTION")
        report.jobInstances = gone("BATCH_JOB_INSTANCE")
        report.jobParameters = gone("BATCH_JOB_EXECUTION_PARAMS")
        report.jobContexts = gone("BATCH_JOB_EXECUTION_CONTEXT")
        report.stepExecutions = gone("BATCH_STEP_EXECUTION")
        report.stepContexts = gone("BATCH_STEP_EXECUTION_CONTEXT")
        return report
    }

    /// Expects every table of `actual` to equal this one's, naming the table that differs.
    func expectEqual(_ actual: TableSnapshot, sourceLocation: SourceLocation = #_sourceLocation) {
        for (table, _) in Self.tables {
            #expect(actual.rows[table] == rows[table], "\(table): expected \(count(table)) rows, found \(actual.count(table))", sourceLocation: sourceLocation)
        }
    }
}

extension PurgeReport {
    /// Only the row counts (what a dry run and a real run must agree on, and the oracle decides).
    var counts: [Int] {
        [taskExecutions, taskParameters, taskLinks, jobExecutions, jobInstances, jobParameters, jobContexts, stepExecutions, stepContexts]
    }
}
