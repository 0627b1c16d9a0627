import Database
import Foundation

/// The read side of task metadata: what the command lines and the server show, with all SQL
/// in the stores and never one query per row.
///
/// Every list comes in two forms: keyset (newest first, `beforeId` continues after a page;
/// the same cost on every page) and page/size/sort as Data Flow's REST API pages (with the
/// total count, sort columns whitelisted). Lists load the arguments and the linked job
/// execution ids of a whole page in one query each; thin lists skip the arguments.
///
/// ```swift
/// let explorer = TaskExplorer(pool: pool)
/// let page = try await explorer.taskExecutions(TaskExecutionFilter(taskName: "nightly"), page: PageRequest(size: 50))
/// print(page.totalElements, page.elements.map(\.executionId))
/// ```
public struct TaskExplorer: Sendable {
    /// The metadata database.
    public let pool: ConnectionPool

    /// Creates an explorer.
    public init(pool: ConnectionPool) {
        self.pool = pool
    }

    /// One execution with its arguments and the ids of the job executions it ran, or nil.
    public func taskExecution(id: Int64) async throws -> TaskExecution? {
        try await read("read task execution \(id)") { connection in
            guard let execution = try await TaskExecutionStore.find(id: id, on: connection) else { return nil }
            return try await Self.completing([execution], arguments: true, on: connection)[0]
        }
    }

    /// The execution a platform launch id names, with its arguments and job execution ids, or nil.
    public func taskExecution(externalExecutionId: String) async throws -> TaskExecution? {
        try await taskExecutions(TaskExecutionFilter(externalExecutionId: externalExecutionId), limit: 1).first
    }

    /// A page of executions, newest first (keyset paging).
    /// - Parameters:
    ///   - filter: Which executions.
    ///   - beforeId: Only ids below this one (the last id of the previous page).
    ///   - limit: The page size.
    ///   - arguments: Whether to load the arguments (the thin list does not).
    public func taskExecutions(
        _ filter: TaskExecutionFilter = TaskExecutionFilter(), beforeId: Int64? = nil, limit: Int = 20, arguments: Bool = true
    ) async throws -> [TaskExecution] {
        try await read("list task executions") { connection in
            let page = try await TaskExecutionStore.page(filter: filter, beforeId: beforeId, limit: limit, on: connection)
            return try await Self.completing(page, arguments: arguments, on: connection)
        }
    }

    /// A page of executions, newest first, of one task name or all (keyset paging).
    public func taskExecutions(name: String?, beforeId: Int64? = nil, limit: Int = 20) async throws -> [TaskExecution] {
        try await taskExecutions(TaskExecutionFilter(taskName: name), beforeId: beforeId, limit: limit)
    }

    /// One page as Data Flow pages: by number and size, sorted by whitelisted columns
    /// (``TaskExecutionFilter``'s default order is newest first), with the total count.
    /// - Throws: ``TaskError/Code/invalidArguments`` for a sort property that is not allowed.
    public func taskExecutions(_ filter: TaskExecutionFilter = TaskExecutionFilter(), page: PageRequest, arguments: Bool = true)
        async throws -> Page<TaskExecution>
    {
        let orderBy: String
        switch TaskExecutionStore.sortColumns.orderBy(page.sort) {
        case .success(let clause): orderBy = clause
        case .failure(let unknown): throw TaskError(.invalidArguments, unknown.message)
        }
        return try await read("list task executions") { connection in
            let total = try await TaskExecutionStore.count(filter: filter, on: connection)
            var elements: [TaskExecution] = []
            if Int64(page.offset) < total {
                elements = try await TaskExecutionStore.page(
                    filter: filter, orderBy: orderBy, limit: page.size, offset: page.offset, on: connection)
                elements = try await Self.completing(elements, arguments: arguments, on: connection)
            }
            return Page(elements: elements, number: page.number, size: page.size, totalElements: total)
        }
    }

    /// How many executions `filter` covers.
    public func taskExecutionCount(_ filter: TaskExecutionFilter = TaskExecutionFilter()) async throws -> Int64 {
        try await read("count task executions") { try await TaskExecutionStore.count(filter: filter, on: $0) }
    }

    /// How many executions `filter` covers, by status; statuses without executions are absent.
    public func taskExecutionCountsByStatus(_ filter: TaskExecutionFilter = TaskExecutionFilter()) async throws
        -> [TaskStatus: Int64]
    {
        try await read("count task executions by status") { try await TaskExecutionStore.countsByStatus(filter: filter, on: $0) }
    }

    /// The newest execution of each of `names` (with its job execution ids, without arguments);
    /// names without executions are absent.
    public func latestExecutions(names: [String]) async throws -> [String: TaskExecution] {
        guard !names.isEmpty else { return [:] }
        return try await read("read the latest task executions") { connection in
            let latest = try await TaskExecutionStore.latest(names: names, on: connection)
            let completed = try await Self.completing(Array(latest.values), arguments: false, on: connection)
            return Dictionary(uniqueKeysWithValues: completed.compactMap { execution in execution.taskName.map { ($0, execution) } })
        }
    }

