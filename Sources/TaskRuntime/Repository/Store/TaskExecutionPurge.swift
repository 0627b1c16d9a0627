import Database

/// Deletes task executions in foreign-key order: links to job executions, arguments, owner
/// rows, then the executions (the launch rows of schema version 7 cascade). Ids go 500 per
/// statement. A dry run counts the same rows with one statement per 500 ids.
///
/// `SB_TASK_EXECUTION_COUNT` (schema version 8) follows on its own: its triggers count every
/// deleted execution, whoever deletes it.
package enum TaskExecutionPurge {
    /// The rows that went (or would go) with some task executions.
    package struct Rows: Sendable, Hashable {
        /// `TASK_EXECUTION` rows.
        package var executions = 0
        /// `TASK_EXECUTION_PARAMS` rows.
        package var parameters = 0
        /// `TASK_TASK_BATCH` rows.
        package var links = 0
    }

    /// Deletes the executions.
    /// - Returns: The rows deleted and the job executions the executions were linked to.
    package static func delete(taskExecutionIds ids: [Int64], on connection: SQLConnection) async throws
        -> (rows: Rows, jobExecutionIds: [Int64])
    {
        guard !ids.isEmpty else { return (Rows(), []) }
        let jobs = try await TaskBatchStore.jobExecutionIds(of: ids, on: connection).values.flatMap { $0 }
        var rows = Rows()
        for chunk in chunks(ids) {
            let placeholders = placeholders(chunk.count)
            let binds = chunk.map { SQLValue.int($0) }
            rows.links += try await connection.execute("DELETE FROM TASK_TASK_BATCH WHERE TASK_EXECUTION_ID IN (\(placeholders))", binds)
            rows.parameters += try await connection.execute(
                "DELETE FROM TASK_EXECUTION_PARAMS WHERE TASK_EXECUTION_ID IN (\(placeholders))", binds)
            try await connection.execute("DELETE FROM SB_TASK_EXECUTION_OWNER WHERE TASK_EXECUTION_ID IN (\(placeholders))", binds)
            rows.executions += try await connection.execute(
                "DELETE FROM TASK_EXECUTION WHERE TASK_EXECUTION_ID IN (\(placeholders))", binds)
        }
        return (rows, jobs)
    }

    /// Counts what ``delete(taskExecutionIds:on:)`` would delete, and deletes nothing.
    package static func count(taskExecutionIds ids: [Int64], on connection: SQLConnection) async throws -> Rows {
        var rows = Rows()
        for chunk in chunks(ids) {
            let placeholders = placeholders(chunk.count)
            let found = try await connection.query(
                """
                SELECT (SELECT COUNT(*) FROM TASK_EXECUTION WHERE TASK_EXECUTION_ID IN (\(placeholders))) AS EXECUTIONS,
                (SELECT COUNT(*) FROM TASK_EXECUTION_PARAMS WHERE TASK_EXECUTION_ID IN (\(placeholders))) AS PARAMETERS,
                (SELECT COUNT(*) FROM TASK_TASK_BATCH WHERE TASK_EXECUTION_ID IN (\(placeholders))) AS LINKS
                """, chunk.map { .int($0) })
            guard let row = found.first else { continue }
            rows.executions += Int(try row.decode(Int64.self, "EXECUTIONS"))
            rows.parameters += Int(try row.decode(Int64.self, "PARAMETERS"))
            rows.links += Int(try row.decode(Int64.self, "LINKS"))
        }
        return rows
    }

    static func chunks(_ ids: [Int64]) -> [ArraySlice<Int64>] {
        stride(from: 0, to: ids.count, by: SQLConnection.idsPerStatement).map {
            ids[$0..<min($0 + SQLConnection.idsPerStatement, ids.count)]
        }
    }

    static func placeholders(_ count: Int) -> String {
        (1...count).map { "$\($0)" }.joined(separator: ", ")
    }
}
