import Database
import Foundation

/// `SB_JOB_EXECUTION_OWNER`: the process that runs an execution, its heartbeat and stop requests.
enum ExecutionOwnerStore {
    static func insert(_ owner: ExecutionOwner, executionId: Int64, on connection: SQLConnection) async throws {
        try await connection.execute(
            """
            INSERT INTO SB_JOB_EXECUTION_OWNER (JOB_EXECUTION_ID, HOST, PID, PROCESS_START, STARTED, HEARTBEAT)
            VALUES ($1, $2, $3, $4, $5, $5)
            """,
            [.int(executionId), .text(owner.host), .int(owner.pid), owner.processStart.sqlValue, .date(owner.heartbeat)])
    }

    /// Records a heartbeat; returns whether a stop was requested.
    static func beat(executionId: Int64, at time: Date, on connection: SQLConnection) async throws -> Bool {
        let rows = try await connection.query(
            "UPDATE SB_JOB_EXECUTION_OWNER SET HEARTBEAT = $1 WHERE JOB_EXECUTION_ID = $2 RETURNING STOP_REQUESTED",
            [.date(time), .int(executionId)])
        return try rows.first.map { try $0.decode(Date?.self, "STOP_REQUESTED") != nil } ?? false
    }

    static func requestStop(executionId: Int64, at time: Date, on connection: SQLConnection) async throws -> Bool {
        try await connection.execute(
            "UPDATE SB_JOB_EXECUTION_OWNER SET STOP_REQUESTED = $1 WHERE JOB_EXECUTION_ID = $2 AND STOP_REQUESTED IS NULL",
            [.date(time), .int(executionId)]) == 1
    }

    static func stopRequested(executionId: Int64, on connection: SQLConnection) async throws -> Bool {
        let rows = try await connection.query(
            "SELECT STOP_REQUESTED FROM SB_JOB_EXECUTION_OWNER WHERE JOB_EXECUTION_ID = $1", [.int(executionId)])
        return try rows.first.map { try $0.decode(Date?.self, "STOP_REQUESTED") != nil } ?? false
    }

    static func find(executionId: Int64, on connection: SQLConnection) async throws -> ExecutionOwner? {
        let rows = try await connection.query(
            "SELECT HOST, PID, PROCESS_START, HEARTBEAT, STOP_REQUESTED FROM SB_JOB_EXECUTION_OWNER WHERE JOB_EXECUTION_ID = $1",
            [.int(executionId)])
        guard let row = rows.first else { return nil }
        return ExecutionOwner(
            host: try row.decode(String.self, "HOST"), pid: try row.decode(Int64.self, "PID"),
            processStart: try row.decode(String?.self, "PROCESS_START"), heartbeat: try row.decode(Date.self, "HEARTBEAT"),
            stopRequested: try row.decode(Date?.self, "STOP_REQUESTED"))
    }

    static func delete(executionId: Int64, on connection: SQLConnection) async throws {
        try await connection.execute("DELETE FROM SB_JOB_EXECUTION_OWNER WHERE JOB_EXECUTION_ID = $1", [.int(executionId)])
    }
}
