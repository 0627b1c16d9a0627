import BatchRuntime
import DatabaseTestSupport
import Foundation
import Testing

/// Every job explorer query against a fresh SQLite file and a fresh PostgreSQL schema, on
/// histories of zero, one and many executions, checked against what was written.
@Suite("job explorer conformance")
struct JobExplorerConformanceTests {
    static let sizes = [0, 1, 25]

    @Test("counts: total, by status, by job name, instances", arguments: TestDatabase.allCases, sizes)
    func counts(_ database: TestDatabase, _ size: Int) async throws {
        try await SeededHistory.with(database, size) { pool, history async throws in
            let explorer = JobExplorer(pool: pool)
            #expect(try await explorer.jobExecutionCount() == Int64(history.jobs.count))
            var byStatus: [BatchStatus: Int64] = [:]
            for job in history.jobs { byStatus[job.status, default: 0] += 1 }
            #expect(try await explorer.jobExecutionCountsByStatus() == byStatus)
            for name in SeededHistory.jobNames {
                let expected = history.jobs.filter { $0.name == name }
                #expect(try await explorer.jobExecutionCount(JobExecutionFilter(jobName: name)) == Int64(expected.count))
                #expect(
                    try await explorer.jobExecutionCount(JobExecutionFilter(jobName: name, statuses: [.failed, .stopped]))
                        == Int64(expected.filter { $0.status == .failed || $0.status == .stopped }.count))
                #expect(try await explorer.jobInstanceCount(jobName: name) == Int64(Set(expected.map(\.instanceId)).count))
            }
            #expect(try await explorer.jobNames() == Array(Set(history.jobs.map(\.name))).sorted())
        }
    }

    @Test("keyset pages walk every execution once, newest first", arguments: TestDatabase.allCases, sizes)
    func keysetPaging(_ database: TestDatabase, _ size: Int) async throws {
        try await SeededHistory.with(database, size) { pool, history async throws in
            let explorer = JobExplorer(pool: pool)
            for filter in [JobExecutionFilter(), JobExecutionFilter(jobName: "beta"), JobExecutionFilter(statuses: [.completed])] {
                var seen: [Int64] = []
                var before: Int64?
                while true {
                    let page = try await explorer.jobExecutions(filter, beforeId: before, limit: 4)
                    seen += page.map(\.id)
                    guard page.count == 4, let last = page.last else { break }
                    before = last.id
                }
                let expected = history.jobs.filter { job in
                    (filter.jobName == nil || job.name == filter.jobName) && (filter.statuses.isEmpty || filter.statuses.contains(job.status))
                }.map(\.id).sorted(by: >)
                #expect(seen == expected)
            }
            var instances: [Int64] = []
            var before: Int64?
            repeat {
                let page = try await explorer.jobInstances(beforeId: before, limit: 3)
                instances += page.map(\.id)
                before = page.count == 3 ? page.last?.id : nil
            } while before != nil
            #expect(instances == Array(Set(history.jobs.map(\.instanceId))).sorted(by: >))
        }
    }

    @Test("numbered pages: first, last, past the end, size 1, sorted, unknown sort refused", arguments: TestDatabase.allCases, sizes)
    func numberedPages(_ database: TestDatabase, _ size: Int) async throws {
        try await SeededHistory.with(database, size) { pool, history async throws in
            let explorer = JobExplorer(pool: pool)
            let newest = history.jobs.map(\.id).sorted(by: >)
            let first = try await explorer.jobExecutions(page: PageRequest(number: 0, size: 10))
            #expect(first.elements.map(\.id) == Array(newest.prefix(10)))
            #expect(first.totalElements == Int64(newest.count) && first.totalPages == (newest.count + 9) / 10)
            if first.totalPages > 0 {
                let last = try await explorer.jobExecutions(page: PageRequest(number: first.totalPages - 1, size: 10))
                #expect(last.elements.map(\.id) == Array(newest.dropFirst((first.totalPages - 1) * 10)))
            }
            let past = try await explorer.jobExecutions(page: PageRequest(number: first.totalPages + 3, size: 10))
            #expect(past.elements.isEmpty && past.totalElements == Int64(newest.count))
            let single = try await explorer.jobExecutions(page: PageRequest(number: 1, size: 1))
            #expect(single.elements.map(\.id) == Array(newest.dropFirst(1).prefix(1)))
            let byStart = try await explorer.jobExecutions(page: PageRequest(size: 100, sort: [SortOrder("START_TIME", ascending: true)]))
            #expect(byStart.elements.map(\.id) == history.jobs.sorted { ($0.startTime, $0.id) < ($1.startTime, $1.id) }.map(\.id))
            let byName = try await explorer.jobExecutions(page: PageRequest(size: 100, sort: [SortOrder.parse("name,desc")!]))
            #expect(byName.elements.map(\.id) == history.jobs.sorted { ($0.name, $0.id) > ($1.name, $1.id) }.map(\.id))
            let instances = try await explorer.jobInstances(jobName: "alpha", page: PageRequest(size: 2))
            #expect(instances.totalElements == Int64(Set(history.jobs.filter { $0.name == "alpha" }.map(\.instanceId)).count))
            let error = await #expect(throws: BatchError.self) {
                try await explorer.jobExecutions(page: PageRequest(sort: [SortOrder("EXIT_MESSAGE; DROP TABLE X")]))
            }
            #expect(error.map { ErrorCategory.of($0) } == .badInput)
            #expect(error?.message.contains("sort by one of JOB_EXECUTION_ID, START_TIME") == true)
        }
    }

    @Test("filters: task execution, instance, date range, statuses", arguments: TestDatabase.allCases, sizes)
    func filters(_ database: TestDatabase, _ size: Int) async throws {
        try await SeededHistory.with(database, size) { pool, history async throws in
            let explorer = JobExplorer(pool: pool)
            for job in history.jobs {
                if let task = job.taskExecutionId {
                    #expect(try await explorer.jobExecutions(ofTaskExecution: task).map(\.id) == [job.id])
                }
                let ofInstance = history.jobs.filter { $0.instanceId == job.instanceId }.map(\.id).sorted(by: >)
                #expect(try await explorer.jobExecutions(ofInstance: job.instanceId).map(\.id) == ofInstance)
                #expect(try await explorer.jobExecutions(JobExecutionFilter(instanceId: job.instanceId)).map(\.id) == ofInstance)
            }
            let from = SeededHistory.base.addingTimeInterval(120)
            let to = SeededHistory.base.addingTimeInterval(600)
            let inRange = history.jobs.filter { $0.startTime >= from && $0.startTime <= to }.map(\.id).sorted(by: >)
            #expect(try await explorer.jobExecutions(JobExecutionFilter(startedFrom: from, startedTo: to), limit: 100).map(\.id) == inRange)
            let page = try await explorer.jobExecutions(JobExecutionFilter(startedFrom: from, startedTo: to), page: PageRequest(size: 3))
            #expect(page.totalElements == Int64(inRange.count) && page.elements.map(\.id) == Array(inRange.prefix(3)))
        }
    }

    @Test("one execution, its steps with contexts, its instance, its task", arguments: TestDatabase.allCases, sizes)
    func details(_ database: TestDatabase, _ size: Int) async throws {
        try await SeededHistory.with(database, size) { pool, history async throws in
            let explorer = JobExplorer(pool: pool)
            for (index, job) in history.jobs.enumerated() {
                let execution = try #require(try await explorer.jobExecution(id: job.id))
                #expect(execution.jobName == job.name && execution.status == job.status)
                #expect(execution.taskExecutionId == job.taskExecutionId)
                #expect(execution.parameters["api.token"] != nil)
                let steps = try await explorer.stepExecutions(ofJobExecution: job.id)
                #expect(steps.map(\.id) == job.stepIds)
                #expect(steps.map { $0.executionContext["position"] } == [.int(Int64(index)), .int(Int64(index))])
                #expect(steps.map { $0.executionContext["step"] } == [.string("read"), .string("write")])
                let step = try #require(try await explorer.stepExecution(id: job.stepIds[1]))
                #expect(step.stepName == "write" && step.jobExecutionId == job.id && step.executionContext["step"] == .string("write"))
                let instance = try #require(try await explorer.jobInstance(id: job.instanceId))
                #expect(instance.instance.jobName == job.name && instance.executions.contains { $0.id == job.id })
            }
            #expect(try await explorer.jobExecution(id: 999_999) == nil)
            #expect(try await explorer.stepExecution(id: 999_999) == nil)
            #expect(try await explorer.jobInstance(id: 999_999) == nil)
        }
    }

    @Test("running executions carry their owners; dead ones are recognised", arguments: TestDatabase.allCases, sizes)
    func running(_ database: TestDatabase, _ size: Int) async throws {
        try await SeededHistory.with(database, size) { pool, history async throws in
            let running = try await JobExplorer(pool: pool).runningExecutions(jobName: nil)
            let expected = history.jobs.filter { $0.status.isRunning }
            #expect(running.map(\.execution.id) == expected.map(\.id).sorted(by: >))
            for (execution, owner) in running {
                let seeded = expected.first { $0.id == execution.id }
                #expect((owner != nil) == (seeded?.ownerIsDead != nil))
                if let owner { #expect(owner.isDead(timeout: .seconds(30))) }
            }
        }
    }
}
