import Database
import Foundation

/// `BATCH_JOB_EXECUTION` and `BATCH_JOB_EXECUTION_PARAMS`.
enum JobExecutionStore {
    /// The execution columns with its instance's and, through `TASK_TASK_BATCH`, the task execution that ran it.
    static let selectColumns = """
        SELECT E.JOB_EXECUTION_ID, E.VERSION AS EXECUTION_VERSION, E.CREATE_TIME, E.START_TIME, E.END_TIME, E.STATUS,
        E.EXIT_CODE, E.EXIT_MESSAGE, E.LAST_UPDATED, I.JOB_INSTANCE_ID, I.VERSION, I.JOB_NAME, I.JOB_KEY,
        (SELECT MIN(B.TASK_EXECUTION_ID) FROM TASK_TASK_BATCH B WHERE B.JOB_EXECUTION_ID = E.JOB_EXECUTION_ID) AS TASK_EXECUTION_ID
        FROM BATCH_JOB_EXECUTION E JOIN BATCH_JOB_INSTANCE I ON E.JOB_INSTANCE_ID = I.JOB_INSTANCE_ID
        """

    static func insert(_ execution: JobExecution, on connection: SQLConnection) async throws {
        try await connection.execute(
            """
            INSERT INTO BATCH_JOB_EXECUTION (JOB_EXECUTION_ID, JOB_INSTANCE_ID, START_TIME, END_TIME, STATUS, EXIT_CODE,
            EXIT_MESSAGE, VERSION, CREATE_TIME, LAST_UPDATED) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            """,
            [
                .int(execution.id), .int(execution.instance.id), execution.startTime.sqlValue, execution.endTime.sqlValue,
                .text(execution.status.rawValue), .text(StoredText.exitCode(execution.exitStatus.exitCode)),
                .text(StoredText.message(execution.exitStatus.exitDescription)), .int(execution.version),
                .date(execution.createTime), execution.lastUpdated.sqlValue,
            ])
        let rows: [[SQLValue]] = execution.parameters.entries.map { name, parameter in
            [
                .int(execution.id), .text(name), .text(parameter.javaType), .text(parameter.storedValue),
                .text(parameter.identifying ? "Y" : "N"),
            ]
        }
        if !rows.isEmpty {
            try await connection.executeBatch(
                """
                INSERT INTO BATCH_JOB_EXECUTION_PARAMS (JOB_EXECUTION_ID, PARAMETER_NAME, PARAMETER_TYPE, PARAMETER_VALUE,
                IDENTIFYING) VALUES ($1, $2, $3, $4, $5)
                """, rows)
        }
    }

    /// Updates the row if nobody else did since `execution.version`; returns whether it did.
    static func update(_ execution: JobExecution, on connection: SQLConnection) async throws -> Bool {
        let changed = try await connection.execute(
            """
            UPDATE BATCH_JOB_EXECUTION SET START_TIME = $1, END_TIME = $2, STATUS = $3, EXIT_CODE = $4, EXIT_MESSAGE = $5,
            VERSION = VERSION + 1, CREATE_TIME = $6, LAST_UPDATED = $7 WHERE JOB_EXECUTION_ID = $8 AND VERSION = $9
            """,
            [
                execution.startTime.sqlValue, execution.endTime.sqlValue, .text(execution.status.rawValue),
                .text(StoredText.exitCode(execution.exitStatus.exitCode)),
                .text(StoredText.message(execution.exitStatus.exitDescription)), .date(execution.createTime),
                execution.lastUpdated.sqlValue, .int(execution.id), .int(execution.version),
            ])
        return changed == 1
    }

    /// The execution with its instance and parameters (its context is loaded separately).
    static func find(id: Int64, on connection: SQLConnection) async throws -> JobExecution? {
        let rows = try await connection.query(selectColumns + " WHERE E.JOB_EXECUTION_ID = $1", [.int(id)])
        guard let row = rows.first else { return nil }
        return try await decode(row, on: connection)
    }

    /// The executions with these ids that exist, with their parameters (one query per 500 ids).
    static func find(ids: [Int64], on connection: SQLConnection) async throws -> [JobExecution] {
        let rows = try await connection.query(ids: ids) { selectColumns + " WHERE E.JOB_EXECUTION_ID IN (\($0))" }
        return try await decode(rows, on: connection)
    }

