import BatchRuntime
import Database
import DatabaseTestSupport
import Foundation
import Testing

/// The dashboard's reads (the job grid, a job's latest executions, executions per hour)
/// against a fresh SQLite file and a fresh PostgreSQL schema, on a history written through
/// the job repository.
@Suite("job explorer: dashboard grid, latest executions, executions per hour")
struct JobDashboardQueryTests {
    static let base = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z

    /// Writes one execution of `job` that started at `start` (nil: never started) and ended
    /// `seconds` later (nil: still running); `run` picks the instance.
    @discardableResult
    static func record(
        _ repository: JobRepository, _ job: String, run: Int, _ status: BatchStatus, start: Date?, seconds: Double? = 30,
        exitCode: String? = nil
    ) async throws -> Int64 {
        var execution = try await repository.createJobExecution(
            jobName: job, parameters: try JobParameters(parsing: ["run.id=\(run),java.lang.Long"]))
        execution.status = status
        execution.exitStatus = ExitStatus(exitCode ?? status.rawValue)
        execution.startTime = start
        execution.endTime = seconds.flatMap { seconds in start.map { $0.addingTimeInterval(seconds) } }
        try await repository.update(&execution)
        return execution.id
    }

    /// The cells as the explorer's other reads see the executions: the expected grid contents.
    static func cells(_ ids: [Int64], _ explorer: JobExplorer) async throws -> [JobGridCell] {
        try await explorer.jobExecutions(ids: ids).sorted { $0.id < $1.id }.map {
            JobGridCell(
                id: $0.id, status: $0.status, exitCode: $0.exitStatus.exitCode, startTime: $0.startTime, endTime: $0.endTime,
                createTime: $0.createTime)
        }
    }

    /// alpha: 25 executions, the eighth fails and is restarted last (the newest execution of
    /// an old instance); beta: 3, interleaved with alpha's; delta: an instance that never ran.
    static func seed(_ repository: JobRepository) async throws -> (alpha: [Int64], beta: [Int64]) {
        var alpha: [Int64] = []
        var beta: [Int64] = []
        for index in 0..<24 {
            let start = base.addingTimeInterval(Double(index) * 60)
            alpha.append(
                try await record(
                    repository, "alpha", run: index, index == 7 ? .failed : [.completed, .stopped, .abandoned][index % 3],
                    start: start, seconds: Double(index), exitCode: index == 5 ? "NOOP" : nil))
            if index % 8 == 3 { beta.append(try await record(repository, "beta", run: index, .completed, start: start)) }
        }
        alpha.append(try await record(repository, "alpha", run: 7, .started, start: base.addingTimeInterval(3600), seconds: nil))
        try await repository.pool.withConnection { connection in
            _ = try await connection.execute(
                "INSERT INTO BATCH_JOB_INSTANCE (JOB_INSTANCE_ID, JOB_NAME, JOB_KEY, VERSION) VALUES (9999, 'delta', 'k', 0)")
        }
        return (alpha, beta)
    }

    @Test("the grid: names ascending, each with its latest executions oldest first, a restart of an old instance included", arguments: TestDatabase.allCases)
    func grid(_ database: TestDatabase) async throws {
        try await withRepository(database) { repository in
            let explorer = JobExplorer(pool: repository.pool)
            #expect(try await explorer.jobGrid().isEmpty, "no jobs yet")
            let (alpha, beta) = try await Self.seed(repository)
            let grid = try await explorer.jobGrid()
            #expect(grid.map(\.jobName) == ["alpha", "beta", "delta"])
            #expect(grid[0].executions == (try await Self.cells(Array(alpha.suffix(20)), explorer)))
            #expect(grid[0].executions.last?.status == .started && grid[0].executions.last?.duration == nil, "the restart, newest last")
            #expect(grid[0].executions.contains { $0.exitCode == "NOOP" && $0.status == .abandoned })
            #expect(grid[1].executions == (try await Self.cells(beta, explorer)), "fewer than the limit: all of them")
            #expect(grid[2].executions.isEmpty, "an instance without executions")

            let three = try await explorer.jobGrid(executionsPerJob: 3)
            #expect(three.map { $0.executions.map(\.id) } == [Array(alpha.suffix(3)), beta, []])
            #expect(try await explorer.jobGrid(executionsPerJob: 0).allSatisfy(\.executions.isEmpty))
            #expect(try await explorer.jobGrid(executionsPerJob: 1).map { $0.executions.map(\.id) } == [[alpha.last!], [beta.last!], []])
        }
    }

