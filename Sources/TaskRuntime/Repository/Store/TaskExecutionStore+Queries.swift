import Database
import Foundation

/// The read side of `TASK_EXECUTION`: filtered lists in both paging forms, counts, and the
/// links to job executions, each one query however many rows it returns.
extension TaskExecutionStore {
    /// What a page may be sorted by: Data Flow's whitelist, by column or property name.
    static let sortColumns = SortColumns(
        id: "TASK_EXECUTION_ID",
        [
            .init("TASK_EXECUTION_ID", names: ["TASK_EXECUTION_ID", "executionId"], nullable: false),
            .init("START_TIME", names: ["START_TIME"]), .init("END_TIME", names: ["END_TIME"]),
            .init("TASK_NAME", names: ["TASK_NAME"]), .init("EXIT_CODE", names: ["EXIT_CODE"]),
            .init("EXIT_MESSAGE", names: ["EXIT_MESSAGE"]), .init("ERROR_MESSAGE", names: ["ERROR_MESSAGE"]),
            .init("LAST_UPDATED", names: ["LAST_UPDATED"]), .init("EXTERNAL_EXECUTION_ID", names: ["EXTERNAL_EXECUTION_ID"]),
            .init("PARENT_EXECUTION_ID", names: ["PARENT_EXECUTION_ID"]),
        ])

    /// The WHERE clause (with a leading space, or empty) for `filter`, appending its values to `binds`.
    static func whereClause(_ filter: TaskExecutionFilter, beforeId: Int64? = nil, binds: inout [SQLValue]) -> String {
        var conditions: [String] = []
        func bind(_ value: SQLValue) -> String {
            binds.append(value)
            return "$\(binds.count)"
        }
        if let name = filter.taskName { conditions.append("TASK_NAME = \(bind(.text(name)))") }
        if let parent = filter.parentExecutionId { conditions.append("PARENT_EXECUTION_ID = \(bind(.int(parent)))") }
        if let external = filter.externalExecutionId { conditions.append("EXTERNAL_EXECUTION_ID = \(bind(.text(external)))") }
        if let ended = filter.ended { conditions.append(ended ? "END_TIME IS NOT NULL" : "END_TIME IS NULL") }
        if let endedBefore = filter.endedBefore { conditions.append("END_TIME < \(bind(.date(endedBefore)))") }
        switch filter.status {
        case .unknown?: conditions.append("START_TIME IS NULL")
        case .running?: conditions.append("START_TIME IS NOT NULL AND END_TIME IS NULL")
        case .complete?: conditions.append("START_TIME IS NOT NULL AND END_TIME IS NOT NULL AND EXIT_CODE = 0")
        case .error?:
            conditions.append("START_TIME IS NOT NULL AND END_TIME IS NOT NULL AND (EXIT_CODE IS NULL OR EXIT_CODE <> 0)")
        case nil: break
        }
        if let beforeId { conditions.append("TASK_EXECUTION_ID < \(bind(.int(beforeId)))") }
        return conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
    }

    /// Rows newest first, below `beforeId` (keyset paging).
    static func page(filter: TaskExecutionFilter, beforeId: Int64?, limit: Int, on connection: SQLConnection) async throws
        -> [TaskExecution]
    {
        var binds: [SQLValue] = []
        let filterSQL = whereClause(filter, beforeId: beforeId, binds: &binds)
        binds.append(.int(Int64(limit)))
        let rows = try await connection.query(
            "SELECT \(columns) FROM TASK_EXECUTION\(filterSQL) ORDER BY TASK_EXECUTION_ID DESC LIMIT $\(binds.count)", binds)
        return try rows.map(decode)
    }

    /// Rows in `orderBy` order (a clause from ``sortColumns``), `limit` of them after `offset`.
    static func page(filter: TaskExecutionFilter, orderBy: String, limit: Int, offset: Int, on connection: SQLConnection)
        async throws -> [TaskExecution]
    {
        var binds: [SQLValue] = []
        let filterSQL = whereClause(filter, binds: &binds)
        binds.append(.int(Int64(limit)))
        binds.append(.int(Int64(offset)))
        let rows = try await connection.query(
            "SELECT \(columns) FROM TASK_EXECUTION\(filterSQL) ORDER BY \(orderBy) LIMIT $\(binds.count - 1) OFFSET $\(binds.count)",
            binds)
        return try rows.map(decode)
    }

