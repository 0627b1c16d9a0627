import Foundation

/// The reads behind the server's dashboard: a grid of every job's latest outcomes, the
/// executions started per hour, and one job's recent executions. Each reads indexes only, in
/// a fixed number of statements, so a page costs the same in a history of a thousand
/// executions and of a million.
///
/// ```swift
/// let explorer = JobExplorer(pool: pool)
/// let grid = try await explorer.jobGrid(limit: 50, executionsPerJob: 20)
/// let now = Date()
/// let hours = try await explorer.executionCountsByHour(since: now.addingTimeInterval(-86_400), until: now)
/// ```
extension JobExplorer {
    /// The longest range ``executionCountsByHour(since:until:)`` counts: 366 days.
    public static let maximumHourlyRange: TimeInterval = 366 * 86_400

    /// One page of the job grid: job names ascending, each with its latest executions, oldest
    /// first (newest last).
    ///
    /// Two statements for the page whatever the size of the history (on SQLite, a third for
    /// jobs that ran too rarely to show among the latest executions): the names, one index
    /// probe each, and the executions of all of them.
    /// - Parameters:
    ///   - afterName: Continue after a page: only names sorting after this one (as the
    ///     database compares them); nil starts with the first.
    ///   - limit: How many jobs; below 1 reads nothing.
    ///   - executionsPerJob: How many of each job's executions (the latest by id); below 1
    ///     gives rows without executions.
    /// - Returns: The rows; fewer than `limit` on the last page. A job whose instances have no
    ///   execution has an empty row.
    /// - Throws: ``BatchError/Code/repositoryFailed`` when the database fails.
    public func jobGrid(afterName: String? = nil, limit: Int = 50, executionsPerJob: Int = 20) async throws -> [JobGridRow] {
        try await read("read the job grid") { connection in
            let names = try await JobDashboardStore.jobNames(after: afterName, limit: limit, on: connection)
            let cells = try await JobDashboardStore.latestCells(jobNames: names, limit: executionsPerJob, on: connection)
            return names.map { JobGridRow(jobName: $0, executions: (cells[$0] ?? []).reversed()) }
        }
    }

    /// Up to `limit` job names, ascending, after `afterName` when given: one probe of the name
    /// index per name, however many instances each job has (``jobNames()`` reads them all).
    /// - Throws: ``BatchError/Code/repositoryFailed`` when the database fails.
    public func jobNames(after afterName: String? = nil, limit: Int) async throws -> [String] {
        try await read("list job names") { try await JobDashboardStore.jobNames(after: afterName, limit: limit, on: $0) }
    }

    /// The latest executions of one job, oldest first (newest last): what a chart of its
    /// durations draws.
    /// - Parameters:
    ///   - jobName: The job.
    ///   - limit: How many executions (the latest by id).
    /// - Returns: The executions; empty for a job that never ran.
    /// - Throws: ``BatchError/Code/repositoryFailed`` when the database fails.
    public func recentExecutions(jobName: String, limit: Int = 50) async throws -> [JobGridCell] {
        try await read("read the latest executions of \(jobName)") { connection in
            try await JobDashboardStore.latestCells(jobNames: [jobName], limit: limit, on: connection)[jobName]?.reversed() ?? []
        }
    }

    /// How many job executions run, with a fingerprint that moves with their statuses and their
    /// steps' commits: aggregates over the partial indexes of what runs (schema 10), read without decoding a row,
    /// to tell cheaply (every quarter second, for live pages) whether what runs changed.
    /// - Throws: ``BatchError/Code/repositoryFailed`` when the database fails.
    public func runningSummary() async throws -> ActivitySummary {
        try await read("sum up running job executions") { try await JobDashboardStore.runningSummary(on: $0) }
    }

    /// How many job executions started in each hour (UTC) of `[since, until)`, by status.
    ///
    /// An execution counts in the hour its `START_TIME` falls in; executions that never
    /// started are not counted. The first and last hours are partial when `since` and `until`
    /// are not on the hour: only executions inside the range count. A whole hour is read from
    /// the counts the database keeps per hour (schema 11), a partial one from the start time
    /// index, so the cost follows the hours asked for, not how busy they were.
    /// - Parameters:
    ///   - since: The start of the range (included).
    ///   - until: The end of the range (excluded); an end at or before `since` counts nothing.
    /// - Returns: The counts that are not zero, by hour and then by status (in
    ///   ``BatchStatus``'s order).
    /// - Throws: ``BatchError/Code/invalidParameters`` for a range longer than
    ///   ``maximumHourlyRange``; ``BatchError/Code/repositoryFailed`` when the database fails.
    public func executionCountsByHour(since: Date, until: Date) async throws -> [HourlyExecutionCount] {
        guard until.timeIntervalSince(since) <= Self.maximumHourlyRange else {
            throw BatchError(.invalidParameters, "hourly counts cover at most 366 days; got \(since) to \(until)")
        }
        let boundaries = Self.hourBoundaries(since: since, until: until)
        let counts = try await read("count job executions by hour") { connection in
            try await JobDashboardStore.countsByStatus(startedBetween: boundaries, on: connection)
        }
        return counts.keys.sorted().flatMap { bucket in
            let hour = Self.hourStart(of: boundaries[bucket])
            return counts[bucket, default: [:]].sorted { $0.key < $1.key }.map {
                HourlyExecutionCount(hourStart: hour, status: $0.key, count: $0.value)
            }
        }
    }

    /// `since`, every hour after it before `until`, and `until`: the bounds of the hours of
    /// the range, the first and last cut to it. Empty when the range is.
    static func hourBoundaries(since: Date, until: Date) -> [Date] {
        guard since < until else { return [] }
        var boundaries = [since]
        var next = hourStart(of: since).addingTimeInterval(3600)
        while next < until {
            boundaries.append(next)
            next = next.addingTimeInterval(3600)
        }
        boundaries.append(until)
        return boundaries
    }

    /// The start of the UTC hour `date` falls in.
    static func hourStart(of date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 / 3600).rounded(.down) * 3600)
    }
}

extension JobExplorer {
    /// The running job executions that show a sign of life, newest first: those a process owns
    /// (our engine's runs, with an owner row: ``states(of:livenessTimeout:)`` tells whether that
    /// process is alive), and those whose row or a running step's row was written at or after
    /// `since` (a Spring app's run commits its chunks there). What claims to run without either
    /// is left over from a process that died without recording its end.
    /// - Parameters:
    ///   - since: The oldest write that still counts as a sign of life.
    ///   - limit: How many executions to read (the newest).
    /// - Returns: Up to `limit` running executions and how many show a sign of life in all.
    /// - Throws: ``BatchError/Code/repositoryFailed`` when the database fails.
    public func activeRunningExecutions(since: Date, limit: Int) async throws -> (executions: [JobExecution], count: Int) {
        try await read("list the running job executions that show a sign of life") { connection in
            let ids = try await JobActivityStore.activeRunningIds(since: since, on: connection)
            let executions = try await JobExecutionStore.find(ids: Array(ids.prefix(max(0, limit))), on: connection)
            return (executions.filter(\.isRunning).sorted { $0.id > $1.id }, ids.count)
        }
    }
}
