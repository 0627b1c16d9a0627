import Database
import Foundation

/// `TASK_EXECUTION` and `TASK_EXECUTION_PARAMS`, written the way Spring Cloud Task writes them.
enum TaskExecutionStore {
    /// Spring Cloud Task's limit for exit and error messages (the column width).
    static let maximumMessageLength = 2500

    static let columns =
        "TASK_EXECUTION_ID, START_TIME, END_TIME, TASK_NAME, EXIT_CODE, EXIT_MESSAGE, ERROR_MESSAGE, LAST_UPDATED, EXTERNAL_EXECUTION_ID, PARENT_EXECUTION_ID"

    /// Inserts a row and its arguments, as Spring's `createTaskExecution` does.
    static func insert(_ execution: TaskExecution, on connection: SQLConnection) async throws {
        try await connection.execute(
            """
            INSERT INTO TASK_EXECUTION (TASK_EXECUTION_ID, EXIT_CODE, START_TIME, TASK_NAME, LAST_UPDATED, EXTERNAL_EXECUTION_ID, PARENT_EXECUTION_ID)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            """,
            [
                .int(execution.executionId), execution.exitCode.map { .int(Int64($0)) } ?? .null, execution.startTime.sqlValue,
                execution.taskName.sqlValue, execution.lastUpdated.sqlValue, execution.externalExecutionId.sqlValue,
                execution.parentExecutionId.sqlValue,
            ])
        try await insertArguments(execution.arguments, executionId: execution.executionId, on: connection)
    }

    /// Records the start on an existing row, as Spring's `startTaskExecution` does (the external
    /// id only when one is given, so a server's value is kept otherwise).
    static func start(_ execution: TaskExecution, on connection: SQLConnection) async throws {
        var sql = "UPDATE TASK_EXECUTION SET START_TIME = $1, TASK_NAME = $2, LAST_UPDATED = $3, PARENT_EXECUTION_ID = $4"
        var binds: [SQLValue] = [
            execution.startTime.sqlValue, execution.taskName.sqlValue, execution.lastUpdated.sqlValue,
            execution.parentExecutionId.sqlValue,
        ]
        if let external = execution.externalExecutionId {
            sql += ", EXTERNAL_EXECUTION_ID = $5"
            binds.append(.text(external))
        }
        binds.append(.int(execution.executionId))
        sql += " WHERE TASK_EXECUTION_ID = $\(binds.count)"
        try await connection.execute(sql, binds)
        try await insertArguments(execution.arguments, executionId: execution.executionId, on: connection)
    }

    /// Records the end; only a row that has not ended is updated. Returns whether it was.
    static func complete(
        executionId: Int64, endTime: Date, exitCode: Int32, exitMessage: String?, errorMessage: String?,
        on connection: SQLConnection
    ) async throws -> Bool {
        try await connection.execute(
            """
            UPDATE TASK_EXECUTION SET END_TIME = $1, EXIT_CODE = $2, EXIT_MESSAGE = $3, ERROR_MESSAGE = $4, LAST_UPDATED = $1
            WHERE TASK_EXECUTION_ID = $5 AND END_TIME IS NULL
            """,
            [
                .date(endTime), .int(Int64(exitCode)), trimmed(exitMessage).sqlValue, trimmed(errorMessage).sqlValue,
                .int(executionId),
            ]) == 1
    }

    /// Records an end seen by the platform: the start time only where none was recorded.
    static func completeFromPlatform(
        executionId: Int64, startTime: Date, endTime: Date, exitCode: Int32, exitMessage: String?, errorMessage: String?,
        on connection: SQLConnection
    ) async throws -> Bool {
        try await connection.execute(
            """
            UPDATE TASK_EXECUTION SET START_TIME = COALESCE(START_TIME, $1), END_TIME = $2, EXIT_CODE = $3, EXIT_MESSAGE = $4,
                   ERROR_MESSAGE = $5, LAST_UPDATED = $2
            WHERE TASK_EXECUTION_ID = $6 AND END_TIME IS NULL
            """,
            [
                .date(startTime), .date(endTime), .int(Int64(exitCode)), trimmed(exitMessage).sqlValue, trimmed(errorMessage).sqlValue,
                .int(executionId),
            ]) == 1
    }

    static func updateExternalId(executionId: Int64, externalId: String, on connection: SQLConnection) async throws -> Bool {
        try await connection.execute(
            "UPDATE TASK_EXECUTION SET EXTERNAL_EXECUTION_ID = $1, LAST_UPDATED = $2 WHERE TASK_EXECUTION_ID = $3",
            [.text(externalId), .date(Date()), .int(executionId)]) == 1
    }

    /// One row, without its arguments; `forUpdate` locks it on PostgreSQL.
    static func find(id: Int64, forUpdate: Bool = false, on connection: SQLConnection) async throws -> TaskExecution? {
        let lock = forUpdate && connection.dialect == .postgresql ? " FOR UPDATE" : ""
        let rows = try await connection.query(
            "SELECT \(columns) FROM TASK_EXECUTION WHERE TASK_EXECUTION_ID = $1\(lock)", [.int(id)])
        return try rows.first.map(decode)
    }

