import BatchRuntime
import Database
import DatabaseTestSupport
import Foundation

/// Spring Cloud Data Flow's own test history (shared by the explorer and server tests) (Tests/Fixtures/scdf-task-executions), loaded into a
/// migrated database the way Data Flow's tests load it, and the facts read from the files.
public enum SpringHistory {
    public static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/scdf-task-executions")

    /// The tables in foreign-key order.
    public static let tables = [
        "BATCH_JOB_INSTANCE", "BATCH_JOB_EXECUTION", "BATCH_JOB_EXECUTION_CONTEXT", "BATCH_JOB_EXECUTION_PARAMS",
        "BATCH_STEP_EXECUTION", "BATCH_STEP_EXECUTION_CONTEXT", "TASK_EXECUTION", "TASK_EXECUTION_PARAMS", "TASK_TASK_BATCH",
    ]

    /// One table's records: the header's column names and the rows as text (nil for blank fields).
    public static func records(_ table: String) async throws -> (columns: [String], rows: [[String?]]) {
        let reader = DelimitedFileReader(name: table, path: directory.appendingPathComponent("\(table).csv").path)
        try await reader.open(ExecutionContext())
        var rows: [[String?]] = []
        while let record = try reader.read() {
            rows.append(record.fields.map { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 })
        }
        try await reader.close()
        return (reader.columnNames ?? [], rows)
    }

    /// Inserts every file into its table, typing each column by its name as Data Flow's loader does.
    public static func load(into pool: ConnectionPool) async throws {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        for table in tables {
            let (columns, rows) = try await records(table)
            let values: [[SQLValue]] = try rows.map { row in
                try zip(columns, row).map { column, text in
                    guard let text else { return .null }
                    if column == "EXTERNAL_EXECUTION_ID" { return .text(text) }
                    if column.hasSuffix("_TIME") || column == "LAST_UPDATED" {
                        guard let date = formatter.date(from: text) else { throw TestSetupError("\(table).\(column): bad time \(text)") }
                        return .date(date)
                    }
                    if column == "ID" || column.hasSuffix("_ID") || column.hasSuffix("_COUNT") || column == "VERSION" || (table == "TASK_EXECUTION" && column == "EXIT_CODE") {
                        guard let number = Int64(text) else { throw TestSetupError("\(table).\(column): bad number \(text)") }
                        return .int(number)
                    }
                    return .text(text)
                }
            }
            let placeholders = (1...columns.count).map { "$\($0)" }.joined(separator: ", ")
            try await pool.transaction { connection in
                _ = try await connection.executeBatch(
                    "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(placeholders))", values)
            }
        }
    }
}
