import Database
import Foundation

/// The read side of `BATCH_JOB_EXECUTION`: filtered lists in both paging forms and counts.
extension JobExecutionStore {
    /// What a page may be sorted by, by column or property name.
    static let sortColumns = SortColumns(
        id: "E.JOB_EXECUTION_ID",
        [
            .init("E.JOB_EXECUTION_ID", names: ["JOB_EXECUTION_ID", "executionId", "id"], nullable: false),
            .init("E.START_TIME", names: ["START_TIME"]), .init("E.END_TIME", names: ["END_TIME"]),
            .init("E.CREATE_TIME", names: ["CREATE_TIME"], nullable: false), .init("E.STATUS", names: ["STATUS"]),
            .init("E.EXIT_CODE", names: ["EXIT_CODE"]), .init("E.LAST_UPDATED", names: ["LAST_UPDATED"]),
            .init("I.JOB_INSTANCE_ID", names: ["JOB_INSTANCE_ID", "instanceId"], nullable: false),
            .init("I.JOB_NAME", names: ["JOB_NAME", "name"], nullable: false),
        ])

    /// The WHERE clause (with a leading space, or empty) for `filter`, appending its values to `binds`.
    static func whereClause(
        _ filter: JobExecutionFilter, beforeId: Int64? = nil, dialect: SQLDialect, binds: inout [SQLValue]
    ) -> String {
        var conditions: [String] = []
        func bind(_ value: SQLValue) -> String {
            binds.append(value)
            return "$\(binds.count)"
        }
        if let name = filter.jobName { conditions.append("I.JOB_NAME = \(bind(.text(name)))") }
        if let pattern = filter.jobNameLike { conditions.append(NamePattern.condition("I.JOB_NAME", pattern, dialect, bind)) }
        if !filter.statuses.isEmpty {
            conditions.append("E.STATUS IN (\(filter.statuses.map { bind(.text($0.rawValue)) }.joined(separator: ", ")))")
        }
        if let instance = filter.instanceId { conditions.append("E.JOB_INSTANCE_ID = \(bind(.int(instance)))") }
        if let task = filter.taskExecutionId {
            conditions.append(
                "E.JOB_EXECUTION_ID IN (SELECT JOB_EXECUTION_ID FROM TASK_TASK_BATCH WHERE TASK_EXECUTION_ID = \(bind(.int(task))))")
        }
        if let from = filter.startedFrom { conditions.append("E.START_TIME >= \(bind(.date(from)))") }
        if let to = filter.startedTo { conditions.append("E.START_TIME <= \(bind(.date(to)))") }
        if let beforeId { conditions.append("E.JOB_EXECUTION_ID < \(bind(.int(beforeId)))") }
        return conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
    }

    /// Executions newest first, below `beforeId` (keyset paging), with their parameters.
    static func page(filter: JobExecutionFilter, beforeId: Int64?, limit: Int, on connection: SQLConnection) async throws
        -> [JobExecution]
    {
        if let recent = try await recentPage(filter: filter, beforeId: beforeId, limit: limit, offset: 0, on: connection) {
            return recent
        }
        var binds: [SQLValue] = []
        let filterSQL = whereClause(filter, beforeId: beforeId, dialect: connection.dialect, binds: &binds)
        binds.append(.int(Int64(limit)))
        let rows = try await connection.query(
            selectColumns + filterSQL + " ORDER BY E.JOB_EXECUTION_ID DESC LIMIT $\(binds.count)", binds)
        return try await decode(rows, on: connection)
    }

    /// Executions in `orderBy` order (a clause from ``sortColumns``), `limit` of them after `offset`.
    static func page(filter: JobExecutionFilter, orderBy: String, limit: Int, offset: Int, on connection: SQLConnection)
        async throws -> [JobExecution]
    {
        if orderBy == newestFirst,
            let recent = try await recentPage(filter: filter, beforeId: nil, limit: limit, offset: offset, on: connection)
        {
            return recent
        }
        var binds: [SQLValue] = []
        let filterSQL = whereClause(filter, dialect: connection.dialect, binds: &binds)
        binds.append(.int(Int64(limit)))
        binds.append(.int(Int64(offset)))
        let rows = try await connection.query(
            selectColumns + filterSQL + " ORDER BY \(orderBy) LIMIT $\(binds.count - 1) OFFSET $\(binds.count)", binds)
        return try await decode(rows, on: connection)
    }

