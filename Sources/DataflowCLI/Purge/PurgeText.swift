import Foundation

/// A purge report (the server's JSON, or the same encoding of a report made here) as a table of
/// what went, or with `dryRun` what would.
enum PurgeText {
    /// The counted tables, in the report's keys, with the names the table shows.
    static let jobRows = [
        ("jobExecutions", "Job executions"), ("stepExecutions", "Step executions"), ("jobInstances", "Job instances"),
        ("jobParameters", "Job parameters"), ("jobContexts", "Job contexts"), ("stepContexts", "Step contexts"),
        ("taskLinks", "Task links"),
    ]
    static let taskRows = [("taskExecutions", "Task executions"), ("taskParameters", "Task arguments")]

    /// Every row counted.
    static func rowCount(_ report: JSONValue) -> Int64 {
        (taskRows + jobRows).reduce(0) { $0 + (report[$1.0].integer ?? 0) }
    }

    /// The table; a task purge shows its task rows first.
    static func table(_ report: JSONValue, tasks: Bool) -> String {
        let dryRun = report["dryRun"].bool ?? false
        let counted = (tasks ? taskRows : []) + jobRows
        var rows = counted.map { [$0.1, ResourceText.cell(report[$0.0])] }
        rows.append(["Kept for restart", ResourceText.cell(report["keptForRestart"])])
        rows.append(["Kept with running", ResourceText.cell(report["keptWithRunning"])])
        rows.append(["Batches", ResourceText.cell(report["batches"])])
        rows.append(["Longest batch", milliseconds(report["longestBatchMillis"])])
        rows.append(["Duration", milliseconds(report["durationMillis"])])
        let table = Table(headers: ["", dryRun ? "Would delete" : "Deleted"], rows: rows).render()
        return dryRun ? table + "\n(dry run: nothing was deleted)" : table
    }

    private static func milliseconds(_ value: JSONValue) -> String {
        let number: Double
        switch value {
        case .number(let value): number = value
        case .integer(let value): number = Double(value)
        default: return ""
        }
        return String(format: "%.1f ms", number)
    }
}
