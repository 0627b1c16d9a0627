import BatchRuntime
import Database
import DatabaseTestSupport
import Foundation
import Testing

/// The explorer's reads for Data Flow's job pages, against a fresh SQLite file and a fresh
/// PostgreSQL schema, checked against what was written.
@Suite("job explorer: thin and full pages, instances, steps, history")
struct JobExplorerDetailsTests {
    @Test("thin pages: the page's executions with their step counts and parameters, no contexts", arguments: TestDatabase.allCases, [0, 1, 25])
    func summaries(_ database: TestDatabase, _ size: Int) async throws {
        try await SeededHistory.with(database, size) { pool, history async throws in
            let explorer = JobExplorer(pool: pool)
            for filter in [JobExecutionFilter(), JobExecutionFilter(jobName: "beta"), JobExecutionFilter(statuses: [.failed])] {
                let plain = try await explorer.jobExecutions(filter, page: PageRequest(number: 1, size: 4))
                let thin = try await explorer.jobExecutionSummaries(filter, page: PageRequest(number: 1, size: 4))
                #expect(thin.totalElements == plain.totalElements && thin.number == 1 && thin.size == 4)
                #expect(thin.elements.map(\.execution) == plain.elements)
                for summary in thin.elements {
                    #expect(summary.stepCount == history.jobs.first { $0.id == summary.id }?.stepIds.count)
                    #expect(summary.execution.parameters["run.id"] != nil)
                }
            }
        }
    }

    @Test("full pages and one execution: contexts, steps in order with theirs", arguments: TestDatabase.allCases, [0, 1, 25])
    func details(_ database: TestDatabase, _ size: Int) async throws {
        try await SeededHistory.with(database, size) { pool, history async throws in
            let explorer = JobExplorer(pool: pool)
            let page = try await explorer.jobExecutionDetails(page: PageRequest(size: 2000))
            #expect(page.totalElements == Int64(history.jobs.count))
            #expect(page.elements.map(\.id) == history.jobs.map(\.id).sorted(by: >))
            for (index, job) in history.jobs.enumerated() {
                let detail = try #require(try await explorer.jobExecutionDetail(id: job.id))
                #expect(page.elements.first { $0.id == job.id } == detail)
                #expect(detail.execution.taskExecutionId == job.taskExecutionId && detail.execution.status == job.status)
                #expect(detail.steps.map(\.id) == job.stepIds)
                #expect(detail.steps.map { $0.executionContext["position"] } == [.int(Int64(index)), .int(Int64(index))])
                let step = try #require(try await explorer.stepExecution(id: job.stepIds[1], ofJobExecution: job.id))
                #expect(step.stepName == "write" && step.executionContext["step"] == .string("write"))
                if let other = history.jobs.first(where: { $0.id != job.id }) {
                    #expect(try await explorer.stepExecution(id: job.stepIds[1], ofJobExecution: other.id) == nil, "a step of another job")
                }
            }
            #expect(try await explorer.jobExecutionDetail(id: 999_999) == nil)
        }
    }

