import BatchRuntime
import DatabaseTestSupport
import HistoryTestSupport
import Foundation
import Testing

/// Rows another Spring application wrote, read back whole: Data Flow's own test history (a
/// MariaDB-backed Data Flow 2.11 with composed tasks) through the explorers, on both databases.
@Suite("Spring-written history read through the explorers")
struct SpringHistoryTests {
    @Test("Data Flow's task-executions fixture: counts, pages, links, parameters and Jackson contexts", arguments: TestDatabase.allCases)
    func dataflowFixture(_ database: TestDatabase) async throws {
        try await database.withPool { pool async throws in
            try await Migrator(pool: pool).migrate()
            try await SpringHistory.load(into: pool)
            let tasks = TaskExplorer(pool: pool)
            let jobs = JobExplorer(pool: pool)

            let taskRows = try await SpringHistory.records("TASK_EXECUTION").rows
            #expect(try await tasks.taskExecutionCount() == Int64(taskRows.count))
            var byName: [String: Int64] = [:]
            for row in taskRows { byName[row[3] ?? "", default: 0] += 1 }
            #expect(byName["ts-batch"] == 83, "the count Data Flow's own test expects")
            #expect(try await tasks.taskExecutionCount(TaskExecutionFilter(taskName: "ts-batch")) == 83)
            #expect(try await tasks.taskExecutionCount(TaskExecutionFilter(taskName: "nope")) == 0)
            #expect(try await tasks.taskNames().map(\.name) == byName.keys.sorted())
            let thin = try await tasks.taskExecutions(page: PageRequest(number: 2, size: 200), arguments: false)
            #expect(thin.elements.count == 200 && thin.totalElements == Int64(taskRows.count))
            let full = try await tasks.taskExecutions(TaskExecutionFilter(taskName: "ts-batch"), page: PageRequest(size: 200))
            #expect(full.elements.count == 83 && full.elements.allSatisfy { !$0.arguments.isEmpty })
            let children = taskRows.filter { $0[9] == "1" }.count
            #expect(try await tasks.taskExecutionCount(TaskExecutionFilter(parentExecutionId: 1)) == Int64(children))

            let jobRows = try await SpringHistory.records("BATCH_JOB_EXECUTION").rows
            #expect(try await jobs.jobExecutionCount() == Int64(jobRows.count))
            #expect(try await jobs.jobInstanceCount() == 8)
            var byStatus: [BatchStatus: Int64] = [:]
            for row in jobRows { byStatus[BatchStatus(stored: row[6]), default: 0] += 1 }
            #expect(try await jobs.jobExecutionCountsByStatus() == byStatus)
            let all = try await jobs.jobExecutions(limit: 5_000)
            #expect(all.count == jobRows.count)
            #expect(all.filter { $0.exitStatus.exitCode == "NOOP" }.count == jobRows.filter { $0[7] == "NOOP" }.count)
            #expect(all.allSatisfy { $0.taskExecutionId != nil }, "every job execution links its task execution")
            #expect(all.allSatisfy { $0.parameters.entries.allSatisfy { $0.name.isEmpty == false } })
            let stepCount = try await SpringHistory.records("BATCH_STEP_EXECUTION").rows.count
            var stepsRead = 0
            for execution in all {
                let steps = try await jobs.stepExecutions(ofJobExecution: execution.id)
                stepsRead += steps.count
                #expect(steps.allSatisfy { !$0.executionContext.values.isEmpty }, "Jackson's step contexts read whole")
            }
            #expect(stepsRead == stepCount)
            let lastTask = try #require(all.last?.taskExecutionId)
            let (task, linked) = try #require(try await jobs.taskExecutionWithJobs(id: lastTask))
            #expect(linked.map(\.id) == task.jobExecutionIds && !linked.isEmpty)
        }
    }

    @Test("Jackson's forms in a context: typed scalars become values, lists and maps are kept and written back unchanged")
    func jacksonContext() throws {
        let stored = #"{"@class":"java.util.HashMap","count":["java.lang.Long",2],"args":["java.util.ArrayList",["--a=1","--b=2","--c=3"]],"nested":{"@class":"java.util.HashMap","k":"v"},"one":["x"],"flag":true}"#
        let context = try ExecutionContext(json: stored)
        #expect(context["count"] == .int(2))
        #expect(context["args"] == .json(#"["java.util.ArrayList",["--a=1","--b=2","--c=3"]]"#))
        #expect(context["nested"] == .json(#"{"@class":"java.util.HashMap","k":"v"}"#))
        #expect(context["one"] == .json(#"["x"]"#))
        #expect(context["flag"] == .bool(true))
        #expect(try ExecutionContext(json: context.json) == context, "written back, it reads the same")
    }

    @Test("parameters of types swift-batch does not know are kept as stored")
    func otherParameterTypes() {
        let integer = JobParameter(storedType: "java.lang.Integer", text: "7", identifying: true)
        #expect(integer.value == .other(javaType: "java.lang.Integer", text: "7"))
        #expect(integer.javaType == "java.lang.Integer" && integer.storedValue == "7")
        #expect(JobParameter(storedType: "LONG", text: "5", identifying: false).value == .long(5))
        #expect(JobParameter(storedType: "java.lang.Long", text: "five", identifying: true).value == .other(javaType: "java.lang.Long", text: "five"))
    }
}
