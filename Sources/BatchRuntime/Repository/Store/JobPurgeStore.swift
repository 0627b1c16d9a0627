import Database
import Foundation

/// What a purge reads of the job tables: the executions it may remove, in id order, the
/// histories of their instances, and the newest executions to keep.
enum JobPurgeStore {
    /// An execution the scan found old enough.
    struct Scanned: Sendable, Hashable {
        var id: Int64
        var instanceId: Int64
        var jobName: String
        var status: BatchStatus
    }

    /// The age condition on `BATCH_JOB_EXECUTION E` against the cutoff bound as `bind`: ended
    /// before it, or never started and created before it.
    static func oldEnough(_ bind: String) -> String {
        "(E.END_TIME < \(bind) OR (E.END_TIME IS NULL AND E.START_TIME IS NULL AND E.CREATE_TIME < \(bind)))"
    }

    /// Executions after `afterId`, in id order, at most `limit`: old enough for `cutoff` when
    /// given, of `jobName` when given. Each scan continues where the last one stopped, so a
    /// whole purge reads the table once.
    static func scan(after afterId: Int64, cutoff: Date?, jobName: String?, limit: Int, on connection: SQLConnection)
        async throws -> [Scanned]
    {
        var binds: [SQLValue] = [.int(afterId)]
        var sql = """
            SELECT E.JOB_EXECUTION_ID, E.JOB_INSTANCE_ID, E.STATUS, I.JOB_NAME
            FROM BATCH_JOB_EXECUTION E JOIN BATCH_JOB_INSTANCE I ON I.JOB_INSTANCE_ID = E.JOB_INSTANCE_ID
            WHERE E.JOB_EXECUTION_ID > $1
            """
        if let cutoff {
            binds.append(.date(cutoff))
            sql += " AND " + oldEnough("$\(binds.count)")
        }
        if let jobName {
            binds.append(.text(jobName))
            sql += " AND I.JOB_NAME = $\(binds.count)"
        }
        binds.append(.int(Int64(limit)))
        sql += " ORDER BY E.JOB_EXECUTION_ID LIMIT $\(binds.count)"
        return try await connection.query(sql, binds).map { row in
            Scanned(
                id: try row.decode(Int64.self, "JOB_EXECUTION_ID"), instanceId: try row.decode(Int64.self, "JOB_INSTANCE_ID"),
                jobName: try row.decode(String.self, "JOB_NAME"), status: BatchStatus(stored: try row.decode(String?.self, "STATUS")))
        }
    }

    /// Every execution of `instanceIds`, by instance, each marked old enough for `cutoff`
    /// (all are without one); 500 instances per query.
    static func histories(of instanceIds: [Int64], cutoff: Date?, on connection: SQLConnection) async throws
        -> [Int64: InstanceHistory]
    {
        var result: [Int64: InstanceHistory] = [:]
        for start in stride(from: 0, to: instanceIds.count, by: SQLConnection.idsPerStatement) {
            let chunk = instanceIds[start..<min(start + SQLConnection.idsPerStatement, instanceIds.count)]
            var binds = chunk.map { SQLValue.int($0) }
            let placeholders = (1...chunk.count).map { "$\($0)" }.joined(separator: ", ")
            var flag = "1"
            if let cutoff {
                binds.append(.date(cutoff))
                flag = "CASE WHEN \(oldEnough("$\(binds.count)")) THEN 1 ELSE 0 END"
            }
            let rows = try await connection.query(
                """
                SELECT E.JOB_EXECUTION_ID, E.JOB_INSTANCE_ID, E.STATUS, \(flag) AS OLD_ENOUGH
                FROM BATCH_JOB_EXECUTION E WHERE E.JOB_INSTANCE_ID IN (\(placeholders))
                """, binds)
            for row in rows {
                let execution = InstanceHistory.Execution(
                    id: try row.decode(Int64.self, "JOB_EXECUTION_ID"), status: BatchStatus(stored: try row.decode(String?.self, "STATUS")),
                    oldEnough: try row.decode(Int64.self, "OLD_ENOUGH") == 1)
                result[try row.decode(Int64.self, "JOB_INSTANCE_ID"), default: InstanceHistory(executions: [])].executions.append(execution)
            }
        }
        return result
    }

    /// The instance and status of each of `ids` that exists; 500 per query.
    static func executions(ids: [Int64], on connection: SQLConnection) async throws -> [Int64: (instanceId: Int64, status: BatchStatus)] {
        var result: [Int64: (instanceId: Int64, status: BatchStatus)] = [:]
        let rows = try await connection.query(ids: ids) {
            "SELECT JOB_EXECUTION_ID, JOB_INSTANCE_ID, STATUS FROM BATCH_JOB_EXECUTION WHERE JOB_EXECUTION_ID IN (\($0))"
        }
        for row in rows {
            result[try row.decode(Int64.self, "JOB_EXECUTION_ID")] = (
                try row.decode(Int64.self, "JOB_INSTANCE_ID"), BatchStatus(stored: try row.decode(String?.self, "STATUS"))
            )
        }
        return result
    }

    /// Locks the instances' rows until the transaction ends (PostgreSQL `FOR UPDATE`, in id
    /// order; on SQLite the transaction's write lock already holds everything), so no new
    /// execution of them is created while a purge judges and deletes their executions.
    static func lockInstances(_ ids: [Int64], on connection: SQLConnection) async throws {
        guard connection.dialect == .postgresql else { return }
        _ = try await connection.query(ids: ids.sorted()) {
            "SELECT JOB_INSTANCE_ID FROM BATCH_JOB_INSTANCE WHERE JOB_INSTANCE_ID IN (\($0)) ORDER BY JOB_INSTANCE_ID FOR UPDATE"
        }
    }

    /// The names of the jobs that ran: `jobName` alone when given and present.
    static func jobNames(_ jobName: String?, on connection: SQLConnection) async throws -> [String] {
        if let jobName {
            return try await connection.query("SELECT DISTINCT JOB_NAME FROM BATCH_JOB_INSTANCE WHERE JOB_NAME = $1", [.text(jobName)])
                .map { try $0.decode(String.self, "JOB_NAME") }
        }
        return try await JobInstanceStore.jobNames(on: connection)
    }

    /// The id of the `keepLast`-th newest execution of `jobName` (every newer one is kept
    /// too), or nil when it has fewer executions (all are kept).
    static func lowestKeptId(jobName: String, keepLast: Int, on connection: SQLConnection) async throws -> Int64? {
        guard keepLast > 0 else { return nil }
        return try await connection.query(
            """
            SELECT E.JOB_EXECUTION_ID FROM BATCH_JOB_EXECUTION E
            WHERE E.JOB_INSTANCE_ID IN (SELECT JOB_INSTANCE_ID FROM BATCH_JOB_INSTANCE WHERE JOB_NAME = $1)
            ORDER BY E.JOB_EXECUTION_ID DESC LIMIT 1 OFFSET $2
            """, [.text(jobName), .int(Int64(keepLast - 1))]
        ).first.map { try $0.decode(Int64.self, "JOB_EXECUTION_ID") }
    }
}