    @Test("a thin page reads no execution context: it still answers with the context tables gone", arguments: TestDatabase.allCases)
    func thinReadsNoContext(_ database: TestDatabase) async throws {
        try await SeededHistory.with(database, 10) { pool, history async throws in
            let explorer = JobExplorer(pool: pool)
            _ = try await pool.withConnection { connection in
                try await connection.execute("DROP TABLE BATCH_STEP_EXECUTION_CONTEXT")
                try await connection.execute("DROP TABLE BATCH_JOB_EXECUTION_CONTEXT")
            }
            let thin = try await explorer.jobExecutionSummaries(page: PageRequest(size: 20))
            #expect(thin.elements.count == 10 && thin.elements.allSatisfy { $0.stepCount == 2 && $0.execution.executionContext.isEmpty })
            await #expect(throws: BatchError.self, "the full page reads them") {
                try await explorer.jobExecutionDetails(page: PageRequest(size: 20))
            }
        }
    }

    @Test("instances of a job with their executions; names as patterns, case-sensitive on both databases", arguments: TestDatabase.allCases)
    func instances(_ database: TestDatabase) async throws {
        try await SeededHistory.with(database, 25) { pool, history async throws in
            let explorer = JobExplorer(pool: pool)
            let alpha = history.jobs.filter { $0.name == "alpha" }
            let instanceIds = Array(Set(alpha.map(\.instanceId))).sorted(by: >)
            let page = try await explorer.jobInstanceDetails(jobName: "alpha", page: PageRequest(size: 3))
            #expect(page.totalElements == Int64(instanceIds.count))
            #expect(page.elements.map(\.id) == Array(instanceIds.prefix(3)))
            for instance in page.elements {
                #expect(instance.executions.map(\.id) == alpha.filter { $0.instanceId == instance.id }.map(\.id).sorted(by: >))
                #expect(instance.executions.allSatisfy { $0.steps.count == 2 })
                #expect(try await explorer.jobInstanceDetail(id: instance.id) == instance)
            }
            #expect(try await explorer.jobInstanceDetail(id: 999_999) == nil)
            let pattern = try await explorer.jobInstanceDetails(jobName: "al%", like: true, page: PageRequest(size: 100))
            #expect(pattern.totalElements == Int64(instanceIds.count))
            #expect(try await explorer.jobInstanceDetails(jobName: "AL%", like: true, page: PageRequest()).totalElements == 0)
            #expect(try await explorer.jobExecutionCount(JobExecutionFilter(jobNameLike: "_eta")) == Int64(history.jobs.filter { $0.name == "beta" }.count))
            #expect(try await explorer.jobExecutionCount(JobExecutionFilter(jobNameLike: "%a")) == Int64(history.jobs.count))
            #expect(try await explorer.jobExecutionCount(JobExecutionFilter(jobNameLike: "Alpha")) == 0)
            #expect(try await explorer.jobExecutionCount(JobExecutionFilter(jobNameLike: "al*")) == 0, "GLOB's own wildcards are literal")
            #expect(try await explorer.jobExists(named: "gamma"))
            #expect(try await !explorer.jobExists(named: "delta"))
            #expect(try await explorer.jobExists(named: "g%", like: true))
            #expect(try await !explorer.jobExists(named: "G%", like: true))
        }
    }

    @Test("a step's history: its ended executions in the job's latest executions, newest first", arguments: TestDatabase.allCases)
    func history(_ database: TestDatabase) async throws {
        try await withRepository(database) { repository in
            let base = Date(timeIntervalSince1970: 1_767_225_600)
            var ended: [Int64] = []
            for run in 0..<6 {
                var execution = try await repository.createJobExecution(
                    jobName: run == 3 ? "other" : "load", parameters: try JobParameters(parsing: ["run=\(run),java.lang.Long"]))
                execution.status = .completed
                execution.startTime = base
                execution.endTime = base.addingTimeInterval(10)
                try await repository.update(&execution)
                for name in ["read", "load:partition0", "load:partition1"] {
                    var step = StepExecution(id: 0, stepName: name, jobExecutionId: execution.id, createTime: base, startTime: base)
                    try await repository.add(&step)
                    step.status = run == 5 ? .started : .completed
                    step.counts.read = Int64(100 * (run + 1))
                    if run != 5 { step.endTime = base.addingTimeInterval(Double(run + 1)) }
                    try await repository.update(&step)
                    if name == "read" && run != 3 && run != 5 { ended.append(step.id) }
                }
            }
            let explorer = JobExplorer(pool: repository.pool)
            let all = try await explorer.stepExecutionHistory(jobName: "load", stepName: "read")
            #expect(all.map(\.id) == ended.sorted(by: >), "ended ones of this job only")
            let latest = try await explorer.stepExecutionHistory(jobName: "load", stepName: "read", lastExecutions: 3)
            #expect(latest.map(\.id) == Array(ended.sorted(by: >).prefix(2)), "the latest three executions hold two ended ones")
            let partitions = try await explorer.stepExecutionHistory(jobName: "load", stepName: "load:partition1")
            #expect(partitions.count == 8 && Set(partitions.map(\.stepName)) == ["load:partition0", "load:partition1"])
            #expect(try await explorer.stepExecutionHistory(jobName: "none", stepName: "read").isEmpty)
        }
    }
}
