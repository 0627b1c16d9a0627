import Database
import Foundation

/// Which unended task executions show a sign of life (schema 12).
enum TaskActivityStore {
    /// The ids of started, unended task executions that are owned by a process (an owner row)
    /// or whose row was written at or after `since`, plus those of `extra` that are unended;
    /// newest first. Probes of the partial index of unended rows by last update and of the
    /// owner table (driven from the owner rows: joined the other way, SQLite walked every row
    /// without an end, 7 ms in a seeded million): what died unmarked long ago is not read.
    static func activeUnendedIds(since: Date, extra: [Int64], on connection: SQLConnection) async throws -> [Int64] {
        let unended = "END_TIME IS NULL AND START_TIME IS NOT NULL"
        let rows = try await connection.query(
            """
            SELECT TASK_EXECUTION_ID FROM TASK_EXECUTION\(connection.dialect == .sqlite ? " INDEXED BY SB_TASK_EXEC_UNENDED_UPD_IX" : "")
                WHERE \(unended) AND LAST_UPDATED >= $1
            UNION
            SELECT O.TASK_EXECUTION_ID FROM SB_TASK_EXECUTION_OWNER O WHERE EXISTS (
                SELECT 1 FROM TASK_EXECUTION E WHERE E.TASK_EXECUTION_ID = O.TASK_EXECUTION_ID AND E.\(unended))
            """, [.date(since)])
        var ids = Set(try rows.map { try $0.decode(Int64.self, "TASK_EXECUTION_ID") })
        let others = extra.filter { !ids.contains($0) }
        if !others.isEmpty {
            let unendedOthers = try await connection.query(ids: others) {
                "SELECT TASK_EXECUTION_ID FROM TASK_EXECUTION WHERE TASK_EXECUTION_ID IN (\($0)) AND \(unended)"
            }
            ids.formUnion(try unendedOthers.map { try $0.decode(Int64.self, "TASK_EXECUTION_ID") })
        }
        return ids.sorted(by: >)
    }

    /// The rows of `ids` (without arguments), in no particular order.
    static func find(ids: [Int64], on connection: SQLConnection) async throws -> [TaskExecution] {
        try await connection.query(ids: ids) {
            "SELECT \(TaskExecutionStore.columns) FROM TASK_EXECUTION WHERE TASK_EXECUTION_ID IN (\($0))"
        }.map(TaskExecutionStore.decode)
    }
}
