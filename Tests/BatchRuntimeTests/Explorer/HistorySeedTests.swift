import BatchRuntime
import DatabaseTestSupport
import Foundation
import Testing

/// The `history-seed` benchmark tool, run as a process on a fresh SQLite file and PostgreSQL
/// schema: what it writes reads back through the explorers as it counted it, the real
/// repositories continue after it (ids, job keys), and job-name pages agree with plain SQL on
/// a history longer than the window the job-name filter walks first on SQLite.
@Suite("history-seed")
struct HistorySeedTests {
    /// Enough executions that the newest 10,000 leave older ones of every job behind.
    static let executions = 12_000

    /// The part of `--summary` the checks use.
    struct Summary: Decodable {
        var jobInstances: Int
        var jobExecutions: Int
        var taskExecutions: Int
        var jobExecutionsByStatus: [String: Int64]
        var jobExecutionsByName: [String: Int64]
        var taskExecutionsByStatus: [String: Int64]
        var lastJobInstanceId: Int64
        var lastJobExecutionId: Int64
        var lastStepExecutionId: Int64
        var lastTaskExecutionId: Int64
    }

    @Test("a seeded history reads back as seeded, and the repositories continue after it", arguments: TestDatabase.allCases)
    func seededHistory(_ database: TestDatabase) async throws {
        try await database.withIsolatedURLText { url in
            try await withTemporaryDirectory { directory in
                let outcome = try await TestProcess.run(
                    "history-seed", ["--db", url, "--executions", "\(Self.executions)", "--summary", "summary.json"], in: directory)
                try #require(outcome.status == 0, "\(outcome)")
                let summaryFile = directory.appendingPathComponent("summary.json")
                let summary = try JSONDecoder().decode(Summary.self, from: Data(contentsOf: summaryFile))
                try await ConnectionPool.withPool(url: try DatabaseURL(url)) { pool in
                    try await Self.checkCounts(summary, pool: pool)
                    try await Self.checkPages(summary, pool: pool)
                    try await Self.checkJobNamePages(summary, pool: pool)
                    try await Self.checkRepositoriesContinue(summary, pool: pool)
                }
            }
        }
    }

    static func checkCounts(_ summary: Summary, pool: ConnectionPool) async throws {
        let jobs = JobExplorer(pool: pool)
        let tasks = TaskExplorer(pool: pool)
        #expect(summary.jobExecutions == executions)
        #expect(try await jobs.jobExecutionCount() == Int64(summary.jobExecutions))
        #expect(try await jobs.jobInstanceCount() == Int64(summary.jobInstances))
        let byStatus = try await jobs.jobExecutionCountsByStatus()
        #expect(Dictionary(uniqueKeysWithValues: byStatus.map { ($0.key.rawValue, $0.value) }) == summary.jobExecutionsByStatus)
        #expect(Set(summary.jobExecutionsByStatus.keys) == ["COMPLETED", "FAILED", "STOPPED", "ABANDONED", "STARTED"])
        #expect(try await jobs.jobNames() == summary.jobExecutionsByName.keys.sorted())
        for (name, count) in summary.jobExecutionsByName {
            #expect(try await jobs.jobExecutionCount(JobExecutionFilter(jobName: name)) == count)
        }
        #expect(try await tasks.taskExecutionCount() == Int64(summary.taskExecutions))
        let taskStatuses = try await tasks.taskExecutionCountsByStatus()
        #expect(Dictionary(uniqueKeysWithValues: taskStatuses.map { ($0.key.rawValue, $0.value) }) == summary.taskExecutionsByStatus)
    }

