import Database

/// The pages Data Flow's job endpoints show, each read in a fixed number of queries whatever
/// its size: thin pages (a step count per execution, no contexts), full pages (contexts and
/// step executions), instances with their executions, one step, and a step's history.
extension JobExplorer {
    /// One thin page: the executions with their parameters and their number of steps, in four
    /// queries (the total, the page, its parameters, one grouped count of its steps). No
    /// execution context and no step row is read. The unfiltered total is the number the
    /// database keeps (schema version 9), so the first page costs the same at any history size.
    /// - Throws: ``BatchError/Code/invalidParameters`` for a sort property that is not allowed.
    /// - Parameter countLimit: Count at most this many plus one (a filtered total costs what it
    ///   counts): a total of `countLimit + 1` means "more than `countLimit`". Nil counts them all.
    public func jobExecutionSummaries(_ filter: JobExecutionFilter = JobExecutionFilter(), page: PageRequest, countLimit: Int64? = nil)
        async throws -> Page<JobExecutionSummary>
    {
        let orderBy = try Self.orderBy(page.sort, JobExecutionStore.sortColumns)
        return try await read("list job executions") { connection in
            let executions = try await Self.paged(page) {
                if let countLimit { return try await JobExecutionStore.count(filter: filter, upTo: countLimit, on: connection) }
                return try await JobExecutionStore.count(filter: filter, on: connection)
            } elements: {
                try await JobExecutionStore.page(filter: filter, orderBy: orderBy, limit: page.size, offset: page.offset, on: connection)
            }
            let counts = try await StepExecutionStore.counts(ofJobExecutions: executions.elements.map(\.id), on: connection)
            return executions.map { JobExecutionSummary(execution: $0, stepCount: counts[$0.id] ?? 0) }
        }
    }

    /// One full page: the executions with their contexts and their steps with theirs, in six
    /// queries (the total, the page, its parameters, its contexts, its steps, their contexts).
    /// - Throws: ``BatchError/Code/invalidParameters`` for a sort property that is not allowed.
    public func jobExecutionDetails(_ filter: JobExecutionFilter = JobExecutionFilter(), page: PageRequest) async throws
        -> Page<JobExecutionDetail>
    {
        let orderBy = try Self.orderBy(page.sort, JobExecutionStore.sortColumns)
        return try await read("list job executions") { connection in
            let executions = try await Self.paged(page) {
                try await JobExecutionStore.count(filter: filter, on: connection)
            } elements: {
                try await JobExecutionStore.page(filter: filter, orderBy: orderBy, limit: page.size, offset: page.offset, on: connection)
            }
            let details = try await Self.details(executions.elements, on: connection)
            return Page(elements: details, number: executions.number, size: executions.size, totalElements: executions.totalElements)
        }
    }

    /// One execution with its context and its steps with theirs, or nil.
    public func jobExecutionDetail(id: Int64) async throws -> JobExecutionDetail? {
        try await read("read job execution \(id)") { connection in
            guard let execution = try await JobExecutionStore.find(id: id, on: connection) else { return nil }
            return try await Self.details([execution], on: connection).first
        }
    }

    /// One page of the instances of a job, newest first unless `page` sorts otherwise, each with
    /// all its executions in detail.
    /// - Parameters:
    ///   - jobName: The job's name, or with `like` a `LIKE` pattern (`%` any text, `_` any one character).
    ///   - like: Whether `jobName` is a pattern.
    ///   - page: The page.
    /// - Throws: ``BatchError/Code/invalidParameters`` for a sort property that is not allowed.
    public func jobInstanceDetails(jobName: String, like: Bool = false, page: PageRequest) async throws -> Page<JobInstanceDetail> {
        let orderBy = try Self.orderBy(page.sort, JobInstanceStore.sortColumns)
        return try await read("list job instances") { connection in
            let instances = try await Self.paged(page) {
                try await JobInstanceStore.count(jobName: jobName, like: like, on: connection)
            } elements: {
                try await JobInstanceStore.page(
                    jobName: jobName, like: like, orderBy: orderBy, limit: page.size, offset: page.offset, on: connection)
            }
            let executions = try await JobExecutionStore.executions(ofInstances: instances.elements.map(\.id), on: connection)
            let details = Dictionary(grouping: try await Self.details(executions, on: connection), by: \.execution.instance.id)
            return instances.map { JobInstanceDetail(instance: $0, executions: details[$0.id] ?? []) }
        }
    }

    /// One instance with all its executions in detail, or nil.
    public func jobInstanceDetail(id: Int64) async throws -> JobInstanceDetail? {
        try await read("read job instance \(id)") { connection in
            guard let instance = try await JobInstanceStore.find(id: id, on: connection) else { return nil }
            let executions = try await JobExecutionStore.executions(ofInstance: id, on: connection)
            return JobInstanceDetail(instance: instance, executions: try await Self.details(executions, on: connection))
        }
    }

    /// Whether a job of this name (or, with `like`, matching this `LIKE` pattern) ever ran.
    public func jobExists(named jobName: String, like: Bool = false) async throws -> Bool {
        try await read("look for job \(jobName)") { try await JobInstanceStore.exists(jobName: jobName, like: like, on: $0) }
    }

    /// One step execution of one job execution, with its context; nil when there is no step
    /// execution with the id or it belongs to another job execution.
    public func stepExecution(id: Int64, ofJobExecution jobExecutionId: Int64) async throws -> StepExecution? {
        try await read("read step execution \(id) of job execution \(jobExecutionId)") { connection in
            guard var step = try await StepExecutionStore.find(id: id, jobExecutionId: jobExecutionId, on: connection) else { return nil }
            step.executionContext = try await ExecutionContextStore.find(steps: [id], on: connection)[id] ?? ExecutionContext()
            return step
        }
    }

    /// The ended executions of a step in the latest executions of its job, newest first, without
    /// their contexts: what a running step's progress is estimated from. Bounded by
    /// `lastExecutions`, so the cost does not grow with the job's history.
    /// - Parameters:
    ///   - jobName: The job's name.
    ///   - stepName: The step's name; a partition's name (`load:partition3`) stands for every
    ///     partition of its step, as Data Flow compares them.
    ///   - lastExecutions: How many of the job's latest executions to look through.
    public func stepExecutionHistory(jobName: String, stepName: String, lastExecutions: Int = 100) async throws -> [StepExecution] {
        try await read("read the history of step \(stepName) of \(jobName)") { connection in
            let latest = try await JobExecutionStore.recentIds(jobName: jobName, limit: max(1, lastExecutions), on: connection)
            return try await StepExecutionStore.ended(stepName: stepName, ofJobExecutions: latest, on: connection)
        }
    }

    /// `executions` with their contexts and their steps with theirs: three queries for any number.
    static func details(_ executions: [JobExecution], on connection: SQLConnection) async throws -> [JobExecutionDetail] {
        guard !executions.isEmpty else { return [] }
        let ids = executions.map(\.id)
        let contexts = try await ExecutionContextStore.find(jobs: ids, on: connection)
        let steps = try await StepExecutionStore.steps(ofJobExecutions: ids, on: connection)
        let stepContexts = try await ExecutionContextStore.find(steps: steps.values.joined().map(\.id), on: connection)
        return executions.map { execution in
            var execution = execution
            execution.executionContext = contexts[execution.id] ?? ExecutionContext()
            let ownSteps = (steps[execution.id] ?? []).map { step in
                var step = step
                step.executionContext = stepContexts[step.id] ?? ExecutionContext()
                return step
            }
            return JobExecutionDetail(execution: execution, steps: ownSteps)
        }
    }
}