    /// How many rows `filter` covers. All of them is one read of the number the database keeps
    /// (`SB_TASK_EXECUTION_COUNT`, schema version 8), whatever the size of the history.
    static func count(filter: TaskExecutionFilter, on connection: SQLConnection) async throws -> Int64 {
        if filter == TaskExecutionFilter() {
            let rows = try await connection.query(
                "SELECT CAST(COALESCE(SUM(EXECUTIONS), 0) AS BIGINT) AS N FROM SB_TASK_EXECUTION_COUNT")
            return try rows.first?.decode(Int64.self, "N") ?? 0
        }
        var binds: [SQLValue] = []
        let filterSQL = whereClause(filter, binds: &binds)
        let rows = try await connection.query("SELECT COUNT(*) AS N FROM TASK_EXECUTION\(filterSQL)", binds)
        return try rows.first?.decode(Int64.self, "N") ?? 0
    }

    /// How many rows `filter` covers, by status (statuses without rows are absent).
    static func countsByStatus(filter: TaskExecutionFilter, on connection: SQLConnection) async throws -> [TaskStatus: Int64] {
        var binds: [SQLValue] = []
        let filterSQL = whereClause(filter, binds: &binds)
        let rows = try await connection.query(
            """
            SELECT CASE WHEN START_TIME IS NULL THEN 'UNKNOWN' WHEN END_TIME IS NULL THEN 'RUNNING'
                        WHEN EXIT_CODE = 0 THEN 'COMPLETE' ELSE 'ERROR' END AS STATUS, COUNT(*) AS N
            FROM TASK_EXECUTION\(filterSQL) GROUP BY 1
            """, binds)
        var counts: [TaskStatus: Int64] = [:]
        for row in rows {
            if let status = TaskStatus(rawValue: try row.decode(String.self, "STATUS")) {
                counts[status, default: 0] += try row.decode(Int64.self, "N")
            }
        }
        return counts
    }

    /// The newest execution of each name of `names` (by id), in one query per 500 names.
    static func latest(names: [String], on connection: SQLConnection) async throws -> [String: TaskExecution] {
        var result: [String: TaskExecution] = [:]
        for start in stride(from: 0, to: names.count, by: 500) {
            let chunk = Array(names[start..<min(start + 500, names.count)])
            let placeholders = (1...chunk.count).map { "$\($0)" }.joined(separator: ", ")
            let rows = try await connection.query(
                """
                SELECT \(columns) FROM TASK_EXECUTION WHERE TASK_EXECUTION_ID IN
                    (SELECT MAX(TASK_EXECUTION_ID) FROM TASK_EXECUTION WHERE TASK_NAME IN (\(placeholders)) GROUP BY TASK_NAME)
                """, chunk.map { .text($0) })
            for execution in try rows.map(decode) {
                if let name = execution.taskName { result[name] = execution }
            }
        }
        return result
    }

    /// Every task name with its number of executions, by name.
    static func namesWithCounts(on connection: SQLConnection) async throws -> [(name: String, count: Int64)] {
        try await connection.query(
            "SELECT TASK_NAME, COUNT(*) AS N FROM TASK_EXECUTION WHERE TASK_NAME IS NOT NULL GROUP BY TASK_NAME ORDER BY TASK_NAME"
        ).map { (try $0.decode(String.self, "TASK_NAME"), try $0.decode(Int64.self, "N")) }
    }

    /// Up to `limit` distinct task names, ascending, by a loose index scan: one probe of the
    /// name index (`SB_TASK_EXEC_NAME_IX`) per name, whatever the number of executions
    /// (`GROUP BY` reads them all).
    static func names(limit: Int, on connection: SQLConnection) async throws -> [String] {
        guard limit > 0 else { return [] }
        return try await connection.query(
            """
            WITH RECURSIVE NAMES (TASK_NAME, N) AS (
            SELECT (SELECT TASK_NAME FROM TASK_EXECUTION WHERE TASK_NAME IS NOT NULL ORDER BY TASK_NAME LIMIT 1), 1
            UNION ALL
            SELECT (SELECT E.TASK_NAME FROM TASK_EXECUTION E WHERE E.TASK_NAME > NAMES.TASK_NAME ORDER BY E.TASK_NAME LIMIT 1), N + 1
            FROM NAMES WHERE NAMES.TASK_NAME IS NOT NULL AND N < $1)
            SELECT TASK_NAME FROM NAMES WHERE TASK_NAME IS NOT NULL ORDER BY N
            """, [.int(Int64(limit))]
        ).map { try $0.decode(String.self, "TASK_NAME") }
    }
}