    @Test("the running summary moves with a step's commit, a new execution and an end, and only then", arguments: TestDatabase.allCases)
    func runningSummary(_ database: TestDatabase) async throws {
        try await withRepository(database) { repository in
            let explorer = JobExplorer(pool: repository.pool)
            #expect(try await explorer.runningSummary().count == 0)
            try await Self.record(repository, "done", run: 1, .completed, start: Self.base)
            var execution = try await repository.createJobExecution(jobName: "live", parameters: try JobParameters(parsing: ["run.id=1,java.lang.Long"]))
            execution.status = .started
            execution.startTime = Self.base
            try await repository.update(&execution)
            var step = StepExecution(id: 0, stepName: "load", jobExecutionId: execution.id, createTime: Self.base, startTime: Self.base)
            try await repository.add(&step)
            let started = try await explorer.runningSummary()
            #expect(started.count == 1)
            #expect(try await explorer.runningSummary() == started, "nothing moved")
            step.counts.read = 100
            try await repository.update(&step)
            let committed = try await explorer.runningSummary()
            #expect(committed.count == 1 && committed != started)
            var second = try await repository.createJobExecution(jobName: "live", parameters: try JobParameters(parsing: ["run.id=2,java.lang.Long"]))
            second.status = .starting
            try await repository.update(&second)
            let two = try await explorer.runningSummary()
            #expect(two.count == 2 && two != committed)
            execution.status = .completed
            execution.endTime = Self.base.addingTimeInterval(60)
            try await repository.update(&execution)
            #expect(try await explorer.runningSummary().count == 1)
        }
    }

    @Test("a bounded total counts up to its limit plus one, filtered or not; the page's rows are the same", arguments: TestDatabase.allCases)
    func boundedTotal(_ database: TestDatabase) async throws {
        try await withRepository(database) { repository in
            let explorer = JobExplorer(pool: repository.pool)
            for run in 1...7 { try await Self.record(repository, "many", run: run, run % 2 == 0 ? .failed : .completed, start: Self.base) }
            try await Self.record(repository, "other", run: 1, .failed, start: Self.base)
            let failed = JobExecutionFilter(statuses: [.failed])
            #expect(try await explorer.jobExecutionSummaries(failed, page: PageRequest(size: 2), countLimit: 10).totalElements == 4)
            let bounded = try await explorer.jobExecutionSummaries(failed, page: PageRequest(size: 2), countLimit: 2)
            #expect(bounded.totalElements == 3, "more than 2")
            #expect(bounded.elements.map(\.id) == (try await explorer.jobExecutionSummaries(failed, page: PageRequest(size: 2))).elements.map(\.id))
            #expect(try await explorer.jobExecutionSummaries(JobExecutionFilter(jobNameLike: "%an%"), page: PageRequest(size: 2), countLimit: 5).totalElements == 6)
            #expect(try await explorer.jobExecutionSummaries(page: PageRequest(size: 2), countLimit: 5).totalElements == 6)
            #expect(try await explorer.jobExecutionSummaries(page: PageRequest(size: 2), countLimit: 100).totalElements == 8)
        }
    }

