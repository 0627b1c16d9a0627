import Database
import Foundation

/// What a purge reads of the task tables (the executions it may remove, their children and
/// job links, the newest ones to keep) and the links it removes for the job side. The purge
/// itself runs in BatchRuntime, which also knows the job tables.
package enum TaskPurgeStore {
    /// An ended task execution with no parent (or whose parent is gone): a purge's unit.
    package struct Root: Sendable, Hashable {
        /// `TASK_EXECUTION_ID`.
        package var id: Int64
        /// `TASK_NAME`.
        package var name: String?
    }

    /// A child of a composed task.
    package struct Child: Sendable, Hashable {
        /// `TASK_EXECUTION_ID`.
        package var id: Int64
        /// `PARENT_EXECUTION_ID`.
        package var parentId: Int64
        /// Whether it ended (`END_TIME` is set).
        package var ended: Bool
    }

    /// Ended executions after `afterId`, in id order, at most `limit`: those without a parent
    /// or whose parent no longer exists, ended before `endedBefore` when given, of `taskName`
    /// when given.
    package static func roots(
        after afterId: Int64, endedBefore: Date?, taskName: String?, limit: Int, on connection: SQLConnection
    ) async throws -> [Root] {
        var binds: [SQLValue] = [.int(afterId)]
        var sql = """
            SELECT T.TASK_EXECUTION_ID, T.TASK_NAME FROM TASK_EXECUTION T
            WHERE T.TASK_EXECUTION_ID > $1 AND T.END_TIME IS NOT NULL
            AND (T.PARENT_EXECUTION_ID IS NULL
                 OR NOT EXISTS (SELECT 1 FROM TASK_EXECUTION P WHERE P.TASK_EXECUTION_ID = T.PARENT_EXECUTION_ID))
            """
        if let endedBefore {
            binds.append(.date(endedBefore))
            sql += " AND T.END_TIME < $\(binds.count)"
        }
        if let taskName {
            binds.append(.text(taskName))
            sql += " AND T.TASK_NAME = $\(binds.count)"
        }
        binds.append(.int(Int64(limit)))
        sql += " ORDER BY T.TASK_EXECUTION_ID LIMIT $\(binds.count)"
        return try await connection.query(sql, binds).map {
            Root(id: try $0.decode(Int64.self, "TASK_EXECUTION_ID"), name: try $0.decode(String?.self, "TASK_NAME"))
        }
    }

    /// The direct children of `parentIds`; 500 parents per query.
    package static func children(of parentIds: [Int64], on connection: SQLConnection) async throws -> [Child] {
        try await connection.query(ids: parentIds) {
            "SELECT TASK_EXECUTION_ID, PARENT_EXECUTION_ID, END_TIME FROM TASK_EXECUTION WHERE PARENT_EXECUTION_ID IN (\($0))"
        }.map {
            Child(
                id: try $0.decode(Int64.self, "TASK_EXECUTION_ID"), parentId: try $0.decode(Int64.self, "PARENT_EXECUTION_ID"),
                ended: try $0.decode(Date?.self, "END_TIME") != nil)
        }
    }

    /// The job executions each of `taskExecutionIds` ran (`TASK_TASK_BATCH`); 500 per query.
    package static func jobExecutionIds(of taskExecutionIds: [Int64], on connection: SQLConnection) async throws -> [Int64: [Int64]] {
        try await TaskBatchStore.jobExecutionIds(of: taskExecutionIds, on: connection)
    }

    /// The task names that have executions: `taskName` alone when given and present.
    package static func taskNames(_ taskName: String?, on connection: SQLConnection) async throws -> [String?] {
        var sql = "SELECT DISTINCT TASK_NAME FROM TASK_EXECUTION"
        var binds: [SQLValue] = []
        if let taskName {
            sql += " WHERE TASK_NAME = $1"
            binds.append(.text(taskName))
        }
        return try await connection.query(sql, binds).map { try $0.decode(String?.self, "TASK_NAME") }
    }

    /// The id of the `keepLast`-th newest execution of `taskName` (every newer one is kept too),
    /// or nil when it has fewer executions (all are kept).
    package static func lowestKeptId(taskName: String?, keepLast: Int, on connection: SQLConnection) async throws -> Int64? {
        guard keepLast > 0 else { return nil }
        let condition = taskName == nil ? "TASK_NAME IS NULL" : "TASK_NAME = $2"
        let binds: [SQLValue] = [.int(Int64(keepLast - 1))] + (taskName.map { [.text($0)] } ?? [])
        return try await connection.query(
            "SELECT TASK_EXECUTION_ID FROM TASK_EXECUTION WHERE \(condition) ORDER BY TASK_EXECUTION_ID DESC LIMIT 1 OFFSET $1", binds
        ).first.map { try $0.decode(Int64.self, "TASK_EXECUTION_ID") }
    }

    /// Deletes the links of job executions (whichever task ran them); 500 ids per statement.
    /// - Returns: How many links went.
    package static func unlink(jobExecutionIds ids: [Int64], on connection: SQLConnection) async throws -> Int {
        var deleted = 0
        for chunk in TaskExecutionPurge.chunks(ids) {
            deleted += try await connection.execute(
                "DELETE FROM TASK_TASK_BATCH WHERE JOB_EXECUTION_ID IN (\(TaskExecutionPurge.placeholders(chunk.count)))",
                chunk.map { .int($0) })
        }
        return deleted
    }

    /// How many links ``unlink(jobExecutionIds:on:)`` would delete.
    package static func countLinks(jobExecutionIds ids: [Int64], on connection: SQLConnection) async throws -> Int {
        var count = 0
        for chunk in TaskExecutionPurge.chunks(ids) {
            let rows = try await connection.query(
                "SELECT COUNT(*) AS N FROM TASK_TASK_BATCH WHERE JOB_EXECUTION_ID IN (\(TaskExecutionPurge.placeholders(chunk.count)))",
                chunk.map { .int($0) })
            count += Int(try rows.first?.decode(Int64.self, "N") ?? 0)
        }
        return count
    }
}
