import Database

/// `TASK_TASK_BATCH`: which job executions a task execution ran.
enum TaskBatchStore {
    static func insert(taskExecutionId: Int64, jobExecutionId: Int64, on connection: SQLConnection) async throws {
        try await connection.execute(
            "INSERT INTO TASK_TASK_BATCH (TASK_EXECUTION_ID, JOB_EXECUTION_ID) VALUES ($1, $2)",
            [.int(taskExecutionId), .int(jobExecutionId)])
    }

    static func jobExecutionIds(taskExecutionId: Int64, on connection: SQLConnection) async throws -> [Int64] {
        try await jobExecutionIds(of: [taskExecutionId], on: connection)[taskExecutionId] ?? []
    }

    /// The job executions of several task executions, in id order, 500 task executions per query.
    static func jobExecutionIds(of taskExecutionIds: [Int64], on connection: SQLConnection) async throws -> [Int64: [Int64]] {
        var result: [Int64: [Int64]] = [:]
        let rows = try await connection.query(ids: taskExecutionIds) {
            "SELECT TASK_EXECUTION_ID, JOB_EXECUTION_ID FROM TASK_TASK_BATCH WHERE TASK_EXECUTION_ID IN (\($0)) ORDER BY TASK_EXECUTION_ID, JOB_EXECUTION_ID"
        }
        for row in rows {
            result[try row.decode(Int64.self, "TASK_EXECUTION_ID"), default: []].append(try row.decode(Int64.self, "JOB_EXECUTION_ID"))
        }
        return result
    }

    static func taskExecutionId(jobExecutionId: Int64, on connection: SQLConnection) async throws -> Int64? {
        try await connection.query(
            "SELECT TASK_EXECUTION_ID FROM TASK_TASK_BATCH WHERE JOB_EXECUTION_ID = $1", [.int(jobExecutionId)]
        ).first.map { try $0.decode(Int64.self, "TASK_EXECUTION_ID") }
    }
}