    /// The default order of a numbered page, as ``sortColumns`` writes it.
    static let newestFirst = (try? sortColumns.orderBy([]).get()) ?? ""

    /// Job executions a job-name filter looks through, newest first, before SQLite is left to its own plan.
    static let recentWindow: Int64 = 10_000

    /// For a job-name filter on SQLite: the page (newest first, `offset` rows in, below
    /// `beforeId`) found among the newest ``recentWindow`` executions, or nil when they hold
    /// fewer than `offset + limit` of the job's.
    ///
    /// The name is on the instance, so no index orders one job's executions by id. SQLite, without
    /// statistics per name, then reads every execution of the job through the name index and sorts
    /// them all for a page of 20 (a fifth of a second for 100,000 executions), where walking the
    /// newest executions and stopping at the page's end reads a few hundred rows. Every execution
    /// in the window is newer than every one outside it, so a full page from the window is the page.
    /// A job that ran too rarely to fill it is read the planner's way, which suits few executions.
    /// PostgreSQL's planner makes this choice itself from its statistics.
    private static func recentPage(
        filter: JobExecutionFilter, beforeId: Int64?, limit: Int, offset: Int, on connection: SQLConnection
    ) async throws -> [JobExecution]? {
        guard filter.jobName != nil, connection.dialect == .sqlite, (0...recentWindow).contains(Int64(limit)),
            (0...recentWindow - Int64(limit)).contains(Int64(offset))
        else { return nil }
        var binds: [SQLValue] = []
        let filterSQL = whereClause(filter, beforeId: beforeId, dialect: connection.dialect, binds: &binds)
        let top: String
        if let beforeId {
            binds.append(.int(beforeId))
            top = "$\(binds.count)"
        } else {
            top = "(SELECT MAX(JOB_EXECUTION_ID) + 1 FROM BATCH_JOB_EXECUTION)"
        }
        binds += [.int(recentWindow), .int(Int64(limit)), .int(Int64(offset))]
        let n = binds.count
        let rows = try await connection.query(
            selectColumns + filterSQL + " AND E.JOB_EXECUTION_ID >= \(top) - $\(n - 2)"
                + " ORDER BY E.JOB_EXECUTION_ID DESC LIMIT $\(n - 1) OFFSET $\(n)", binds)
        guard rows.count == limit else { return nil }
        return try await decode(rows, on: connection)
    }

    /// The ids of a job's latest `limit` executions, newest first, without reading the rows: on
    /// SQLite looked for among the newest ``recentWindow`` executions first, as ``recentPage``
    /// explains, and read the planner's way when the job ran too rarely to fill them.
    static func recentIds(jobName: String, limit: Int, on connection: SQLConnection) async throws -> [Int64] {
        let select = """
            SELECT E.JOB_EXECUTION_ID FROM BATCH_JOB_EXECUTION E JOIN BATCH_JOB_INSTANCE I ON E.JOB_INSTANCE_ID = I.JOB_INSTANCE_ID
            WHERE I.JOB_NAME = $1
            """
        if connection.dialect == .sqlite, (1...recentWindow).contains(Int64(limit)) {
            let rows = try await connection.query(
                select + " AND E.JOB_EXECUTION_ID >= (SELECT MAX(JOB_EXECUTION_ID) + 1 FROM BATCH_JOB_EXECUTION) - $2"
                    + " ORDER BY E.JOB_EXECUTION_ID DESC LIMIT $3", [.text(jobName), .int(recentWindow), .int(Int64(limit))])
            if rows.count == limit { return try rows.map { try $0.decode(Int64.self, "JOB_EXECUTION_ID") } }
        }
        let rows = try await connection.query(select + " ORDER BY E.JOB_EXECUTION_ID DESC LIMIT $2", [.text(jobName), .int(Int64(limit))])
        return try rows.map { try $0.decode(Int64.self, "JOB_EXECUTION_ID") }
    }