    /// How many started executions have not ended, and the sum of their ids: a scan of the
    /// partial index of schema 10 that holds the unended executions only.
    static func unendedSummary(on connection: SQLConnection) async throws -> ActivitySummary {
        let rows = try await connection.query(
            """
            SELECT COUNT(*) AS N, CAST(COALESCE(SUM(TASK_EXECUTION_ID), 0) AS BIGINT) AS IDS
            FROM TASK_EXECUTION\(connection.dialect == .sqlite ? " INDEXED BY SB_TASK_EXEC_UNENDED_IX" : "")
            WHERE END_TIME IS NULL AND START_TIME IS NOT NULL
            """)
        guard let row = rows.first else { return ActivitySummary(count: 0, fingerprint: 0) }
        return ActivitySummary(count: try row.decode(Int64.self, "N"), fingerprint: try row.decode(Int64.self, "IDS"))
    }

    /// Started executions that have not ended, with their owners where they have one.
    /// - Parameter limit: At most this many, newest first; nil for all, oldest first.
    static func running(name: String?, limit: Int? = nil, on connection: SQLConnection) async throws -> [(TaskExecution, ExecutionOwner?)] {
        let filter = name == nil ? "" : " AND E.TASK_NAME = $1"
        let order = limit.map { "E.TASK_EXECUTION_ID DESC LIMIT \(max(0, $0))" } ?? "E.TASK_EXECUTION_ID"
        // Every task's newest: the partial index of unended executions (schema 10) gives them in
        // id order, `limit` entries read however many runs died unmarked.
        let unended = name == nil && connection.dialect == .sqlite ? " INDEXED BY SB_TASK_EXEC_UNENDED_IX" : ""
        let rows = try await connection.query(
            """
            SELECT E.TASK_EXECUTION_ID, E.START_TIME, E.END_TIME, E.TASK_NAME, E.EXIT_CODE, E.EXIT_MESSAGE, E.ERROR_MESSAGE,
                   E.LAST_UPDATED, E.EXTERNAL_EXECUTION_ID, E.PARENT_EXECUTION_ID,
                   O.HOST, O.PID, O.PROCESS_START, O.HEARTBEAT
            FROM TASK_EXECUTION E\(unended) LEFT JOIN SB_TASK_EXECUTION_OWNER O ON O.TASK_EXECUTION_ID = E.TASK_EXECUTION_ID
            WHERE E.END_TIME IS NULL AND E.START_TIME IS NOT NULL\(filter)
            ORDER BY \(order)
            """, name.map { [.text($0)] } ?? [])
        return try rows.map { row in
            (try decode(row), try TaskOwnerStore.decodeOwner(row))
        }
    }

    /// The arguments of several executions, 500 executions per query.
    static func arguments(of ids: [Int64], on connection: SQLConnection) async throws -> [Int64: [String]] {
        var result: [Int64: [String]] = [:]
        // Rows come back in insertion order within an execution (no key orders them in Spring's table).
        let rows = try await connection.query(ids: ids) {
            "SELECT TASK_EXECUTION_ID, TASK_PARAM FROM TASK_EXECUTION_PARAMS WHERE TASK_EXECUTION_ID IN (\($0))"
        }
        for row in rows {
            result[try row.decode(Int64.self, "TASK_EXECUTION_ID"), default: []].append(try row.decode(String?.self, "TASK_PARAM") ?? "")
        }
        return result
    }

    /// The task names of several executions, 500 executions per query (executions without a name are absent).
    static func names(of ids: [Int64], on connection: SQLConnection) async throws -> [Int64: String] {
        var result: [Int64: String] = [:]
        let rows = try await connection.query(ids: ids) {
            "SELECT TASK_EXECUTION_ID, TASK_NAME FROM TASK_EXECUTION WHERE TASK_EXECUTION_ID IN (\($0))"
        }
        for row in rows {
            if let name = try row.decode(String?.self, "TASK_NAME") { result[try row.decode(Int64.self, "TASK_EXECUTION_ID")] = name }
        }
        return result
    }

    static func insertArguments(_ arguments: [String], executionId: Int64, on connection: SQLConnection) async throws {
        guard !arguments.isEmpty else { return }
        _ = try await connection.executeBatch(
            "INSERT INTO TASK_EXECUTION_PARAMS (TASK_EXECUTION_ID, TASK_PARAM) VALUES ($1, $2)",
            arguments.map { [.int(executionId), .text(String($0.prefix(maximumMessageLength)))] })
    }

    static func decode(_ row: SQLRow) throws -> TaskExecution {
        TaskExecution(
            executionId: try row.decode(Int64.self, "TASK_EXECUTION_ID"), taskName: try row.decode(String?.self, "TASK_NAME"),
            startTime: try row.decode(Date?.self, "START_TIME"), endTime: try row.decode(Date?.self, "END_TIME"),
            exitCode: try row.decode(Int64?.self, "EXIT_CODE").map { Int32(truncatingIfNeeded: $0) },
            exitMessage: try row.decode(String?.self, "EXIT_MESSAGE"), errorMessage: try row.decode(String?.self, "ERROR_MESSAGE"),
            lastUpdated: try row.decode(Date?.self, "LAST_UPDATED"),
            externalExecutionId: try row.decode(String?.self, "EXTERNAL_EXECUTION_ID"),
            parentExecutionId: try row.decode(Int64?.self, "PARENT_EXECUTION_ID"))
    }

    /// Spring trims messages to the column width.
    static func trimmed(_ message: String?) -> String? {
        guard let message, message.count > maximumMessageLength else { return message }
        return String(message.prefix(maximumMessageLength))
    }
}
