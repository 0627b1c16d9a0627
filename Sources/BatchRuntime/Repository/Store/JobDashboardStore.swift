import Database
import Foundation

/// The dashboard's reads over `BATCH_JOB_INSTANCE` and `BATCH_JOB_EXECUTION`: job names one
/// index probe each, a job's latest executions, and executions started per hour by status.
/// Each walks an index (schema versions 2 and 5), so its cost follows what it returns, not
/// the size of the history.
enum JobDashboardStore {
    /// The columns of a ``JobGridCell`` with its job's name.
    private static let cellSelect = """
        SELECT I.JOB_NAME, E.JOB_EXECUTION_ID, E.STATUS, E.EXIT_CODE, E.START_TIME, E.END_TIME, E.CREATE_TIME
        FROM BATCH_JOB_EXECUTION E JOIN BATCH_JOB_INSTANCE I ON E.JOB_INSTANCE_ID = I.JOB_INSTANCE_ID
        """

    /// Jobs whose latest executions one statement reads at most.
    static let jobsPerStatement = 50

    /// Hours one statement counts at most.
    static let hoursPerStatement = 48

    /// Up to `limit` distinct job names after `afterName` (from the first when nil), ascending.
    ///
    /// A loose index scan: a recursive query steps from one name to the next with one probe of
    /// the name index (`SB_JOB_INST_NAME_IX`) each, so it reads `limit` index entries however
    /// many instances each job has (`SELECT DISTINCT` reads them all).
    static func jobNames(after afterName: String?, limit: Int, on connection: SQLConnection) async throws -> [String] {
        guard limit > 0 else { return [] }
        let rows = try await connection.query(
            """
            WITH RECURSIVE NAMES (JOB_NAME, N) AS (
            SELECT (SELECT JOB_NAME FROM BATCH_JOB_INSTANCE WHERE JOB_NAME \(afterName == nil ? ">=" : ">") $1
            ORDER BY JOB_NAME LIMIT 1), 1
            UNION ALL
            SELECT (SELECT I.JOB_NAME FROM BATCH_JOB_INSTANCE I WHERE I.JOB_NAME > NAMES.JOB_NAME ORDER BY I.JOB_NAME LIMIT 1), N + 1
            FROM NAMES WHERE NAMES.JOB_NAME IS NOT NULL AND N < $2)
            SELECT JOB_NAME FROM NAMES WHERE JOB_NAME IS NOT NULL ORDER BY N
            """, [.text(afterName ?? ""), .int(Int64(limit))])
        return try rows.map { try $0.decode(String.self, "JOB_NAME") }
    }

    /// The latest `limit` executions of each of `jobNames`, newest first, keyed by name (a
    /// name without executions is absent); one statement per ``jobsPerStatement`` names.
    ///
    /// Each name is its own branch of a `UNION ALL`, ordered by id and cut at `limit`. On
    /// SQLite a branch looks among the newest ``JobExecutionStore/recentWindow`` executions
    /// (walking the primary key down and stopping at `limit`), for the reason
    /// ``JobExecutionStore/recentIds(jobName:limit:on:)`` gives; a job that ran too rarely to
    /// fill its row there is read again the planner's way (one more statement for all such jobs).
    static func latestCells(jobNames: [String], limit: Int, on connection: SQLConnection) async throws -> [String: [JobGridCell]] {
        guard limit > 0 else { return [:] }
        let windowed = connection.dialect == .sqlite && Int64(limit) <= JobExecutionStore.recentWindow
        var cells: [String: [JobGridCell]] = [:]
        for start in stride(from: 0, to: jobNames.count, by: jobsPerStatement) {
            let names = Array(jobNames[start..<min(start + jobsPerStatement, jobNames.count)])
            cells.merge(try await latestCells(names, limit: limit, windowed: windowed, on: connection)) { $1 }
        }
        let short = windowed ? jobNames.filter { cells[$0, default: []].count < limit } : []
        if !short.isEmpty {
            for start in stride(from: 0, to: short.count, by: jobsPerStatement) {
                let names = Array(short[start..<min(start + jobsPerStatement, short.count)])
                cells.merge(try await latestCells(names, limit: limit, windowed: false, on: connection)) { $1 }
            }
        }
        return cells
    }

    /// One statement of ``latestCells(jobNames:limit:on:)``: `$1` is the limit, `$2` the
    /// window when `windowed`, then one name per branch.
    private static func latestCells(_ names: [String], limit: Int, windowed: Bool, on connection: SQLConnection)
        async throws -> [String: [JobGridCell]]
    {
        guard !names.isEmpty else { return [:] }
        var binds: [SQLValue] = [.int(Int64(limit))]
        var window = ""
        if windowed {
            binds.append(.int(JobExecutionStore.recentWindow))
            window = " AND E.JOB_EXECUTION_ID >= (SELECT MAX(JOB_EXECUTION_ID) + 1 FROM BATCH_JOB_EXECUTION) - $2"
        }
        let branches = names.enumerated().map { index, name in
            binds.append(.text(name))
            return "SELECT * FROM (\(cellSelect) WHERE I.JOB_NAME = $\(binds.count)\(window)"
                + " ORDER BY E.JOB_EXECUTION_ID DESC LIMIT $1) B\(index)"
        }
        let rows = try await connection.query(branches.joined(separator: "\nUNION ALL\n"), binds)
        var cells: [String: [JobGridCell]] = [:]
        for row in rows {
            cells[try row.decode(String.self, "JOB_NAME"), default: []].append(try decodeCell(row))
        }
        for name in cells.keys { cells[name]?.sort { $0.id > $1.id } }
        return cells
    }