    /// Executions of an instance, newest first.
    static func executions(ofInstance instanceId: Int64, on connection: SQLConnection) async throws -> [JobExecution] {
        let rows = try await connection.query(
            selectColumns + " WHERE E.JOB_INSTANCE_ID = $1 ORDER BY E.JOB_EXECUTION_ID DESC", [.int(instanceId)])
        return try await decode(rows, on: connection)
    }

    /// Executions of several instances, newest first (one query per 500 instances).
    static func executions(ofInstances instanceIds: [Int64], on connection: SQLConnection) async throws -> [JobExecution] {
        let rows = try await connection.query(ids: instanceIds) {
            selectColumns + " WHERE E.JOB_INSTANCE_ID IN (\($0)) ORDER BY E.JOB_EXECUTION_ID DESC"
        }
        return try await decode(rows, on: connection).sorted { $0.id > $1.id }
    }

    /// Status and version of one execution, for stop checks at chunk boundaries.
    static func status(id: Int64, on connection: SQLConnection) async throws -> (BatchStatus, Int64)? {
        let rows = try await connection.query(
            "SELECT STATUS, VERSION FROM BATCH_JOB_EXECUTION WHERE JOB_EXECUTION_ID = $1", [.int(id)])
        guard let row = rows.first else { return nil }
        return (BatchStatus(stored: try row.decode(String?.self, "STATUS")), try row.decode(Int64?.self, "VERSION") ?? 0)
    }

    static func parameters(of executionId: Int64, on connection: SQLConnection) async throws -> JobParameters {
        try await parameters(of: [executionId], on: connection)[executionId] ?? JobParameters()
    }

    /// The parameters of several executions, 500 executions per query (a page's worth in one:
    /// no query per row, and never more placeholders than a driver allows).
    static func parameters(of executionIds: [Int64], on connection: SQLConnection) async throws -> [Int64: JobParameters] {
        var result: [Int64: JobParameters] = [:]
        let rows = try await connection.query(ids: executionIds) {
            """
            SELECT JOB_EXECUTION_ID, PARAMETER_NAME, PARAMETER_TYPE, PARAMETER_VALUE, IDENTIFYING
            FROM BATCH_JOB_EXECUTION_PARAMS WHERE JOB_EXECUTION_ID IN (\($0))
            """
        }
        for row in rows {
            let id = try row.decode(Int64.self, "JOB_EXECUTION_ID")
            let name = try row.decode(String.self, "PARAMETER_NAME")
            // Whatever another Spring application stored reads back, unknown types included.
            result[id, default: JobParameters()][name] = JobParameter(
                storedType: try row.decode(String.self, "PARAMETER_TYPE"),
                text: try row.decode(String?.self, "PARAMETER_VALUE") ?? "",
                identifying: try row.decode(String.self, "IDENTIFYING") == "Y")
        }
        return result
    }

    /// Executions from result rows, with their parameters loaded in one query.
    static func decode(_ rows: [SQLRow], on connection: SQLConnection) async throws -> [JobExecution] {
        let ids = try rows.map { try $0.decode(Int64.self, "JOB_EXECUTION_ID") }
        let parameters = try await parameters(of: ids, on: connection)
        return try rows.map { try decode($0, parameters: parameters) }
    }

    static func decode(_ row: SQLRow, on connection: SQLConnection) async throws -> JobExecution {
        try await decode([row], on: connection)[0]
    }

    static func decode(_ row: SQLRow, parameters: [Int64: JobParameters]) throws -> JobExecution {
        let id = try row.decode(Int64.self, "JOB_EXECUTION_ID")
        return JobExecution(
            id: id, version: try row.decode(Int64?.self, "EXECUTION_VERSION") ?? 0,
            instance: try JobInstanceStore.decode(row), parameters: parameters[id] ?? JobParameters(),
            status: BatchStatus(stored: try row.decode(String?.self, "STATUS")),
            exitStatus: ExitStatus(
                try row.decode(String?.self, "EXIT_CODE") ?? "UNKNOWN",
                description: try row.decode(String?.self, "EXIT_MESSAGE") ?? ""),
            createTime: try row.decode(Date.self, "CREATE_TIME"), startTime: try row.decode(Date?.self, "START_TIME"),
            endTime: try row.decode(Date?.self, "END_TIME"), lastUpdated: try row.decode(Date?.self, "LAST_UPDATED"),
            taskExecutionId: try row.decode(Int64?.self, "TASK_EXECUTION_ID"))
    }
}
