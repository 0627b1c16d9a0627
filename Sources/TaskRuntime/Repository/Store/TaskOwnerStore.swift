import Database
import Foundation

/// `SB_TASK_EXECUTION_OWNER`: the process that runs a task execution and its heartbeat.
enum TaskOwnerStore {
    static func insert(_ owner: ExecutionOwner, executionId: Int64, on connection: SQLConnection) async throws {
        try await connection.execute(
            """
            INSERT INTO SB_TASK_EXECUTION_OWNER (TASK_EXECUTION_ID, HOST, PID, PROCESS_START, STARTED, HEARTBEAT)
            VALUES ($1, $2, $3, $4, $5, $5)
            """,
            [.int(executionId), .text(owner.host), .int(owner.pid), owner.processStart.sqlValue, .date(owner.heartbeat)])
    }

    /// Records a heartbeat; returns whether the row still exists.
    static func beat(executionId: Int64, at time: Date, on connection: SQLConnection) async throws -> Bool {
        try await connection.execute(
            "UPDATE SB_TASK_EXECUTION_OWNER SET HEARTBEAT = $1 WHERE TASK_EXECUTION_ID = $2", [.date(time), .int(executionId)]) == 1
    }

    static func find(executionId: Int64, on connection: SQLConnection) async throws -> ExecutionOwner? {
        let rows = try await connection.query(
            "SELECT HOST, PID, PROCESS_START, HEARTBEAT FROM SB_TASK_EXECUTION_OWNER WHERE TASK_EXECUTION_ID = $1",
            [.int(executionId)])
        return try rows.first.flatMap(decodeOwner)
    }

    static func delete(executionId: Int64, on connection: SQLConnection) async throws {
        try await connection.execute("DELETE FROM SB_TASK_EXECUTION_OWNER WHERE TASK_EXECUTION_ID = $1", [.int(executionId)])
    }

    /// The owner columns of a row (nil when a left join found none).
    static func decodeOwner(_ row: SQLRow) throws -> ExecutionOwner? {
        guard let host = try row.decode(String?.self, "HOST") else { return nil }
        return ExecutionOwner(
            host: host, pid: try row.decode(Int64.self, "PID"), processStart: try row.decode(String?.self, "PROCESS_START"),
            heartbeat: try row.decode(Date.self, "HEARTBEAT"))
    }
}
