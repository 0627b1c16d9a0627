import BatchRuntime
import Database
import TaskRuntime

/// The explorer reads the benchmark times, on a seeded database.
struct ExplorerCases {
    let jobs: JobExplorer
    let tasks: TaskExplorer
    /// The job whose executions the name filter asks for, the statuses the status filters ask
    /// for (one filter each: a common one and a rare one), and the task the task-name filter asks for.
    let jobName: String
    let statuses: [BatchStatus]
    let taskName: String
    let size: Int
    /// The 0-based number of the deep page.
    let depth: Int

    /// The first pages, keyset and numbered, with and without filters.
    func firstPages() -> [BenchmarkCase] {
        let (jobs, tasks, size) = (jobs, tasks, size)
        let name = JobExecutionFilter(jobName: jobName)
        let taskNamed = TaskExecutionFilter(taskName: taskName)
        let taskErrors = TaskExecutionFilter(status: .error)
        var cases: [BenchmarkCase] = [
            .init(name: "job-first-keyset", description: "`jobExecutions(limit: \(size))`") {
                try await jobs.jobExecutions(limit: size).count
            },
            .init(name: "job-first-keyset-name", description: "`jobExecutions(jobName: \"\(jobName)\", limit: \(size))`") {
                try await jobs.jobExecutions(name, limit: size).count
            },
        ]
        for status in statuses {
            let filter = JobExecutionFilter(statuses: [status])
            cases.append(
                .init(
                    name: "job-first-keyset-\(status.rawValue.lowercased())",
                    description: "`jobExecutions(JobExecutionFilter(statuses: [\(Self.code(status))]), limit: \(size))`"
                ) {
                    try await jobs.jobExecutions(filter, limit: size).count
                })
        }
        cases += [
            .init(name: "job-first-numbered", description: "`jobExecutions(page: PageRequest(size: \(size)))` (list + COUNT)") {
                try await jobs.jobExecutions(page: PageRequest(size: size)).elements.count
            },
            .init(name: "job-first-numbered-name", description: "the same with the job-name filter (list + COUNT)") {
                try await jobs.jobExecutions(name, page: PageRequest(size: size)).elements.count
            },
        ]
        for status in statuses {
            let filter = JobExecutionFilter(statuses: [status])
            cases.append(
                .init(
                    name: "job-first-numbered-\(status.rawValue.lowercased())",
                    description: "the same with the \(status.rawValue) filter (list + COUNT)"
                ) {
                    try await jobs.jobExecutions(filter, page: PageRequest(size: size)).elements.count
                })
        }
        return cases + [
            .init(name: "task-first-keyset", description: "`taskExecutions(limit: \(size))`") {
                try await tasks.taskExecutions(limit: size).count
            },
            .init(name: "task-first-keyset-thin", description: "`taskExecutions(limit: \(size), arguments: false)`") {
                try await tasks.taskExecutions(limit: size, arguments: false).count
            },
            .init(name: "task-first-keyset-name", description: "`taskExecutions(name: \"\(taskName)\", limit: \(size))`") {
                try await tasks.taskExecutions(taskNamed, limit: size).count
            },
            .init(name: "task-first-keyset-error", description: "`taskExecutions(TaskExecutionFilter(status: .error), limit: \(size))`") {
                try await tasks.taskExecutions(taskErrors, limit: size).count
            },
            .init(name: "task-first-numbered", description: "`taskExecutions(page: PageRequest(size: \(size)))` (list + COUNT)") {
                try await tasks.taskExecutions(page: PageRequest(size: size)).elements.count
            },
            .init(name: "task-first-numbered-thin", description: "the same, `arguments: false` (list + COUNT)") {
                try await tasks.taskExecutions(page: PageRequest(size: size), arguments: false).elements.count
            },
        ]
    }

    /// `.failed`, as a call writes it.
    static func code(_ status: BatchStatus) -> String {
        "." + status.rawValue.lowercased()
    }

