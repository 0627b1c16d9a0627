import Database
import Foundation

/// What ``JobExecutionState`` is judged from, beyond the execution rows: the executions of the
/// same instances that can block a restart, and the task executions that ended under a running job.
enum JobExecutionStateStore {
    /// The executions of `instanceIds` whose status can block a restart (COMPLETED, ABANDONED or
    /// running), by instance; 500 instances per query.
    static func blockingSiblings(instanceIds: [Int64], on connection: SQLConnection) async throws
        -> [Int64: [(id: Int64, status: BatchStatus)]]
    {
        let rows = try await connection.query(ids: instanceIds) {
            """
            SELECT JOB_INSTANCE_ID, JOB_EXECUTION_ID, STATUS FROM BATCH_JOB_EXECUTION
            WHERE JOB_INSTANCE_ID IN (\($0)) AND STATUS IN ('COMPLETED', 'ABANDONED', 'STARTING', 'STARTED', 'STOPPING')
            """
        }
        var result: [Int64: [(id: Int64, status: BatchStatus)]] = [:]
        for row in rows {
            result[try row.decode(Int64.self, "JOB_INSTANCE_ID"), default: []].append(
                (try row.decode(Int64.self, "JOB_EXECUTION_ID"), BatchStatus(stored: try row.decode(String?.self, "STATUS"))))
        }
        return result
    }

    /// For each of `jobExecutionIds` whose task execution has ended: that task execution's id,
    /// end time and exit code; 500 ids per query.
    static func endedTasks(jobExecutionIds: [Int64], on connection: SQLConnection) async throws
        -> [Int64: (taskExecutionId: Int64, endTime: Date, exitCode: Int64?)]
    {
        let rows = try await connection.query(ids: jobExecutionIds) {
            """
            SELECT B.JOB_EXECUTION_ID, T.TASK_EXECUTION_ID, T.END_TIME, T.EXIT_CODE FROM TASK_TASK_BATCH B
            JOIN TASK_EXECUTION T ON T.TASK_EXECUTION_ID = B.TASK_EXECUTION_ID
            WHERE B.JOB_EXECUTION_ID IN (\($0)) AND T.END_TIME IS NOT NULL
            """
        }
        var result: [Int64: (taskExecutionId: Int64, endTime: Date, exitCode: Int64?)] = [:]
        for row in rows {
            result[try row.decode(Int64.self, "JOB_EXECUTION_ID")] = (
                try row.decode(Int64.self, "TASK_EXECUTION_ID"), try row.decode(Date.self, "END_TIME"),
                try row.decode(Int64?.self, "EXIT_CODE")
            )
        }
        return result
    }
}
