import Database
import DatabaseTestSupport
import Foundation

/// Statements as Spring Batch 5's JDBC DAOs and Spring Cloud Task 3's repository issue
/// them (placeholders written `$n`), to show that Spring code works on this schema.
enum SpringStatements {
    struct IDs {
        let instance: Int64, execution: Int64, step: Int64, task: Int64
    }

    /// Ids the way Spring's incrementers take them: `nextval` on PostgreSQL; on SQLite,
    /// insert a NULL row, read `max(rowid)`, delete the rows below it.
    static func nextIDs(_ connection: SQLConnection) async throws -> IDs {
        func next(_ sequence: String) async throws -> Int64 {
            switch connection.dialect {
            case .postgresql:
                return try await connection.query("select nextval('\(sequence)')").first!.decode(Int64.self, at: 0)
            case .sqlite:
                try await connection.execute("insert into \(sequence) values(null)")
                let id = try await connection.query("select max(rowid) from \(sequence)").first!.decode(Int64.self, at: 0)
                try await connection.execute("delete from \(sequence) where rowid < $1", [.int(id)])
                return id
            }
        }
        return IDs(
            instance: try await next("BATCH_JOB_SEQ"), execution: try await next("BATCH_JOB_EXECUTION_SEQ"),
            step: try await next("BATCH_STEP_EXECUTION_SEQ"), task: try await next("TASK_SEQ"))
    }

    static let findExecutions = """
        SELECT E.JOB_EXECUTION_ID, E.START_TIME, E.END_TIME, E.STATUS, E.EXIT_CODE, E.EXIT_MESSAGE, E.CREATE_TIME,
               E.LAST_UPDATED, E.VERSION, I.JOB_INSTANCE_ID, I.JOB_NAME
        FROM BATCH_JOB_EXECUTION E, BATCH_JOB_INSTANCE I
        WHERE E.JOB_INSTANCE_ID = I.JOB_INSTANCE_ID AND I.JOB_NAME = $1
        ORDER BY E.JOB_EXECUTION_ID DESC
        """

    /// One job run inside one task, written as Spring writes it.
    static func writeJobStory(_ connection: SQLConnection, ids: IDs) async throws {
        let now = Date()
        try await connection.execute(
            "INSERT INTO BATCH_JOB_INSTANCE(JOB_INSTANCE_ID, JOB_NAME, JOB_KEY, VERSION) VALUES ($1, $2, $3, $4)",
            [.int(ids.instance), "importJob", "947cce338b790a4bb6cf8425e98bcf94", 0])
        try await connection.execute(
            """
            INSERT INTO BATCH_JOB_EXECUTION(JOB_EXECUTION_ID, JOB_INSTANCE_ID, START_TIME, END_TIME, STATUS, EXIT_CODE,
                EXIT_MESSAGE, VERSION, CREATE_TIME, LAST_UPDATED) VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            """,
            [.int(ids.execution), .int(ids.instance), nil, nil, "STARTING", "UNKNOWN", "", 0, .date(now), .date(now)])
        try await connection.execute(
            """
            INSERT INTO BATCH_JOB_EXECUTION_PARAMS(JOB_EXECUTION_ID, PARAMETER_NAME, PARAMETER_TYPE, PARAMETER_VALUE,
                IDENTIFYING) values ($1, $2, $3, $4, $5)
            """,
            [.int(ids.execution), "run.id", "java.lang.Long", "1", "Y"])
        try await connection.execute(
            "INSERT INTO BATCH_JOB_EXECUTION_CONTEXT (SHORT_CONTEXT, SERIALIZED_CONTEXT, JOB_EXECUTION_ID) VALUES($1, $2, $3)",
            ["{}", nil, .int(ids.execution)])
        try await connection.execute(
            """
            INSERT INTO BATCH_STEP_EXECUTION(STEP_EXECUTION_ID, VERSION, STEP_NAME, JOB_EXECUTION_ID, START_TIME, END_TIME,
                STATUS, COMMIT_COUNT, READ_COUNT, FILTER_COUNT, WRITE_COUNT, EXIT_CODE, EXIT_MESSAGE, READ_SKIP_COUNT,
                WRITE_SKIP_COUNT, PROCESS_SKIP_COUNT, ROLLBACK_COUNT, LAST_UPDATED, CREATE_TIME)
            values($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
            """,
            [.int(ids.step), 0, "load", .int(ids.execution), .date(now), nil, "STARTED", 0, 0, 0, 0, "EXECUTING", "",
             0, 0, 0, 0, .date(now), .date(now)])
        try await connection.execute(
            "INSERT INTO BATCH_STEP_EXECUTION_CONTEXT (SHORT_CONTEXT, SERIALIZED_CONTEXT, STEP_EXECUTION_ID) VALUES($1, $2, $3)",
            ["{\"reader.read.count\":0}", nil, .int(ids.step)])
        let updated = try await connection.execute(
            """
            UPDATE BATCH_JOB_EXECUTION SET START_TIME = $1, END_TIME = $2, STATUS = $3, EXIT_CODE = $4, EXIT_MESSAGE = $5,
                VERSION = VERSION + 1, CREATE_TIME = $6, LAST_UPDATED = $7 WHERE JOB_EXECUTION_ID = $8 AND VERSION = $9
            """,
            [.date(now), .date(now), "COMPLETED", "COMPLETED", "", .date(now), .date(now), .int(ids.execution), 0])
        let again = try await connection.execute(
            "UPDATE BATCH_JOB_EXECUTION SET VERSION = VERSION + 1 WHERE JOB_EXECUTION_ID = $1 AND VERSION = $2",
            [.int(ids.execution), 1])
        precondition(updated == 1 && again == 1)
        try await connection.execute(
            """
            INSERT into TASK_EXECUTION(TASK_EXECUTION_ID, EXIT_CODE, START_TIME, TASK_NAME, LAST_UPDATED,
                EXTERNAL_EXECUTION_ID, PARENT_EXECUTION_ID) values ($1, $2, $3, $4, $5, $6, $7)
            """,
            [.int(ids.task), nil, .date(now), "importTask", .date(now), nil, nil])
        try await connection.execute(
            "INSERT INTO TASK_EXECUTION_PARAMS (TASK_EXECUTION_ID, TASK_PARAM) values ($1, $2)",
            [.int(ids.task), .text("--spring.cloud.task.executionid=\(ids.task)")])
        try await connection.execute(
            "INSERT INTO TASK_TASK_BATCH (TASK_EXECUTION_ID, JOB_EXECUTION_ID) VALUES ($1, $2)",
            [.int(ids.task), .int(ids.execution)])
        try await connection.execute(
            "UPDATE TASK_EXECUTION set END_TIME = $1, EXIT_CODE = $2, EXIT_MESSAGE = $3, ERROR_MESSAGE = $4, LAST_UPDATED = $5 where TASK_EXECUTION_ID = $6",
            [.date(now), 0, nil, nil, .date(now), .int(ids.task)])
        try await connection.execute(
            "INSERT INTO TASK_LOCK (REGION, LOCK_KEY, CLIENT_ID, CREATED_DATE) VALUES ($1, $2, $3, $4)",
            ["DEFAULT", "d7a4c1b4-6f3e-3f0e-9a4f-9f3c3a0a9b11", "0d7b3c2e-1a2b-4c5d-8e9f-0a1b2c3d4e5f", .date(now)])
    }
}
