import Database

/// The read side of the job metadata: paged lists and single executions with their steps.
///
/// Every list is keyset-paged (newest first, `beforeId` continues a page) over indexed
/// columns, so a page costs the same with ten executions or ten million.
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

    /// One page of job executions, newest first.
    /// - Parameters:
    ///   - jobName: Only this job's executions, or all.
    ///   - status: Only executions with this status, or all.
    ///   - beforeId: Continue after a page: only ids below this one.
    ///   - limit: The page size.
    public func jobExecutions(
        jobName: String? = nil, status: BatchStatus? = nil, beforeId: Int64? = nil, limit: Int = 20
    ) async throws -> [JobExecution] {
        try await read("list job executions") { connection in
            try await JobExecutionStore.page(
                jobName: jobName, statuses: status.map { [$0] } ?? [], beforeId: beforeId, limit: limit, on: connection)
        }
    }

    /// The execution with this id, with its job context, or nil.
    public func jobExecution(id: Int64) async throws -> JobExecution? {
        try await read("read job execution \(id)") { connection in
            guard var execution = try await JobExecutionStore.find(id: id, on: connection) else { return nil }
            execution.executionContext = try await ExecutionContextStore.find(for: .job(id), on: connection)
            return execution
        }
    }

    /// The step executions of a job execution in the order they started, with their contexts.
    public func stepExecutions(ofJobExecution id: Int64) async throws -> [StepExecution] {
        try await read("read the steps of job execution \(id)") { connection in
            var steps = try await StepExecutionStore.steps(ofJobExecution: id, on: connection)
            for index in steps.indices {
                steps[index].executionContext = try await ExecutionContextStore.find(
                    for: .step(steps[index].id), on: connection)
            }
            return steps
        }
    }

    /// The executions of a job instance, newest first.
    public func jobExecutions(ofInstance instanceId: Int64) async throws -> [JobExecution] {
        try await read("list the executions of instance \(instanceId)") {
            try await JobExecutionStore.executions(ofInstance: instanceId, on: $0)
        }
    }

    /// The instance of `jobName` that `parameters` identify, or nil when it never ran.
    public func jobInstance(jobName: String, parameters: JobParameters) async throws -> JobInstance? {
        try await read("find the instance of \(jobName)") {
            try await JobInstanceStore.find(name: jobName, key: parameters.jobKey, forUpdate: false, on: $0)
        }
    }

    /// The latest execution of `jobName`, or nil.
    public func lastJobExecution(jobName: String) async throws -> JobExecution? {
        try await jobExecutions(jobName: jobName, limit: 1).first
    }

    /// The running executions (`STARTING`, `STARTED`, `STOPPING`) of `jobName`, or of all jobs, newest first.
    public func runningExecutions(jobName: String?, limit: Int = 1000) async throws -> [JobExecution] {
        try await read("list running executions") { connection in
            try await JobExecutionStore.page(
                jobName: jobName, statuses: [.starting, .started, .stopping], beforeId: nil, limit: limit, on: connection)
        }
    }

    private func read<T: Sendable>(_ action: String, _ body: (SQLConnection) async throws -> T) async throws -> T {
        do {
            return try await pool.withConnection { try await body($0) }
        } catch {
            throw BatchError.repository(action, error)
        }
    }
}
