import Database
import Foundation

/// `BATCH_STEP_EXECUTION`.
enum StepExecutionStore {
    static let selectColumns = """
        SELECT STEP_EXECUTION_ID, STEP_NAME, JOB_EXECUTION_ID, CREATE_TIME, START_TIME, END_TIME, STATUS, COMMIT_COUNT,
        READ_COUNT, FILTER_COUNT, WRITE_COUNT, EXIT_CODE, EXIT_MESSAGE, READ_SKIP_COUNT, WRITE_SKIP_COUNT,
        PROCESS_SKIP_COUNT, ROLLBACK_COUNT, LAST_UPDATED, VERSION FROM BATCH_STEP_EXECUTION
        """

    static func insert(_ step: StepExecution, on connection: SQLConnection) async throws {
        try await connection.execute(
            """
            INSERT INTO BATCH_STEP_EXECUTION (STEP_EXECUTION_ID, VERSION, STEP_NAME, JOB_EXECUTION_ID, START_TIME, END_TIME,
            STATUS, COMMIT_COUNT, READ_COUNT, FILTER_COUNT, WRITE_COUNT, EXIT_CODE, EXIT_MESSAGE, READ_SKIP_COUNT,
            WRITE_SKIP_COUNT, PROCESS_SKIP_COUNT, ROLLBACK_COUNT, LAST_UPDATED, CREATE_TIME)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
            """,
            [
                .int(step.id), .int(step.version), .text(step.stepName), .int(step.jobExecutionId),
                step.startTime.sqlValue, step.endTime.sqlValue, .text(step.status.rawValue), .int(step.counts.commit),
                .int(step.counts.read), .int(step.counts.filter), .int(step.counts.write),
                .text(StoredText.exitCode(step.exitStatus.exitCode)),
                .text(StoredText.message(step.exitStatus.exitDescription)), .int(step.counts.readSkip),
                .int(step.counts.writeSkip), .int(step.counts.processSkip), .int(step.counts.rollback),
                step.lastUpdated.sqlValue, .date(step.createTime),
            ])
    }

    /// Updates the row if nobody else did since `step.version`; returns whether it did.
    static func update(_ step: StepExecution, on connection: SQLConnection) async throws -> Bool {
        let (sql, binds) = updateStatement(step)
        return try await connection.execute(sql, binds) == 1
    }

    /// The optimistic update of a step row: it changes one row, or none when the version moved on.
    static func updateStatement(_ step: StepExecution) -> (sql: String, binds: [SQLValue]) {
        (
            """
            UPDATE BATCH_STEP_EXECUTION SET START_TIME = $1, END_TIME = $2, STATUS = $3, COMMIT_COUNT = $4, READ_COUNT = $5,
            FILTER_COUNT = $6, WRITE_COUNT = $7, EXIT_CODE = $8, EXIT_MESSAGE = $9, VERSION = VERSION + 1,
            READ_SKIP_COUNT = $10, PROCESS_SKIP_COUNT = $11, WRITE_SKIP_COUNT = $12, ROLLBACK_COUNT = $13,
            LAST_UPDATED = $14 WHERE STEP_EXECUTION_ID = $15 AND VERSION = $16
            """,
            [
                step.startTime.sqlValue, step.endTime.sqlValue, .text(step.status.rawValue), .int(step.counts.commit),
                .int(step.counts.read), .int(step.counts.filter), .int(step.counts.write),
                .text(StoredText.exitCode(step.exitStatus.exitCode)),
                .text(StoredText.message(step.exitStatus.exitDescription)), .int(step.counts.readSkip),
                .int(step.counts.processSkip), .int(step.counts.writeSkip), .int(step.counts.rollback),
                step.lastUpdated.sqlValue, .int(step.id), .int(step.version),
            ]
        )
    }

    static func find(id: Int64, on connection: SQLConnection) async throws -> StepExecution? {
        try await connection.query(selectColumns + " WHERE STEP_EXECUTION_ID = $1", [.int(id)]).first.map(decode)
    }

    static func steps(ofJobExecution id: Int64, on connection: SQLConnection) async throws -> [StepExecution] {
        try await connection.query(selectColumns + " WHERE JOB_EXECUTION_ID = $1 ORDER BY STEP_EXECUTION_ID", [.int(id)])
            .map(decode)
    }

    /// One step execution of one job execution, or nil when there is none with the id or it
    /// belongs to another job execution.
    static func find(id: Int64, jobExecutionId: Int64, on connection: SQLConnection) async throws -> StepExecution? {
        try await connection.query(
            selectColumns + " WHERE STEP_EXECUTION_ID = $1 AND JOB_EXECUTION_ID = $2", [.int(id), .int(jobExecutionId)]
        ).first.map(decode)
    }

    /// The steps of several job executions, each in the order they started (one query per 500 job executions).
    static func steps(ofJobExecutions ids: [Int64], on connection: SQLConnection) async throws -> [Int64: [StepExecution]] {
        let rows = try await connection.query(ids: ids) {
            selectColumns + " WHERE JOB_EXECUTION_ID IN (\($0)) ORDER BY JOB_EXECUTION_ID, STEP_EXECUTION_ID"
        }
        return Dictionary(grouping: try rows.map(decode), by: \.jobExecutionId)
    }