    @Test("grid pages: limit and afterName walk the names once each", arguments: TestDatabase.allCases)
    func gridPaging(_ database: TestDatabase) async throws {
        try await withRepository(database) { repository in
            let explorer = JobExplorer(pool: repository.pool)
            _ = try await Self.seed(repository)
            #expect(try await explorer.jobGrid(limit: 2).map(\.jobName) == ["alpha", "beta"])
            #expect(try await explorer.jobGrid(afterName: "beta", limit: 2).map(\.jobName) == ["delta"])
            #expect(try await explorer.jobGrid(afterName: "b", limit: 2).map(\.jobName) == ["beta", "delta"], "a name that is not a job")
            #expect(try await explorer.jobGrid(afterName: "delta").isEmpty)
            #expect(try await explorer.jobGrid(limit: 0).isEmpty)
            var seen: [String] = []
            var after: String?
            while true {
                let page = try await explorer.jobGrid(afterName: after, limit: 1)
                guard let last = page.last else { break }
                seen += page.map(\.jobName)
                after = last.jobName
            }
            #expect(seen == ["alpha", "beta", "delta"])
            #expect(seen == (try await explorer.jobNames()))
        }
    }

    @Test("a job's latest executions, oldest first, with their durations", arguments: TestDatabase.allCases)
    func recent(_ database: TestDatabase) async throws {
        try await withRepository(database) { repository in
            let explorer = JobExplorer(pool: repository.pool)
            let (alpha, beta) = try await Self.seed(repository)
            let five = try await explorer.recentExecutions(jobName: "alpha", limit: 5)
            #expect(five == (try await Self.cells(Array(alpha.suffix(5)), explorer)))
            #expect(five.map(\.duration) == [20, 21, 22, 23, nil])
            #expect(try await explorer.recentExecutions(jobName: "alpha").map(\.id) == alpha, "50 by default: all 25")
            #expect(try await explorer.recentExecutions(jobName: "beta", limit: 50).map(\.id) == beta)
            #expect(try await explorer.recentExecutions(jobName: "delta").isEmpty)
            #expect(try await explorer.recentExecutions(jobName: "nobody").isEmpty)
        }
    }

