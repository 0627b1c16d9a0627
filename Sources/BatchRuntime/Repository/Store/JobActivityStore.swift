import Database
import Foundation

/// Which running job executions show a sign of life (schema 12).
enum JobActivityStore {
    /// The ids of running job executions that are owned by a process (an owner row, whose
    /// liveness the caller judges) or whose row, or a running step's row, was written at or
    /// after `since`; newest first. Three probes of small indexes: the partial indexes of
    /// running rows by last update, and the owner table (driven from the owner rows, a lookup of
    /// each one's job row: joined the other way, a planner walks every running row).
    static func activeRunningIds(since: Date, on connection: SQLConnection) async throws -> [Int64] {
        let running = "STATUS IN ('STARTING', 'STARTED', 'STOPPING')"
        let sqlite = connection.dialect == .sqlite
        let rows = try await connection.query(
            """
            SELECT JOB_EXECUTION_ID FROM BATCH_JOB_EXECUTION\(sqlite ? " INDEXED BY SB_JOB_EXEC_RUNNING_UPD_IX" : "")
                WHERE \(running) AND LAST_UPDATED >= $1
            UNION
            SELECT JOB_EXECUTION_ID FROM BATCH_STEP_EXECUTION\(sqlite ? " INDEXED BY SB_STEP_EXEC_RUNNING_UPD_IX" : "")
                WHERE \(running) AND LAST_UPDATED >= $1
            UNION
            SELECT O.JOB_EXECUTION_ID FROM SB_JOB_EXECUTION_OWNER O WHERE EXISTS (
                SELECT 1 FROM BATCH_JOB_EXECUTION E WHERE E.JOB_EXECUTION_ID = O.JOB_EXECUTION_ID AND E.\(running))
            """, [.date(since)])
        return try rows.map { try $0.decode(Int64.self, "JOB_EXECUTION_ID") }.sorted(by: >)
    }
}
