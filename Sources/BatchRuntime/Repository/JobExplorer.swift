import Database

/// The read side of the job metadata: what the command lines and the server show, with all
/// SQL in the stores and never one query per row.
///
/// Every list comes in two forms: keyset (newest first, `beforeId` continues after a page;
/// the same cost on every page, over indexed columns) and page/size/sort as Data Flow's REST
/// API pages (with the total count, sort columns whitelisted). A page's parameters load in one
/// query, and each execution carries the task execution that ran it.
///
/// ```swift
/// let explorer = JobExplorer(pool: pool)
/// let failed = try await explorer.jobExecutions(JobExecutionFilter(statuses: [.failed]), page: PageRequest(size: 50))
/// ```
public struct JobExplorer: Sendable {
    /// The metadata database.
    public let pool: ConnectionPool

    /// Creates an explorer.
    public init(pool: ConnectionPool) {
        self.pool = pool
    }

    /// The names of all jobs that have run, sorted.
    public func jobNames() async throws -> [String] {
        try await read("list job names") { try await JobInstanceStore.jobNames(on: $0) }
    }

    /// One page of job executions, newest first (keyset paging).
    /// - Parameters:
    ///   - filter: Which executions.
    ///   - beforeId: Continue after a page: only ids below this one.
    ///   - limit: The page size.
    public func jobExecutions(_ filter: JobExecutionFilter = JobExecutionFilter(), beforeId: Int64? = nil, limit: Int = 20)
        async throws -> [JobExecution]
    {
        try await read("list job executions") { connection in
            try await JobExecutionStore.page(filter: filter, beforeId: beforeId, limit: limit, on: connection)
        }
    }

    /// One page of job executions, newest first, of one job and one status or all (keyset paging).
    public func jobExecutions(jobName: String?, status: BatchStatus? = nil, beforeId: Int64? = nil, limit: Int = 20)
        async throws -> [JobExecution]
    {
        try await jobExecutions(
            JobExecutionFilter(jobName: jobName, statuses: status.map { [$0] } ?? []), beforeId: beforeId, limit: limit)
    }

    /// One page as Data Flow pages: by number and size, sorted by whitelisted properties (the
    /// default order is newest first), with the total count.
    /// - Throws: ``BatchError/Code/invalidParameters`` for a sort property that is not allowed.
    public func jobExecutions(_ filter: JobExecutionFilter = JobExecutionFilter(), page: PageRequest) async throws
        -> Page<JobExecution>
    {
        let orderBy = try Self.orderBy(page.sort, JobExecutionStore.sortColumns)
        return try await read("list job executions") { connection in
            try await Self.paged(page) {
                try await JobExecutionStore.count(filter: filter, on: connection)
            } elements: {
                try await JobExecutionStore.page(filter: filter, orderBy: orderBy, limit: page.size, offset: page.offset, on: connection)
            }
        }
    }

    /// How many executions `filter` covers.
    public func jobExecutionCount(_ filter: JobExecutionFilter = JobExecutionFilter()) async throws -> Int64 {
        try await read("count job executions") { try await JobExecutionStore.count(filter: filter, on: $0) }
    }

    /// How many executions `filter` covers, by status; statuses without executions are absent.
    public func jobExecutionCountsByStatus(_ filter: JobExecutionFilter = JobExecutionFilter()) async throws -> [BatchStatus: Int64] {
        try await read("count job executions by status") { try await JobExecutionStore.countsByStatus(filter: filter, on: $0) }
    }

    /// The execution with this id, with its job context and its task execution id, or nil.
    public func jobExecution(id: Int64) async throws -> JobExecution? {
        try await read("read job execution \(id)") { connection in
            guard var execution = try await JobExecutionStore.find(id: id, on: connection) else { return nil }
            execution.executionContext = try await ExecutionContextStore.find(for: .job(id), on: connection)
            return execution
        }
    }

    /// The executions with these ids that exist, newest first, with their parameters (one query for all).
    public func jobExecutions(ids: [Int64]) async throws -> [JobExecution] {
        try await read("read job executions") { connection in
            try await JobExecutionStore.find(ids: ids, on: connection).sorted { $0.id > $1.id }
        }
    }

    /// The step executions of a job execution in the order they started, with their contexts
    /// (one query for the steps, one for all their contexts).
    public func stepExecutions(ofJobExecution id: Int64) async throws -> [StepExecution] {
        try await read("read the steps of job execution \(id)") { connection in
            var steps = try await StepExecutionStore.steps(ofJobExecution: id, on: connection)
            let contexts = try await ExecutionContextStore.find(steps: steps.map(\.id), on: connection)
            for index in steps.indices { steps[index].executionContext = contexts[steps[index].id] ?? ExecutionContext() }
            return steps
        }
    }

