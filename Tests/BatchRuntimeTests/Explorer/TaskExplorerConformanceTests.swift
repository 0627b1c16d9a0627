import BatchRuntime
import DatabaseTestSupport
import Foundation
import Testing

/// Every task explorer query, the task-to-job links both ways and the recovery use case,
/// against a fresh SQLite file and a fresh PostgreSQL schema, on histories of zero, one and many.
@Suite("task explorer conformance")
struct TaskExplorerConformanceTests {
    static let sizes = JobExplorerConformanceTests.sizes

    @Test("counts: total, by status, by name", arguments: TestDatabase.allCases, sizes)
    func counts(_ database: TestDatabase, _ size: Int) async throws {
        try await SeededHistory.with(database, size) { pool, history async throws in
            let explorer = TaskExplorer(pool: pool)
            #expect(try await explorer.taskExecutionCount() == Int64(history.tasks.count))
            var byStatus: [TaskStatus: Int64] = [:]
            for task in history.tasks { byStatus[task.status, default: 0] += 1 }
            #expect(try await explorer.taskExecutionCountsByStatus() == byStatus)
            for status in TaskStatus.allCases {
                #expect(try await explorer.taskExecutionCount(TaskExecutionFilter(status: status)) == byStatus[status] ?? 0)
            }
            var byName: [String: Int64] = [:]
            for task in history.tasks { byName[task.name, default: 0] += 1 }
            let names = try await explorer.taskNames()
            #expect(names.map(\.name) == byName.keys.sorted())
            #expect(names.map(\.executionCount) == byName.keys.sorted().map { byName[$0]! })
            #expect(try await explorer.taskExecutionCount(TaskExecutionFilter(taskName: "plain", ended: true))
                == Int64(history.tasks.filter { $0.name == "plain" && ($0.status == .complete || $0.status == .error) }.count))
        }
    }

    @Test("keyset and numbered pages, sorting, unknown sort refused", arguments: TestDatabase.allCases, sizes)
    func paging(_ database: TestDatabase, _ size: Int) async throws {
        try await SeededHistory.with(database, size) { pool, history async throws in
            let explorer = TaskExplorer(pool: pool)
            let newest = history.tasks.map(\.id).sorted(by: >)
            var seen: [Int64] = []
            var before: Int64?
            repeat {
                let page = try await explorer.taskExecutions(beforeId: before, limit: 4, arguments: false)
                seen += page.map(\.executionId)
                before = page.count == 4 ? page.last?.executionId : nil
            } while before != nil
            #expect(seen == newest)
            let first = try await explorer.taskExecutions(page: PageRequest(size: 7))
            #expect(first.elements.map(\.executionId) == Array(newest.prefix(7)) && first.totalElements == Int64(newest.count))
            let past = try await explorer.taskExecutions(page: PageRequest(number: 50, size: 7))
            #expect(past.elements.isEmpty && past.totalElements == Int64(newest.count))
            let one = try await explorer.taskExecutions(page: PageRequest(number: 2, size: 1))
            #expect(one.elements.map(\.executionId) == Array(newest.dropFirst(2).prefix(1)))
            let sorted = try await explorer.taskExecutions(page: PageRequest(size: 500, sort: [SortOrder("TASK_NAME"), SortOrder("START_TIME", ascending: false)]))
            let expected = history.tasks.sorted { lhs, rhs in
                if lhs.name != rhs.name { return lhs.name < rhs.name }
                switch (lhs.startTime, rhs.startTime) {
                case let (left?, right?) where left != right: return left > right
                case (nil, _?): return false
                case (_?, nil): return true
                default: return lhs.id < rhs.id
                }
            }
            #expect(sorted.elements.map(\.executionId) == expected.map(\.id))
            let error = await #expect(throws: TaskError.self) { try await explorer.taskExecutions(page: PageRequest(sort: [SortOrder("ARGUMENTS")])) }
            #expect(error.map { ErrorCategory.of($0) } == .badInput)
        }
    }

    @Test("task-to-job links both ways, arguments, and a task with its jobs", arguments: TestDatabase.allCases, sizes)
    func links(_ database: TestDatabase, _ size: Int) async throws {
        try await SeededHistory.with(database, size) { pool, history async throws in
            let tasks = TaskExplorer(pool: pool)
            let jobs = JobExplorer(pool: pool)
            for task in history.tasks {
                let execution = try #require(try await tasks.taskExecution(id: task.id))
                #expect(execution.jobExecutionIds == task.jobExecutionIds)
                #expect(execution.status == task.status && execution.taskName == task.name)
                if !task.jobExecutionIds.isEmpty { #expect(execution.arguments.contains("--spring.datasource.password=pw")) }
                let (withJobs, found) = try #require(try await jobs.taskExecutionWithJobs(id: task.id))
                #expect(withJobs.executionId == task.id && found.map(\.id) == task.jobExecutionIds)
                #expect(found.allSatisfy { $0.taskExecutionId == task.id })
            }
            let listed = try await tasks.taskExecutions(limit: 500)
            #expect(Set(listed.map(\.executionId)) == Set(history.tasks.map(\.id)))
            for execution in listed {
                #expect(execution.jobExecutionIds == history.tasks.first { $0.id == execution.executionId }?.jobExecutionIds)
            }
            #expect(try await tasks.taskExecutions(limit: 500, arguments: false).allSatisfy(\.arguments.isEmpty))
            #expect(try await tasks.taskExecution(id: 999_999) == nil)
            #expect(try await jobs.taskExecutionWithJobs(id: 999_999) == nil)
        }
    }

    @Test("recovery closes dead tasks and fails their jobs; live-unknown ones are left alone", arguments: TestDatabase.allCases, sizes)
    func recovery(_ database: TestDatabase, _ size: Int) async throws {
        try await SeededHistory.with(database, size) { pool, history async throws in
            let running = try await TaskExplorer(pool: pool).runningExecutions()
            #expect(Set(running.map(\.execution.executionId)) == Set(history.tasks.filter { $0.status == .running }.map(\.id)))
            let outcome = try await DeadExecutionRecovery(pool: pool).recover()
            let dead = history.tasks.filter { $0.status == .running && $0.hasOwner }
            #expect(Set(outcome.tasks.map(\.recovered.execution.executionId)) == Set(dead.map(\.id)))
            for task in outcome.tasks {
                #expect(task.recovered.execution.exitCode == TaskRepository.recoveredExitCode)
                for case .recovered(let job) in task.jobs { #expect(job.status == .failed && job.endTime != nil) }
            }
            let deadJobsOutsideTasks = history.jobs.filter { $0.ownerIsDead == true && $0.taskExecutionId == nil }
            #expect(Set(outcome.jobs.map(\.id)) == Set(deadJobsOutsideTasks.map(\.id)))
            #expect(Set(outcome.leftAlone.map(\.executionId)) == Set(history.tasks.filter { $0.status == .running && !$0.hasOwner }.map(\.id)))
            let again = try await DeadExecutionRecovery(pool: pool).recover()
            #expect(again.tasks.isEmpty && again.jobs.isEmpty, "a second recovery finds nothing more")
            let stillRunning = try await JobExplorer(pool: pool).runningExecutions(jobName: nil)
            #expect(stillRunning.allSatisfy { $0.owner == nil }, "only executions without liveness information stay running")
        }
    }
}
