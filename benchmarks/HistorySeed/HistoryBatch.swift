import Database

/// The rows of one table that one batch writes.
struct TableRows: Sendable {
    let table: String
    let columns: [String]
    var rows: [[SQLValue]] = []

    init(_ table: String, _ columns: [String]) {
        self.table = table
        self.columns = columns
    }

    /// `INSERT INTO table (columns) VALUES ($1, ...)`, for SQLite's batch insert.
    var insertStatement: String {
        "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES ("
            + (1...columns.count).map { "$\($0)" }.joined(separator: ", ") + ")"
    }
}

/// Everything one batch of executions writes, table by table, parents before children (the
/// order the foreign keys need).
struct HistoryBatch: Sendable {
    var instances = TableRows("BATCH_JOB_INSTANCE", ["JOB_INSTANCE_ID", "VERSION", "JOB_NAME", "JOB_KEY"])
    var executions = TableRows(
        "BATCH_JOB_EXECUTION",
        [
            "JOB_EXECUTION_ID", "VERSION", "JOB_INSTANCE_ID", "CREATE_TIME", "START_TIME", "END_TIME", "STATUS", "EXIT_CODE",
            "EXIT_MESSAGE", "LAST_UPDATED",
        ])
    var parameters = TableRows(
        "BATCH_JOB_EXECUTION_PARAMS", ["JOB_EXECUTION_ID", "PARAMETER_NAME", "PARAMETER_TYPE", "PARAMETER_VALUE", "IDENTIFYING"])
    var jobContexts = TableRows("BATCH_JOB_EXECUTION_CONTEXT", ["JOB_EXECUTION_ID", "SHORT_CONTEXT", "SERIALIZED_CONTEXT"])
    var steps = TableRows(
        "BATCH_STEP_EXECUTION",
        [
            "STEP_EXECUTION_ID", "VERSION", "STEP_NAME", "JOB_EXECUTION_ID", "CREATE_TIME", "START_TIME", "END_TIME", "STATUS",
            "COMMIT_COUNT", "READ_COUNT", "FILTER_COUNT", "WRITE_COUNT", "READ_SKIP_COUNT", "WRITE_SKIP_COUNT",
            "PROCESS_SKIP_COUNT", "ROLLBACK_COUNT", "EXIT_CODE", "EXIT_MESSAGE", "LAST_UPDATED",
        ])
    var stepContexts = TableRows("BATCH_STEP_EXECUTION_CONTEXT", ["STEP_EXECUTION_ID", "SHORT_CONTEXT", "SERIALIZED_CONTEXT"])
    var tasks = TableRows(
        "TASK_EXECUTION",
        [
            "TASK_EXECUTION_ID", "START_TIME", "END_TIME", "TASK_NAME", "EXIT_CODE", "EXIT_MESSAGE", "ERROR_MESSAGE",
            "LAST_UPDATED", "EXTERNAL_EXECUTION_ID", "PARENT_EXECUTION_ID",
        ])
    var taskParameters = TableRows("TASK_EXECUTION_PARAMS", ["TASK_EXECUTION_ID", "TASK_PARAM"])
    var taskBatch = TableRows("TASK_TASK_BATCH", ["TASK_EXECUTION_ID", "JOB_EXECUTION_ID"])

    /// The tables in the order they are written.
    var tables: [TableRows] {
        [instances, executions, parameters, jobContexts, steps, stepContexts, tasks, taskParameters, taskBatch]
    }

    /// Rows in all tables.
    var rowCount: Int { tables.reduce(0) { $0 + $1.rows.count } }

    /// Job executions in this batch.
    var executionCount: Int { executions.rows.count }
}
