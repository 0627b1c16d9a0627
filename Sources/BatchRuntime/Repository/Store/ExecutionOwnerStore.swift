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


    static func find(executionId: Int64, on connection: SQLConnection) async throws -> ExecutionOwner? {
        try await find(executionIds: [executionId], on: connection)[executionId]
    }

    /// The owners of several executions, 500 per query; executions without an owner are absent.
    static func find(executionIds: [Int64], on connection: SQLConnection) async throws -> [Int64: ExecutionOwner] {
        var owners: [Int64: ExecutionOwner] = [:]
        let rows = try await connection.query(ids: executionIds) {
            "SELECT JOB_EXECUTION_ID, HOST, PID, PROCESS_START, HEARTBEAT, STOP_REQUESTED FROM SB_JOB_EXECUTION_OWNER WHERE JOB_EXECUTION_ID IN (\($0))"
        }
        for row in rows {
            owners[try row.decode(Int64.self, "JOB_EXECUTION_ID")] = ExecutionOwner(
                host: try row.decode(String.self, "HOST"), pid: try row.decode(Int64.self, "PID"),
                processStart: try row.decode(String?.self, "PROCESS_START"), heartbeat: try row.decode(Date.self, "HEARTBEAT"),
                stopRequested: try row.decode(Date?.self, "STOP_REQUESTED"))
        }
        return owners
    }

    /// Whether a stop was requested for a running execution, by any tool: its row says
    /// `STOPPING` (Spring's operator) or its owner row carries the request (ours). One query,
    /// made at chunk boundaries.
    static func stopRequested(jobExecutionId: Int64, on connection: SQLConnection) async throws -> Bool {
        let rows = try await connection.query(
            """
            SELECT E.STATUS, O.STOP_REQUESTED FROM BATCH_JOB_EXECUTION E
            LEFT JOIN SB_JOB_EXECUTION_OWNER O ON O.JOB_EXECUTION_ID = E.JOB_EXECUTION_ID
            WHERE E.JOB_EXECUTION_ID = $1
            """, [.int(jobExecutionId)])
        guard let row = rows.first else { return false }
        let status = BatchStatus(stored: try row.decode(String?.self, "STATUS"))
        let flagged = try row.decode(Date?.self, "STOP_REQUESTED") != nil
        return status == .stopping || flagged
    }

    static func delete(executionId: Int64, on connection: SQLConnection) async throws {
        try await connection.execute("DELETE FROM SB_JOB_EXECUTION_OWNER WHERE JOB_EXECUTION_ID = $1", [.int(executionId)])
    }
}