    /// The counts, each alone (the numbered pages run them).
    func counts() -> [BenchmarkCase] {
        let (jobs, tasks) = (jobs, tasks)
        let name = JobExecutionFilter(jobName: jobName)
        var cases: [BenchmarkCase] = [
            .init(name: "job-count", description: "`jobExecutionCount()`") { Int(try await jobs.jobExecutionCount()) },
            .init(name: "job-count-name", description: "`jobExecutionCount(JobExecutionFilter(jobName: \"\(jobName)\"))`") {
                Int(try await jobs.jobExecutionCount(name))
            },
        ]
        for status in statuses {
            let filter = JobExecutionFilter(statuses: [status])
            cases.append(
                .init(
                    name: "job-count-\(status.rawValue.lowercased())",
                    description: "`jobExecutionCount(JobExecutionFilter(statuses: [\(Self.code(status))]))`"
                ) {
                    Int(try await jobs.jobExecutionCount(filter))
                })
        }
        return cases + [
            .init(name: "job-counts-by-status", description: "`jobExecutionCountsByStatus()`") {
                Int(try await jobs.jobExecutionCountsByStatus().values.reduce(0, +))
            },
            .init(name: "task-count", description: "`taskExecutionCount()`") { Int(try await tasks.taskExecutionCount()) },
            .init(name: "task-counts-by-status", description: "`taskExecutionCountsByStatus()`") {
                Int(try await tasks.taskExecutionCountsByStatus().values.reduce(0, +))
            },
        ]
    }

    /// The page `depth` pages deep, numbered and by keyset (the same rows: checked before timing),
    /// or none when the history is too short to have it.
    func deepPages() async throws -> [BenchmarkCase] {
        let (jobs, tasks, size, depth) = (jobs, tasks, size, depth)
        let jobPage = try await jobs.jobExecutions(page: PageRequest(number: depth, size: size))
        let taskPage = try await tasks.taskExecutions(page: PageRequest(number: depth, size: size))
        guard jobPage.elements.count == size, taskPage.elements.count == size else { return [] }
        // The keyset form continues after the last row of the page before.
        let jobBefore = try await jobs.jobExecutions(page: PageRequest(number: depth - 1, size: size)).elements.last!.id
        let taskBefore = try await tasks.taskExecutions(page: PageRequest(number: depth - 1, size: size)).elements.last!.executionId
        guard try await jobs.jobExecutions(beforeId: jobBefore, limit: size).map(\.id) == jobPage.elements.map(\.id),
            try await tasks.taskExecutions(beforeId: taskBefore, limit: size).map(\.executionId)
                == taskPage.elements.map(\.executionId)
        else { throw BenchmarkFailure("the keyset page \(depth) differs from the numbered one") }
        return [
            .init(
                name: "job-deep-numbered", description: "`jobExecutions(page: PageRequest(number: \(depth), size: \(size)))` (list + COUNT)"
            ) {
                try await jobs.jobExecutions(page: PageRequest(number: depth, size: size)).elements.count
            },
            .init(name: "job-deep-keyset", description: "the same rows by keyset: `jobExecutions(beforeId:, limit: \(size))`") {
                try await jobs.jobExecutions(beforeId: jobBefore, limit: size).count
            },
            .init(
                name: "task-deep-numbered",
                description: "`taskExecutions(page: PageRequest(number: \(depth), size: \(size)))` (list + COUNT)"
            ) {
                try await tasks.taskExecutions(page: PageRequest(number: depth, size: size)).elements.count
            },
            .init(name: "task-deep-keyset", description: "the same rows by keyset: `taskExecutions(beforeId:, limit: \(size))`") {
                try await tasks.taskExecutions(beforeId: taskBefore, limit: size).count
            },
        ]
    }

    /// One job execution's and one task execution's detail, from the middle of the history.
    func details() async throws -> [BenchmarkCase] {
        let (jobs, tasks) = (jobs, tasks)
        guard let newestJob = try await jobs.jobExecutions(limit: 1).first?.id,
            let newestTask = try await tasks.taskExecutions(limit: 1).first?.executionId
        else { throw BenchmarkFailure("the database holds no job or task executions: seed it with history-seed first") }
        let jobId = max(1, newestJob / 2)
        let taskId = max(1, newestTask / 2)
        return [
            .init(name: "job-detail", description: "`jobExecution(id:)` + `stepExecutions(ofJobExecution:)`") {
                guard try await jobs.jobExecution(id: jobId) != nil else { throw BenchmarkFailure("job execution \(jobId) is missing") }
                return try await jobs.stepExecutions(ofJobExecution: jobId).count
            },
            .init(name: "task-detail", description: "`taskExecution(id:)`") {
                guard let task = try await tasks.taskExecution(id: taskId) else {
                    throw BenchmarkFailure("task execution \(taskId) is missing")
                }
                return task.arguments.count
            },
        ]
    }
}

/// A benchmark that cannot run, with the reason.
struct BenchmarkFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