    /// How many steps each of several job executions has, read from the job execution index in
    /// one grouped query per 500 (executions without steps are absent).
    static func counts(ofJobExecutions ids: [Int64], on connection: SQLConnection) async throws -> [Int64: Int] {
        let rows = try await connection.query(ids: ids) {
            "SELECT JOB_EXECUTION_ID, COUNT(*) AS N FROM BATCH_STEP_EXECUTION WHERE JOB_EXECUTION_ID IN (\($0)) GROUP BY JOB_EXECUTION_ID"
        }
        var counts: [Int64: Int] = [:]
        for row in rows { counts[try row.decode(Int64.self, "JOB_EXECUTION_ID")] = Int(try row.decode(Int64.self, "N")) }
        return counts
    }

    /// The ended executions of a step among the given job executions, newest first. A name with
    /// `:partition` stands for every partition of its step (`load:partition*`), as Data Flow
    /// compares a partition with all of them.
    static func ended(stepName: String, ofJobExecutions ids: [Int64], on connection: SQLConnection) async throws -> [StepExecution] {
        let partitions = stepName.range(of: ":partition").map { String(stepName[..<$0.upperBound]) }
        let name = partitions == nil ? "STEP_NAME = $1" : "STEP_NAME LIKE $1"
        var rows: [SQLRow] = []
        for start in stride(from: 0, to: ids.count, by: SQLConnection.idsPerStatement) {
            let chunk = ids[start..<min(start + SQLConnection.idsPerStatement, ids.count)]
            let placeholders = (2...chunk.count + 1).map { "$\($0)" }.joined(separator: ", ")
            rows += try await connection.query(
                selectColumns + " WHERE \(name) AND END_TIME IS NOT NULL AND JOB_EXECUTION_ID IN (\(placeholders))",
                [partitions.map { .text($0 + "%") } ?? .text(stepName)] + chunk.map { .int($0) })
        }
        return try rows.map(decode).sorted { $0.id > $1.id }
    }

    /// The latest execution of a step in any execution of the instance, or nil.
    static func last(stepName: String, instanceId: Int64, on connection: SQLConnection) async throws -> StepExecution? {
        let rows = try await connection.query(
            selectColumns
                + """
                 WHERE STEP_NAME = $1 AND JOB_EXECUTION_ID IN
                (SELECT JOB_EXECUTION_ID FROM BATCH_JOB_EXECUTION WHERE JOB_INSTANCE_ID = $2)
                ORDER BY CREATE_TIME DESC, STEP_EXECUTION_ID DESC LIMIT 1
                """, [.text(stepName), .int(instanceId)])
        return try rows.first.map(decode)
    }

    /// How many times the step was started in the instance.
    static func count(stepName: String, instanceId: Int64, on connection: SQLConnection) async throws -> Int {
        let rows = try await connection.query(
            """
            SELECT COUNT(*) AS N FROM BATCH_STEP_EXECUTION S JOIN BATCH_JOB_EXECUTION J ON S.JOB_EXECUTION_ID = J.JOB_EXECUTION_ID
            WHERE J.JOB_INSTANCE_ID = $1 AND S.STEP_NAME = $2
            """, [.int(instanceId), .text(stepName)])
        return Int(try rows[0].decode(Int64.self, "N"))
    }

    /// Marks the running steps of a job execution FAILED with an end time (recovery of a dead run).
    static func failRunning(jobExecutionId: Int64, message: String, at time: Date, on connection: SQLConnection) async throws -> Int {
        try await connection.execute(
            """
            UPDATE BATCH_STEP_EXECUTION SET STATUS = 'FAILED', EXIT_CODE = 'FAILED', EXIT_MESSAGE = $1, END_TIME = $2,
            LAST_UPDATED = $2, VERSION = VERSION + 1
            WHERE JOB_EXECUTION_ID = $3 AND STATUS IN ('STARTING', 'STARTED', 'STOPPING')
            """, [.text(StoredText.message(message)), .date(time), .int(jobExecutionId)])
    }

    static func decode(_ row: SQLRow) throws -> StepExecution {
        var counts = StepCounts()
        counts.commit = try row.decode(Int64?.self, "COMMIT_COUNT") ?? 0
        counts.read = try row.decode(Int64?.self, "READ_COUNT") ?? 0
        counts.filter = try row.decode(Int64?.self, "FILTER_COUNT") ?? 0
        counts.write = try row.decode(Int64?.self, "WRITE_COUNT") ?? 0
        counts.readSkip = try row.decode(Int64?.self, "READ_SKIP_COUNT") ?? 0
        counts.writeSkip = try row.decode(Int64?.self, "WRITE_SKIP_COUNT") ?? 0
        counts.processSkip = try row.decode(Int64?.self, "PROCESS_SKIP_COUNT") ?? 0
        counts.rollback = try row.decode(Int64?.self, "ROLLBACK_COUNT") ?? 0
        return StepExecution(
            id: try row.decode(Int64.self, "STEP_EXECUTION_ID"), version: try row.decode(Int64.self, "VERSION"),
            stepName: try row.decode(String.self, "STEP_NAME"), jobExecutionId: try row.decode(Int64.self, "JOB_EXECUTION_ID"),
            status: BatchStatus(stored: try row.decode(String?.self, "STATUS")),
            exitStatus: ExitStatus(
                try row.decode(String?.self, "EXIT_CODE") ?? "UNKNOWN",
                description: try row.decode(String?.self, "EXIT_MESSAGE") ?? ""),
            counts: counts, createTime: try row.decode(Date.self, "CREATE_TIME"),
            startTime: try row.decode(Date?.self, "START_TIME"), endTime: try row.decode(Date?.self, "END_TIME"),
            lastUpdated: try row.decode(Date?.self, "LAST_UPDATED"))
    }
}