    /// Every task name that has executions, sorted, with its number of executions.
    public func taskNames() async throws -> [(name: String, executionCount: Int64)] {
        try await read("list task names") { connection in
            try await TaskExecutionStore.namesWithCounts(on: connection).map { (name: $0.name, executionCount: $0.count) }
        }
    }

    /// The first `limit` task names that have executions, sorted, read one index probe per name
    /// (no counting): what a filter's choice of names needs, at any history size.
    public func taskNames(limit: Int) async throws -> [String] {
        try await read("list task names") { try await TaskExecutionStore.names(limit: limit, on: $0) }
    }

    /// The task names of the executions with these ids that exist and have one: one query per
    /// 500 ids (what the job pages need to say whether each job's task is still defined).
    public func taskNames(ofExecutions ids: [Int64]) async throws -> [Int64: String] {
        try await read("read the names of task executions") { try await TaskExecutionStore.names(of: ids, on: $0) }
    }

    /// The job executions a task execution ran, in id order.
    public func jobExecutionIds(ofTaskExecution id: Int64) async throws -> [Int64] {
        try await read("read the job executions of task execution \(id)") { connection in
            try await TaskBatchStore.jobExecutionIds(taskExecutionId: id, on: connection)
        }
    }

    /// The job executions of several task executions, each in id order; executions that ran
    /// none are absent. One query per 500 task executions.
    public func jobExecutionIds(ofTaskExecutions ids: [Int64]) async throws -> [Int64: [Int64]] {
        guard !ids.isEmpty else { return [:] }
        return try await read("read the job executions of \(ids.count) task executions") { connection in
            try await TaskBatchStore.jobExecutionIds(of: ids, on: connection)
        }
    }

    /// The task execution that ran a job execution, if any.
    public func taskExecutionId(ofJobExecution id: Int64) async throws -> Int64? {
        try await read("read the task execution of job execution \(id)") { connection in
            try await TaskBatchStore.taskExecutionId(jobExecutionId: id, on: connection)
        }
    }

    /// Started executions that have not ended, with the process that owns each where known
    /// (its liveness: ``ExecutionOwner/isDead(now:timeout:)``).
    /// - Parameters:
    ///   - name: Only executions of this task.
    ///   - limit: At most this many, newest first; nil for all of them, oldest first.
    public func runningExecutions(name: String? = nil, limit: Int? = nil) async throws -> [(execution: TaskExecution, owner: ExecutionOwner?)] {
        try await read("list running task executions") { connection in
            try await TaskExecutionStore.running(name: name, limit: limit, on: connection).map { (execution: $0.0, owner: $0.1) }
        }
    }

    /// The started, unended task executions that show a sign of life, newest first: those a
    /// process owns (an owner row, kept by a task this runtime ran), those whose row was written
    /// at or after `since`, and those of `known` (executions a server knows to be running, its
    /// launches) that are unended. What claims to run without any of these is left over from a
    /// process that died before it could record its end.
    /// - Parameters:
    ///   - since: The oldest write that still counts as a sign of life.
    ///   - known: Executions known to be running elsewhere.
    ///   - limit: How many executions to read (the newest).
    /// - Returns: Up to `limit` executions (without arguments) and how many show a sign of life in all.
    public func activeRunningExecutions(since: Date, known: [Int64] = [], limit: Int) async throws
        -> (executions: [TaskExecution], count: Int)
    {
        try await read("list the running task executions that show a sign of life") { connection in
            let ids = try await TaskActivityStore.activeUnendedIds(since: since, extra: known, on: connection)
            let executions = try await TaskActivityStore.find(ids: Array(ids.prefix(max(0, limit))), on: connection)
            return (try await Self.completing(executions, arguments: false, on: connection).sorted { $0.executionId > $1.executionId }, ids.count)
        }
    }

    /// How many started task executions have not ended, with a fingerprint of which: two
    /// aggregates over the end time index, to tell cheaply whether what runs changed.
    public func runningSummary() async throws -> ActivitySummary {
        try await read("sum up running task executions") { try await TaskExecutionStore.unendedSummary(on: $0) }
    }

    /// `executions` with their job execution ids and, when asked, their arguments: one query each for all of them.
    private static func completing(_ executions: [TaskExecution], arguments: Bool, on connection: SQLConnection) async throws
        -> [TaskExecution]
    {
        guard !executions.isEmpty else { return [] }
        let ids = executions.map(\.executionId)
        let jobs = try await TaskBatchStore.jobExecutionIds(of: ids, on: connection)
        let loaded = arguments ? try await TaskExecutionStore.arguments(of: ids, on: connection) : [:]
        return executions.map { execution in
            var execution = execution
            execution.jobExecutionIds = jobs[execution.executionId] ?? []
            if arguments { execution.arguments = loaded[execution.executionId] ?? [] }
            return execution
        }
    }

    private func read<T>(_ action: String, _ body: (SQLConnection) async throws -> T) async throws -> T {
        do {
            return try await pool.withConnection { try await body($0) }
        } catch {
            throw TaskError.repository(action, error)
        }
    }
}
