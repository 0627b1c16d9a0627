import Database

/// Deletes task executions in foreign-key order: links to job executions, arguments, owner and
/// lock rows, then the executions. Ids go 500 per statement.
enum TaskExecutionPurge {
    /// - Returns: The job executions the deleted task executions were linked to.
    static func delete(taskExecutionIds ids: [Int64], on connection: SQLConnection) async throws -> [Int64] {
        guard !ids.isEmpty else { return [] }
        let jobs = try await TaskBatchStore.jobExecutionIds(of: ids, on: connection).values.flatMap { $0 }
        for start in stride(from: 0, to: ids.count, by: 500) {
            let chunk = Array(ids[start..<min(start + 500, ids.count)])
            let placeholders = (1...chunk.count).map { "$\($0)" }.joined(separator: ", ")
            let binds = chunk.map { SQLValue.int($0) }
            try await connection.execute("DELETE FROM TASK_TASK_BATCH WHERE TASK_EXECUTION_ID IN (\(placeholders))", binds)
            try await connection.execute("DELETE FROM TASK_EXECUTION_PARAMS WHERE TASK_EXECUTION_ID IN (\(placeholders))", binds)
            try await connection.execute("DELETE FROM SB_TASK_EXECUTION_OWNER WHERE TASK_EXECUTION_ID IN (\(placeholders))", binds)
            try await connection.execute("DELETE FROM TASK_EXECUTION WHERE TASK_EXECUTION_ID IN (\(placeholders))", binds)
        }
        return jobs
    }
}