    @Test("executions per hour: by start time in [since, until), cut at the hour in UTC", arguments: TestDatabase.allCases)
    func hourly(_ database: TestDatabase) async throws {
        try await withRepository(database) { repository in
            let explorer = JobExplorer(pool: repository.pool)
            let ten = Self.base.addingTimeInterval(10 * 3600)
            let eleven = ten.addingTimeInterval(3600)
            let twelve = eleven.addingTimeInterval(3600)
            try await Self.record(repository, "a", run: 1, .completed, start: ten.addingTimeInterval(-0.001), seconds: 1)
            try await Self.record(repository, "a", run: 2, .completed, start: ten, seconds: 1)
            try await Self.record(repository, "a", run: 3, .failed, start: eleven.addingTimeInterval(-1), seconds: 1)
            try await Self.record(repository, "b", run: 4, .completed, start: eleven, seconds: 1)
            let five = try await Self.record(repository, "b", run: 5, .failed, start: eleven.addingTimeInterval(1800))
            try await Self.record(repository, "b", run: 6, .started, start: eleven.addingTimeInterval(3599.999), seconds: nil)
            let seven = try await Self.record(repository, "b", run: 7, .completed, start: twelve, seconds: 1)
            try await Self.record(repository, "b", run: 8, .failed, start: nil)

            let counts = try await explorer.executionCountsByHour(since: ten, until: twelve)
            #expect(
                counts == [
                    HourlyExecutionCount(hourStart: ten, status: .completed, count: 1),
                    HourlyExecutionCount(hourStart: ten, status: .failed, count: 1),
                    HourlyExecutionCount(hourStart: eleven, status: .completed, count: 1),
                    HourlyExecutionCount(hourStart: eleven, status: .started, count: 1),
                    HourlyExecutionCount(hourStart: eleven, status: .failed, count: 1),
                ])
            let partial = try await explorer.executionCountsByHour(since: ten.addingTimeInterval(1), until: eleven.addingTimeInterval(1))
            #expect(
                partial == [
                    HourlyExecutionCount(hourStart: ten, status: .failed, count: 1),
                    HourlyExecutionCount(hourStart: eleven, status: .completed, count: 1),
                ], "partial first and last hours, labelled by the hour they fall in")
            let day = try await explorer.executionCountsByHour(since: Self.base, until: Self.base.addingTimeInterval(86_400))
            #expect(day.reduce(0) { $0 + $1.count } == 7, "all that started; one never did")
            #expect(Set(day.map(\.hourStart)) == [ten.addingTimeInterval(-3600), ten, eleven, twelve])
            // The whole hours come from the counts the database keeps: they follow a status
            // changed, a start time moved and an execution deleted, by any writer's SQL.
            try await repository.pool.transaction { connection in
                _ = try await connection.execute("UPDATE BATCH_JOB_EXECUTION SET STATUS = 'ABANDONED' WHERE JOB_EXECUTION_ID = $1", [.int(five)])
                _ = try await connection.execute(
                    "UPDATE BATCH_JOB_EXECUTION SET START_TIME = $1 WHERE JOB_EXECUTION_ID = $2", [.date(ten.addingTimeInterval(60)), .int(seven)])
                _ = try await connection.execute("UPDATE BATCH_JOB_EXECUTION SET VERSION = VERSION + 1 WHERE JOB_EXECUTION_ID = $1", [.int(five)])
            }
            #expect(
                try await explorer.executionCountsByHour(since: ten, until: twelve.addingTimeInterval(3600)) == [
                    HourlyExecutionCount(hourStart: ten, status: .completed, count: 2),
                    HourlyExecutionCount(hourStart: ten, status: .failed, count: 1),
                    HourlyExecutionCount(hourStart: eleven, status: .completed, count: 1),
                    HourlyExecutionCount(hourStart: eleven, status: .started, count: 1),
                    HourlyExecutionCount(hourStart: eleven, status: .abandoned, count: 1),
                ])
            try await repository.pool.transaction { connection in
                for table in ["BATCH_JOB_EXECUTION_PARAMS", "BATCH_JOB_EXECUTION_CONTEXT", "BATCH_JOB_EXECUTION"] {
                    _ = try await connection.execute("DELETE FROM \(table) WHERE JOB_EXECUTION_ID = $1", [.int(seven)])
                }
            }
            #expect(
                try await explorer.executionCountsByHour(since: ten, until: eleven) == [
                    HourlyExecutionCount(hourStart: ten, status: .completed, count: 1),
                    HourlyExecutionCount(hourStart: ten, status: .failed, count: 1),
                ])
            #expect(try await explorer.executionCountsByHour(since: twelve, until: ten).isEmpty)
            #expect(try await explorer.executionCountsByHour(since: ten, until: ten).isEmpty)
            await #expect(throws: BatchError.self) {
                try await explorer.executionCountsByHour(since: Self.base, until: Self.base.addingTimeInterval(367 * 86_400))
            }
        }
    }

    @Test("executions per hour over more hours than one statement counts", arguments: TestDatabase.allCases)
    func manyHours(_ database: TestDatabase) async throws {
        try await withRepository(database) { repository in
            let explorer = JobExplorer(pool: repository.pool)
            for hour in [0, 47, 48, 49, 100] {
                try await Self.record(repository, "a", run: hour, .completed, start: Self.base.addingTimeInterval(Double(hour) * 3600 + 59))
            }
            let counts = try await explorer.executionCountsByHour(since: Self.base, until: Self.base.addingTimeInterval(101 * 3600))
            #expect(counts.map(\.hourStart) == [0, 47, 48, 49, 100].map { Self.base.addingTimeInterval(Double($0) * 3600) })
            #expect(counts.allSatisfy { $0.count == 1 && $0.status == .completed })
        }
    }
}