    /// The newest page with its parameters, steps, contexts and task executions.
    static func checkPages(_ summary: Summary, pool: ConnectionPool) async throws {
        let jobs = JobExplorer(pool: pool)
        let tasks = TaskExplorer(pool: pool)
        let page = try await jobs.jobExecutions(limit: 20)
        #expect(page.map(\.id) == Array((summary.lastJobExecutionId - 19)...summary.lastJobExecutionId).reversed())
        for execution in page {
            #expect((2...3).contains(execution.parameters.entries.count))
            #expect(execution.parameters["run.id"]?.identifying == true)
            let steps = try await jobs.stepExecutions(ofJobExecution: execution.id)
            #expect((1...2).contains(steps.count))
            #expect(steps.allSatisfy { $0.executionContext["batch.stepType"] != nil })
            let taskId = try #require(execution.taskExecutionId)
            let task = try #require(try await tasks.taskExecution(id: taskId))
            #expect(task.jobExecutionIds == [execution.id])
            #expect(task.arguments.count >= 3)
            #expect((task.exitCode == 0) == (execution.status == .completed))
        }
        let numbered = try await jobs.jobExecutions(page: PageRequest(number: 3, size: 20))
        #expect(numbered.totalElements == Int64(executions))
        #expect(numbered.elements.map(\.id) == Array((summary.lastJobExecutionId - 79)...(summary.lastJobExecutionId - 60)).reversed())
        #expect(try await tasks.taskExecutions(limit: 20).map(\.executionId).first == summary.lastTaskExecutionId)
    }

    /// Every job's executions, keyset page by keyset page and numbered page by numbered page,
    /// against one plain query: pages from the newest window, pages across its edge and pages
    /// read the planner's way must all agree.
    static func checkJobNamePages(_ summary: Summary, pool: ConnectionPool) async throws {
        let jobs = JobExplorer(pool: pool)
        for name in summary.jobExecutionsByName.keys.sorted() {
            let expected = try await pool.withConnection { connection in
                try await connection.query(
                    """
                    SELECT E.JOB_EXECUTION_ID FROM BATCH_JOB_EXECUTION E JOIN BATCH_JOB_INSTANCE I ON E.JOB_INSTANCE_ID = I.JOB_INSTANCE_ID
                    WHERE I.JOB_NAME = $1 ORDER BY E.JOB_EXECUTION_ID DESC
                    """, [.text(name)]
                ).map { try $0.decode(Int64.self, "JOB_EXECUTION_ID") }
            }
            let filter = JobExecutionFilter(jobName: name)
            var keyset: [Int64] = []
            var before: Int64?
            while true {
                let page = try await jobs.jobExecutions(filter, beforeId: before, limit: 250).map(\.id)
                keyset += page
                guard page.count == 250 else { break }
                before = page.last
            }
            #expect(keyset == expected, "keyset pages of \(name)")
            var numbered: [Int64] = []
            for number in 0... {
                let page = try await jobs.jobExecutions(filter, page: PageRequest(number: number, size: 250)).elements.map(\.id)
                numbered += page
                if page.count < 250 { break }
            }
            #expect(numbered == expected, "numbered pages of \(name)")
        }
    }

    /// New executions, steps and task executions get the next ids, and a seeded failed instance
    /// restarts on the same instance (its job key is Spring's).
    static func checkRepositoriesContinue(_ summary: Summary, pool: ConnectionPool) async throws {
        let jobs = JobExplorer(pool: pool)
        let repository = JobRepository(pool: pool)
        let failed = try await jobs.jobExecutions(JobExecutionFilter(statuses: [.failed]), limit: 200)
        var restartable: JobExecution?
        for execution in failed where restartable == nil {
            if try await jobs.jobExecutions(ofInstance: execution.instance.id).first?.id == execution.id { restartable = execution }
        }
        let original = try #require(restartable)
        let restart = try await repository.createJobExecution(jobName: original.instance.jobName, parameters: original.parameters)
        #expect(restart.instance.id == original.instance.id)
        #expect(restart.id == summary.lastJobExecutionId + 1)
        let fresh = try await repository.createJobExecution(
            jobName: "afterSeeding", parameters: try JobParameters(parsing: ["run.id=1,java.lang.Long"]))
        #expect(fresh.instance.id == summary.lastJobInstanceId + 1)
        var step = StepExecution(id: 0, stepName: "next", jobExecutionId: fresh.id, createTime: Date())
        try await repository.add(&step)
        #expect(step.id == summary.lastStepExecutionId + 1)
        let task = try await TaskRepository(pool: pool).createTaskExecution(name: "afterSeeding")
        #expect(task.executionId == summary.lastTaskExecutionId + 1)
    }
}