    /// How many job executions run (STARTING, STARTED, STOPPING), with the sums of their ids and
    /// versions and of their running steps' ids and versions (a step's version moves with every
    /// commit, and a step that ends leaves the sums): two scans of the partial indexes of schema
    /// 10, which hold the running rows only, and no table row.
    static func runningSummary(on connection: SQLConnection) async throws -> ActivitySummary {
        // The statuses are literals, not binds: a planner uses a partial index only where it can
        // prove the statement's condition implies the index's.
        let running = "STATUS IN ('STARTING', 'STARTED', 'STOPPING')"
        let sqlite = connection.dialect == .sqlite
        let rows = try await connection.query(
            """
            SELECT COUNT(*) AS N, CAST(COALESCE(SUM(JOB_EXECUTION_ID), 0) AS BIGINT) AS IDS,
                   CAST(COALESCE(SUM(VERSION), 0) AS BIGINT) AS VERSIONS,
                   (SELECT CAST(COALESCE(SUM(S.STEP_EXECUTION_ID * 31 + S.VERSION), 0) AS BIGINT)
                    FROM BATCH_STEP_EXECUTION S\(sqlite ? " INDEXED BY SB_STEP_EXEC_RUNNING_IX" : "") WHERE S.\(running)) AS STEPS
            FROM BATCH_JOB_EXECUTION\(sqlite ? " INDEXED BY SB_JOB_EXEC_RUNNING_IX" : "") WHERE \(running)
            """)
        guard let row = rows.first else { return ActivitySummary(count: 0, fingerprint: 0) }
        let ids = try row.decode(Int64.self, "IDS")
        let versions = try row.decode(Int64.self, "VERSIONS")
        let steps = try row.decode(Int64.self, "STEPS")
        return ActivitySummary(count: try row.decode(Int64.self, "N"), fingerprint: ids &* 1_000_003 &+ versions &* 65_537 &+ steps)
    }

    /// How many executions started in each range between consecutive `boundaries` (ascending),
    /// by status: the counts of range `i` (`boundaries[i] <= START_TIME < boundaries[i + 1]`)
    /// under key `i`. A range that is a whole hour (UTC) is read from the hourly counts the
    /// database keeps (schema 11), one row per status whatever the hour held; any other range
    /// (the cut first and last hours) is a scan of the start time index, ``hoursPerStatement``
    /// ranges per statement.
    static func countsByStatus(startedBetween boundaries: [Date], on connection: SQLConnection) async throws
        -> [Int: [BatchStatus: Int64]]
    {
        guard boundaries.count > 1 else { return [:] }
        var counts: [Int: [BatchStatus: Int64]] = [:]
        var wholeHours: [Int64: Int] = [:]
        var partial: [Int] = []
        for range in 0..<(boundaries.count - 1) {
            if let hour = wholeHour(boundaries[range], boundaries[range + 1]) { wholeHours[hour] = range } else { partial.append(range) }
        }
        if let first = wholeHours.keys.min(), let last = wholeHours.keys.max() {
            let rows = try await connection.query(
                """
                SELECT HOUR, STATUS, CAST(SUM(EXECUTIONS) AS BIGINT) AS N FROM SB_JOB_EXECUTION_HOURLY
                WHERE HOUR >= $1 AND HOUR <= $2 GROUP BY HOUR, STATUS
                """, [.int(first), .int(last)])
            for row in rows {
                let n = try row.decode(Int64.self, "N")
                guard n != 0, let range = wholeHours[try row.decode(Int64.self, "HOUR")] else { continue }
                counts[range, default: [:]][BatchStatus(stored: try row.decode(String.self, "STATUS")), default: 0] += n
            }
        }
        for first in stride(from: 0, to: partial.count, by: hoursPerStatement) {
            var binds: [SQLValue] = []
            let branches = partial[first..<min(first + hoursPerStatement, partial.count)].map { range in
                binds += [.date(boundaries[range]), .date(boundaries[range + 1])]
                return "SELECT \(range) AS BUCKET, STATUS, COUNT(*) AS N FROM BATCH_JOB_EXECUTION"
                    + " WHERE START_TIME >= $\(binds.count - 1) AND START_TIME < $\(binds.count) GROUP BY STATUS"
            }
            for row in try await connection.query(branches.joined(separator: "\nUNION ALL\n"), binds) {
                let bucket = Int(try row.decode(Int64.self, "BUCKET"))
                let status = BatchStatus(stored: try row.decode(String?.self, "STATUS"))
                counts[bucket, default: [:]][status, default: 0] += try row.decode(Int64.self, "N")
            }
        }
        return counts
    }

    /// The hour (whole hours since 1970, UTC) that `[start, end)` is exactly, or nil.
    static func wholeHour(_ start: Date, _ end: Date) -> Int64? {
        let seconds = start.timeIntervalSince1970
        guard seconds.truncatingRemainder(dividingBy: 3600) == 0, end.timeIntervalSince1970 - seconds == 3600 else { return nil }
        return Int64((seconds / 3600).rounded(.down))
    }

    static func decodeCell(_ row: SQLRow) throws -> JobGridCell {
        JobGridCell(
            id: try row.decode(Int64.self, "JOB_EXECUTION_ID"), status: BatchStatus(stored: try row.decode(String?.self, "STATUS")),
            exitCode: try row.decode(String?.self, "EXIT_CODE") ?? "UNKNOWN", startTime: try row.decode(Date?.self, "START_TIME"),
            endTime: try row.decode(Date?.self, "END_TIME"), createTime: try row.decode(Date.self, "CREATE_TIME"))
    }
}
