import Database

/// Deletes job executions with everything that hangs off them, in foreign-key order: step
/// contexts, steps, job contexts, parameters, owner rows, the executions, then the instances
/// left without executions. Ids go 500 per statement (no IN-list limits are hit).
enum JobDataPurge {
    static func delete(jobExecutionIds ids: [Int64], on connection: SQLConnection) async throws {
        guard !ids.isEmpty else { return }
        let stepIds = try await connection.query(ids: ids) {
            "SELECT STEP_EXECUTION_ID FROM BATCH_STEP_EXECUTION WHERE JOB_EXECUTION_ID IN (\($0))"
        }.map { try $0.decode(Int64.self, "STEP_EXECUTION_ID") }
        let instanceIds = Set(try await connection.query(ids: ids) {
            "SELECT JOB_INSTANCE_ID FROM BATCH_JOB_EXECUTION WHERE JOB_EXECUTION_ID IN (\($0))"
        }.map { try $0.decode(Int64.self, "JOB_INSTANCE_ID") })
        try await execute(stepIds, on: connection) { "DELETE FROM BATCH_STEP_EXECUTION_CONTEXT WHERE STEP_EXECUTION_ID IN (\($0))" }
        try await execute(ids, on: connection) { "DELETE FROM BATCH_STEP_EXECUTION WHERE JOB_EXECUTION_ID IN (\($0))" }
        try await execute(ids, on: connection) { "DELETE FROM BATCH_JOB_EXECUTION_CONTEXT WHERE JOB_EXECUTION_ID IN (\($0))" }
        try await execute(ids, on: connection) { "DELETE FROM BATCH_JOB_EXECUTION_PARAMS WHERE JOB_EXECUTION_ID IN (\($0))" }
        try await execute(ids, on: connection) { "DELETE FROM SB_JOB_EXECUTION_OWNER WHERE JOB_EXECUTION_ID IN (\($0))" }
        try await execute(ids, on: connection) { "DELETE FROM BATCH_JOB_EXECUTION WHERE JOB_EXECUTION_ID IN (\($0))" }
        try await execute(Array(instanceIds), on: connection) {
            "DELETE FROM BATCH_JOB_INSTANCE WHERE JOB_INSTANCE_ID IN (\($0)) AND NOT EXISTS (SELECT 1 FROM BATCH_JOB_EXECUTION E WHERE E.JOB_INSTANCE_ID = BATCH_JOB_INSTANCE.JOB_INSTANCE_ID)"
        }
    }

    private static func execute(_ ids: [Int64], on connection: SQLConnection, _ sql: (String) -> String) async throws {
        for start in stride(from: 0, to: ids.count, by: 500) {
            let chunk = Array(ids[start..<min(start + 500, ids.count)])
            let placeholders = (1...chunk.count).map { "$\($0)" }.joined(separator: ", ")
            try await connection.execute(sql(placeholders), chunk.map { .int($0) })
        }
    }
}