    /// The step executions of several job executions, each job's in the order they started,
    /// with their contexts: two queries for any number of job executions.
    public func stepExecutions(ofJobExecutions ids: [Int64]) async throws -> [Int64: [StepExecution]] {
        guard !ids.isEmpty else { return [:] }
        return try await read("read the steps of \(ids.count) job executions") { connection in
            let steps = try await StepExecutionStore.steps(ofJobExecutions: ids, on: connection)
            let contexts = try await ExecutionContextStore.find(steps: steps.values.joined().map(\.id), on: connection)
            return steps.mapValues { steps in
                steps.map { step in
                    var step = step
                    step.executionContext = contexts[step.id] ?? ExecutionContext()
                    return step
                }
            }
        }
    }

    /// One step execution with its context, or nil.
    public func stepExecution(id: Int64) async throws -> StepExecution? {
        try await read("read step execution \(id)") { connection in
            guard var step = try await StepExecutionStore.find(id: id, on: connection) else { return nil }
            step.executionContext = try await ExecutionContextStore.find(for: .step(id), on: connection)
            return step
        }
    }

    /// The executions of a job instance, newest first.
    public func jobExecutions(ofInstance instanceId: Int64) async throws -> [JobExecution] {
        try await read("list the executions of instance \(instanceId)") {
            try await JobExecutionStore.executions(ofInstance: instanceId, on: $0)
        }
    }

    /// The job executions a task execution ran, newest first.
    public func jobExecutions(ofTaskExecution taskExecutionId: Int64) async throws -> [JobExecution] {
        try await jobExecutions(JobExecutionFilter(taskExecutionId: taskExecutionId), limit: 10_000)
    }

    /// The instance of `jobName` that `parameters` identify, or nil when it never ran.
    public func jobInstance(jobName: String, parameters: JobParameters) async throws -> JobInstance? {
        try await read("find the instance of \(jobName)") {
            try await JobInstanceStore.find(name: jobName, key: parameters.jobKey, forUpdate: false, on: $0)
        }
    }

    /// One job instance with its executions (newest first), or nil.
    public func jobInstance(id: Int64) async throws -> (instance: JobInstance, executions: [JobExecution])? {
        try await read("read job instance \(id)") { connection in
            guard let instance = try await JobInstanceStore.find(id: id, on: connection) else { return nil }
            return (instance, try await JobExecutionStore.executions(ofInstance: id, on: connection))
        }
    }

    /// Job instances newest first, of one job or all (keyset paging).
    public func jobInstances(jobName: String? = nil, beforeId: Int64? = nil, limit: Int = 20) async throws -> [JobInstance] {
        try await read("list job instances") { connection in
            try await JobInstanceStore.page(jobName: jobName, beforeId: beforeId, limit: limit, on: connection)
        }
    }

    /// One page of job instances as Data Flow pages them, with the total count.
    /// - Throws: ``BatchError/Code/invalidParameters`` for a sort property that is not allowed.
    public func jobInstances(jobName: String? = nil, page: PageRequest) async throws -> Page<JobInstance> {
        let orderBy = try Self.orderBy(page.sort, JobInstanceStore.sortColumns)
        return try await read("list job instances") { connection in
            try await Self.paged(page) {
                try await JobInstanceStore.count(jobName: jobName, on: connection)
            } elements: {
                try await JobInstanceStore.page(jobName: jobName, orderBy: orderBy, limit: page.size, offset: page.offset, on: connection)
            }
        }
    }

    /// How many instances a job has, or all jobs together.
    public func jobInstanceCount(jobName: String? = nil) async throws -> Int64 {
        try await read("count job instances") { try await JobInstanceStore.count(jobName: jobName, on: $0) }
    }

    /// The latest execution of `jobName`, or nil.
    public func lastJobExecution(jobName: String) async throws -> JobExecution? {
        try await jobExecutions(jobName: jobName, limit: 1).first
    }

    /// The running executions (`STARTING`, `STARTED`, `STOPPING`) of `jobName`, or of all jobs,
    /// newest first, each with the process that owns it where known (its liveness:
    /// ``ExecutionOwner/isDead(now:timeout:)``; nil for executions run by Spring apps).
    public func runningExecutions(jobName: String?, limit: Int = 1000) async throws
        -> [(execution: JobExecution, owner: ExecutionOwner?)]
    {
        try await read("list running executions") { connection in
            try await JobExecutionStore.running(jobName: jobName, limit: limit, on: connection).map { (execution: $0.0, owner: $0.1) }
        }
    }

    /// A numbered page: the total, then the elements unless the page lies past the end.
    static func paged<Element: Sendable>(
        _ page: PageRequest, total: () async throws -> Int64, elements: () async throws -> [Element]
    ) async throws -> Page<Element> {
        let count = try await total()
        let found = Int64(page.offset) < count ? try await elements() : []
        return Page(elements: found, number: page.number, size: page.size, totalElements: count)
    }

    static func orderBy(_ sort: [SortOrder], _ columns: SortColumns) throws(BatchError) -> String {
        switch columns.orderBy(sort) {
        case .success(let clause): return clause
        case .failure(let unknown): throw BatchError(.invalidParameters, unknown.message)
        }
    }

    func read<T: Sendable>(_ action: String, _ body: (SQLConnection) async throws -> T) async throws -> T {
        do {
            return try await pool.withConnection { try await body($0) }
        } catch {
            throw BatchError.repository(action, error)
        }
    }
}