    /// The tables a count reads: the instance join only when the filter needs the job's name,
    /// so other counts read the execution table's indexes alone.
    private static func from(_ filter: JobExecutionFilter) -> String {
        filter.jobName == nil && filter.jobNameLike == nil
            ? "BATCH_JOB_EXECUTION E"
            : "BATCH_JOB_EXECUTION E JOIN BATCH_JOB_INSTANCE I ON E.JOB_INSTANCE_ID = I.JOB_INSTANCE_ID"
    }

    /// How many executions `filter` covers. All of them is one read of the number the database
    /// keeps (`SB_JOB_EXECUTION_COUNT`, schema version 9), whatever the size of the history.
    static func count(filter: JobExecutionFilter, on connection: SQLConnection) async throws -> Int64 {
        if filter == JobExecutionFilter() {
            let rows = try await connection.query(
                "SELECT CAST(COALESCE(SUM(EXECUTIONS), 0) AS BIGINT) AS N FROM SB_JOB_EXECUTION_COUNT")
            return try rows.first?.decode(Int64.self, "N") ?? 0
        }
        var binds: [SQLValue] = []
        let filterSQL = whereClause(filter, dialect: connection.dialect, binds: &binds)
        let rows = try await connection.query("SELECT COUNT(*) AS N FROM \(from(filter))\(filterSQL)", binds)
        return try rows.first?.decode(Int64.self, "N") ?? 0
    }

    /// How many executions `filter` covers, counting at most `limit + 1` of them: a filtered
    /// total costs what it counts, so a list that only needs to say "more than N" stops there.
    static func count(filter: JobExecutionFilter, upTo limit: Int64, on connection: SQLConnection) async throws -> Int64 {
        if filter == JobExecutionFilter() { return min(try await count(filter: filter, on: connection), limit + 1) }
        var binds: [SQLValue] = []
        let filterSQL = whereClause(filter, dialect: connection.dialect, binds: &binds)
        let rows = try await connection.query(
            "SELECT COUNT(*) AS N FROM (SELECT 1 AS ONE FROM \(from(filter))\(filterSQL) LIMIT \(max(0, limit) + 1)) BOUNDED", binds)
        return try rows.first?.decode(Int64.self, "N") ?? 0
    }

    /// How many executions `filter` covers, by status (statuses without executions are absent).
    static func countsByStatus(filter: JobExecutionFilter, on connection: SQLConnection) async throws -> [BatchStatus: Int64] {
        var binds: [SQLValue] = []
        let filterSQL = whereClause(filter, dialect: connection.dialect, binds: &binds)
        let rows = try await connection.query(
            "SELECT E.STATUS, COUNT(*) AS N FROM \(from(filter))\(filterSQL) GROUP BY E.STATUS", binds)
        var counts: [BatchStatus: Int64] = [:]
        for row in rows {
            counts[BatchStatus(stored: try row.decode(String?.self, "STATUS")), default: 0] += try row.decode(Int64.self, "N")
        }
        return counts
    }

    /// Running executions (`STARTING`, `STARTED`, `STOPPING`) newest first, with their owner rows where they have one.
    static func running(jobName: String?, limit: Int, on connection: SQLConnection) async throws
        -> [(JobExecution, ExecutionOwner?)]
    {
        let executions: [JobExecution]
        if jobName == nil {
            // Every job's: the newest ids from the partial index of running executions (schema
            // 10), which reads `limit` entries however many runs died unmarked.
            let ids = try await connection.query(
                "SELECT JOB_EXECUTION_ID FROM BATCH_JOB_EXECUTION\(connection.dialect == .sqlite ? " INDEXED BY SB_JOB_EXEC_RUNNING_IX" : "")"
                    + " WHERE STATUS IN ('STARTING', 'STARTED', 'STOPPING') ORDER BY JOB_EXECUTION_ID DESC LIMIT $1", [.int(Int64(max(0, limit)))]
            ).map { try $0.decode(Int64.self, "JOB_EXECUTION_ID") }
            executions = try await find(ids: ids, on: connection).sorted { $0.id > $1.id }
        } else {
            executions = try await page(
                filter: JobExecutionFilter(jobName: jobName, statuses: [.starting, .started, .stopping]), beforeId: nil, limit: limit,
                on: connection)
        }
        let owners = try await ExecutionOwnerStore.find(executionIds: executions.map(\.id), on: connection)
        return executions.map { ($0, owners[$0.id]) }
    }
}
