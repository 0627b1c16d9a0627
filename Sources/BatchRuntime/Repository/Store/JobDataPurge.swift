import Database
import TaskRuntime

/// Deletes job executions with everything that hangs off them, in foreign-key order: step
/// contexts, steps, job contexts, parameters, owner rows, the task links, the executions, then
/// the instances left without executions. Ids go 500 per statement (no IN-list limits are hit).
/// A dry run counts the same rows, one statement per 500 ids.
enum JobDataPurge {
    /// Deletes the executions.
    /// - Returns: The rows deleted, by table (owner rows, which live only while an execution runs, are not counted).
    @discardableResult
    static func delete(jobExecutionIds ids: [Int64], on connection: SQLConnection) async throws -> PurgeReport {
        var rows = PurgeReport(dryRun: false)
        guard !ids.isEmpty else { return rows }
        let instanceIds = Set(try await connection.query(ids: ids) {
            "SELECT JOB_INSTANCE_ID FROM BATCH_JOB_EXECUTION WHERE JOB_EXECUTION_ID IN (\($0))"
        }.map { try $0.decode(Int64.self, "JOB_INSTANCE_ID") })
        rows.stepContexts = try await execute(ids, on: connection) {
            """
            DELETE FROM BATCH_STEP_EXECUTION_CONTEXT WHERE STEP_EXECUTION_ID IN
            (SELECT STEP_EXECUTION_ID FROM BATCH_STEP_EXECUTION WHERE JOB_EXECUTION_ID IN (\($0)))
            """
        }
        rows.stepExecutions = try await execute(ids, on: connection) { "DELETE FROM BATCH_STEP_EXECUTION WHERE JOB_EXECUTION_ID IN (\($0))" }
        rows.jobContexts = try await execute(ids, on: connection) { "DELETE FROM BATCH_JOB_EXECUTION_CONTEXT WHERE JOB_EXECUTION_ID IN (\($0))" }
        rows.jobParameters = try await execute(ids, on: connection) { "DELETE FROM BATCH_JOB_EXECUTION_PARAMS WHERE JOB_EXECUTION_ID IN (\($0))" }
        try await execute(ids, on: connection) { "DELETE FROM SB_JOB_EXECUTION_OWNER WHERE JOB_EXECUTION_ID IN (\($0))" }
        rows.taskLinks = try await TaskPurgeStore.unlink(jobExecutionIds: ids, on: connection)
        rows.jobExecutions = try await execute(ids, on: connection) { "DELETE FROM BATCH_JOB_EXECUTION WHERE JOB_EXECUTION_ID IN (\($0))" }
        rows.jobInstances = try await execute(instanceIds.sorted(), on: connection) {
            "DELETE FROM BATCH_JOB_INSTANCE WHERE JOB_INSTANCE_ID IN (\($0)) AND NOT EXISTS (SELECT 1 FROM BATCH_JOB_EXECUTION E WHERE E.JOB_INSTANCE_ID = BATCH_JOB_INSTANCE.JOB_INSTANCE_ID)"
        }
        return rows
    }

    /// Counts what ``delete(jobExecutionIds:on:)`` would delete, except the instances (which
    /// depend on what else goes: the purge works them out), and deletes nothing.
    static func count(jobExecutionIds ids: [Int64], on connection: SQLConnection) async throws -> PurgeReport {
        var rows = PurgeReport(dryRun: true)
        let found = try await connection.query(ids: ids) {
            """
            SELECT (SELECT COUNT(*) FROM BATCH_JOB_EXECUTION WHERE JOB_EXECUTION_ID IN (\($0))) AS EXECUTIONS,
            (SELECT COUNT(*) FROM BATCH_STEP_EXECUTION WHERE JOB_EXECUTION_ID IN (\($0))) AS STEPS,
            (SELECT COUNT(*) FROM BATCH_STEP_EXECUTION_CONTEXT WHERE STEP_EXECUTION_ID IN
                (SELECT STEP_EXECUTION_ID FROM BATCH_STEP_EXECUTION WHERE JOB_EXECUTION_ID IN (\($0)))) AS STEP_CONTEXTS,
            (SELECT COUNT(*) FROM BATCH_JOB_EXECUTION_CONTEXT WHERE JOB_EXECUTION_ID IN (\($0))) AS JOB_CONTEXTS,
            (SELECT COUNT(*) FROM BATCH_JOB_EXECUTION_PARAMS WHERE JOB_EXECUTION_ID IN (\($0))) AS PARAMETERS
            """
        }
        for row in found {
            rows.jobExecutions += Int(try row.decode(Int64.self, "EXECUTIONS"))
            rows.stepExecutions += Int(try row.decode(Int64.self, "STEPS"))
            rows.stepContexts += Int(try row.decode(Int64.self, "STEP_CONTEXTS"))
            rows.jobContexts += Int(try row.decode(Int64.self, "JOB_CONTEXTS"))
            rows.jobParameters += Int(try row.decode(Int64.self, "PARAMETERS"))
        }
        rows.taskLinks = try await TaskPurgeStore.countLinks(jobExecutionIds: ids, on: connection)
        return rows
    }

    @discardableResult
    private static func execute(_ ids: [Int64], on connection: SQLConnection, _ sql: (String) -> String) async throws -> Int {
        var changed = 0
        for start in stride(from: 0, to: ids.count, by: SQLConnection.idsPerStatement) {
            let chunk = Array(ids[start..<min(start + SQLConnection.idsPerStatement, ids.count)])
            let placeholders = (1...chunk.count).map { "$\($0)" }.joined(separator: ", ")
            changed += try await connection.execute(sql(placeholders), chunk.map { .int($0) })
        }
        return changed
    }
}
