import DatabaseTestSupport
import Foundation
import Testing

@testable import BatchRuntime

@Suite("Job repository")
struct RepositoryTests {
    @Test("executions and parameters are stored as Spring stores them", arguments: TestDatabase.allCases)
    func storedRows(_ database: TestDatabase) async throws {
        try await withRepository(database) { repository in
            let parameters = try JobParameters(parsing: [
                "run.id=1,java.lang.Long", "chunk.size=500,java.lang.Long,false", "day=2024-01-31,java.time.LocalDate",
            ])
            let execution = try await repository.createJobExecution(jobName: "importJob", parameters: parameters)
            #expect(execution.status == .starting && execution.version == 0)
            try await repository.pool.withConnection { connection in
                let instance = try await connection.query("SELECT JOB_NAME, JOB_KEY, VERSION FROM BATCH_JOB_INSTANCE")
                #expect(try instance[0].decode(String.self, "JOB_KEY") == parameters.jobKey)
                #expect(try instance[0].decode(Int64.self, "VERSION") == 0)
                let rows = try await connection.query(
                    "SELECT PARAMETER_NAME, PARAMETER_TYPE, PARAMETER_VALUE, IDENTIFYING FROM BATCH_JOB_EXECUTION_PARAMS ORDER BY PARAMETER_NAME")
                let stored = try rows.map {
                    [try $0.decode(String.self, "PARAMETER_NAME"), try $0.decode(String.self, "PARAMETER_TYPE"),
                     try $0.decode(String.self, "PARAMETER_VALUE"), try $0.decode(String.self, "IDENTIFYING")]
                }
                #expect(stored == [
                    ["chunk.size", "java.lang.Long", "500", "N"], ["day", "java.time.LocalDate", "2024-01-31", "Y"],
                    ["run.id", "java.lang.Long", "1", "Y"],
                ])
                let context = try await connection.query("SELECT SHORT_CONTEXT FROM BATCH_JOB_EXECUTION_CONTEXT")
                #expect(try context[0].decode(String.self, "SHORT_CONTEXT") == "{\"@class\":\"java.util.HashMap\"}")
            }
            let read = try #require(try await JobExplorer(pool: repository.pool).jobExecution(id: execution.id))
            #expect(read.parameters == parameters)
        }
    }

    @Test("optimistic locking: a stale version is refused", arguments: TestDatabase.allCases)
    func optimisticLocking(_ database: TestDatabase) async throws {
        try await withRepository(database) { repository in
            var execution = try await repository.createJobExecution(jobName: "j", parameters: JobParameters())
            var stale = execution
            execution.status = .started
            try await repository.update(&execution)
            #expect(execution.version == 1)
            stale.status = .failed
            let error = await #expect(throws: BatchError.self) { try await repository.update(&stale) }
            #expect(error?.code == .optimisticLockingFailure)
            var step = StepExecution(id: 0, stepName: "s", jobExecutionId: execution.id, createTime: Date())
            try await repository.add(&step)
            var staleStep = step
            try await repository.update(&step)
            #expect(step.version == 1)
            let stepError = await #expect(throws: BatchError.self) { try await repository.update(&staleStep) }
            #expect(stepError?.code == .optimisticLockingFailure)
        }
    }

    @Test("restart rules: running, complete, abandoned, unknown, not restartable", arguments: TestDatabase.allCases)
    func restartRules(_ database: TestDatabase) async throws {
        try await withRepository(database) { repository in
            let parameters = try JobParameters(parsing: ["file=a.csv"])
            var first = try await repository.createJobExecution(jobName: "j", parameters: parameters)
            let running = await #expect(throws: BatchError.self) {
                try await repository.createJobExecution(jobName: "j", parameters: parameters)
            }
            #expect(running?.code == .alreadyRunning)
            #expect(running?.message.contains("execution \(first.id)") == true)
            first.status = .failed
            first.endTime = Date()
            try await repository.update(&first)
            let notRestartable = await #expect(throws: BatchError.self) {
                try await repository.createJobExecution(jobName: "j", parameters: parameters, restartable: false)
            }
            #expect(notRestartable?.code == .notRestartable)
            var second = try await repository.createJobExecution(jobName: "j", parameters: parameters)
            #expect(second.instance.id == first.instance.id)
            second.status = .completed
            try await repository.update(&second)
            let complete = await #expect(throws: BatchError.self) {
                try await repository.createJobExecution(jobName: "j", parameters: parameters)
            }
            #expect(complete?.code == .alreadyComplete)
            // No identifying parameters: a completed instance may run again (Spring's rule).
            var plain = try await repository.createJobExecution(jobName: "k", parameters: JobParameters())
            plain.status = .completed
            try await repository.update(&plain)
            _ = try await repository.createJobExecution(jobName: "k", parameters: JobParameters())
            // UNKNOWN is never restarted.
            var unknown = try await repository.createJobExecution(jobName: "u", parameters: parameters)
            unknown.status = .unknown
            try await repository.update(&unknown)
            let refused = await #expect(throws: BatchError.self) {
                try await repository.createJobExecution(jobName: "u", parameters: parameters)
            }
            #expect(refused?.code == .notRestartable)
        }
    }

    @Test("the job context of the last execution is inherited", arguments: TestDatabase.allCases)
    func contextInherited(_ database: TestDatabase) async throws {
        try await withRepository(database) { repository in
            var first = try await repository.createJobExecution(jobName: "j", parameters: JobParameters())
            first.executionContext["big"] = .string(String(repeating: "é", count: 3000))
            try await repository.updateExecutionContext(of: first)
            first.status = .failed
            try await repository.update(&first)
            let second = try await repository.createJobExecution(jobName: "j", parameters: JobParameters())
            #expect(second.executionContext.string("big")?.count == 3000)
        }
    }

    @Test("two launchers racing for one instance: exactly one wins, 20 times", arguments: TestDatabase.allCases)
    func concurrentLaunch(_ database: TestDatabase) async throws {
        try await database.withIsolatedURL { url in
            _ = try await ConnectionPool.withPool(url: url) { pool in try await Migrator(pool: pool).migrate() }
            // Two pools: two independent sets of database sessions, as two processes would have. Their
            // lock waits time out only to catch hangs: the loser waits for the winner's transaction,
            // which on a loaded machine can take longer than the default 10 s.
            try await ConnectionPool.withPool(url: url, configuration: .testing()) { poolA in
                try await ConnectionPool.withPool(url: url, configuration: .testing()) { poolB in
                    let a = JobRepository(pool: poolA)
                    let b = JobRepository(pool: poolB)
                    for round in 0..<20 {
                        let parameters = JobParameters([("round", JobParameter(.long(Int64(round))))])
                        let outcomes = try await withThrowingTaskGroup(of: BatchError.Code?.self) { group in
                            for repository in [a, b] {
                                group.addTask {
                                    do {
                                        _ = try await repository.createJobExecution(jobName: "race", parameters: parameters)
                                        return nil
                                    } catch let error as BatchError {
                                        return error.code
                                    }
                                }
                            }
                            var codes: [BatchError.Code?] = []
                            for try await code in group { codes.append(code) }
                            return codes
                        }
                        #expect(outcomes.filter { $0 == nil }.count == 1, "round \(round): \(outcomes)")
                        #expect(outcomes.contains(.alreadyRunning), "round \(round): \(outcomes)")
                    }
                    let count = try await poolA.withConnection {
                        try await $0.query("SELECT COUNT(*) AS N FROM BATCH_JOB_EXECUTION")[0].decode(Int64.self, "N")
                    }
                    #expect(count == 20)
                }
            }
        }
    }

    @Test("recover: a dead owner's rows become FAILED with an end time; a live one is refused", arguments: TestDatabase.allCases)
    func recover(_ database: TestDatabase) async throws {
        try await withRepository(database) { repository in
            let dead = ExecutionOwner(
                host: ProcessInfo.processInfo.hostName, pid: 2_000_000_000, processStart: nil, heartbeat: Date())
            var execution = try await repository.createJobExecution(jobName: "j", parameters: JobParameters(), owner: dead)
            execution.status = .started
            try await repository.update(&execution)
            var step = StepExecution(id: 0, stepName: "s", jobExecutionId: execution.id, status: .started, createTime: Date())
            try await repository.add(&step)
            let recovered = try await repository.recover(jobExecutionId: execution.id, livenessTimeout: .seconds(60))
            #expect(recovered.status == .failed && recovered.endTime != nil)
            #expect(recovered.exitStatus.exitDescription.contains("process 2000000000"))
            let steps = try await steps(repository, execution.id)
            #expect(steps["s"]?.status == .failed && steps["s"]?.endTime != nil)
            #expect(try await repository.owner(ofJobExecution: execution.id) == nil)

            let live = try await repository.createJobExecution(jobName: "live", parameters: JobParameters(), owner: .current())
            let refused = await #expect(throws: BatchError.self) {
                try await repository.recover(jobExecutionId: live.id, livenessTimeout: .seconds(60))
            }
            #expect(refused?.code == .stillRunning)
            // A silent owner on another host is dead once its heartbeat is older than the timeout.
            let remote = ExecutionOwner(host: "elsewhere", pid: 1, processStart: nil, heartbeat: Date(timeIntervalSinceNow: -120))
            #expect(remote.isDead(timeout: .seconds(60)))
            #expect(!remote.isDead(timeout: .seconds(600)))
        }
    }

    @Test("abandon: only executions that are not running", arguments: TestDatabase.allCases)
    func abandon(_ database: TestDatabase) async throws {
        try await withRepository(database) { repository in
            let parameters = try JobParameters(parsing: ["file=x"])
            var execution = try await repository.createJobExecution(jobName: "j", parameters: parameters)
            let running = await #expect(throws: BatchError.self) { try await repository.abandon(jobExecutionId: execution.id) }
            #expect(running?.code == .stillRunning)
            execution.status = .stopped
            try await repository.update(&execution)
            let abandoned = try await repository.abandon(jobExecutionId: execution.id)
            #expect(abandoned.status == .abandoned && abandoned.endTime != nil)
            let again = await #expect(throws: BatchError.self) {
                try await repository.createJobExecution(jobName: "j", parameters: parameters)
            }
            #expect(again?.code == .alreadyComplete)
            let missing = await #expect(throws: BatchError.self) { try await repository.abandon(jobExecutionId: 999_999) }
            #expect(missing?.code == .noSuchExecution)
        }
    }

    @Test("explorer pages by keyset, newest first", arguments: TestDatabase.allCases)
    func paging(_ database: TestDatabase) async throws {
        try await withRepository(database) { repository in
            var ids: [Int64] = []
            for index in 0..<7 {
                var execution = try await repository.createJobExecution(
                    jobName: index % 2 == 0 ? "even" : "odd", parameters: JobParameters([("i", JobParameter(.long(Int64(index))))]))
                execution.status = .completed
                try await repository.update(&execution)
                ids.append(execution.id)
            }
            let explorer = JobExplorer(pool: repository.pool)
            let first = try await explorer.jobExecutions(limit: 3)
            #expect(first.map(\.id) == Array(ids.reversed().prefix(3)))
            #expect(first.map { $0.parameters["i"] } == [6, 5, 4].map { JobParameter(.long($0)) }, "each row has its own parameters")
            let second = try await explorer.jobExecutions(beforeId: first.last!.id, limit: 3)
            #expect(second.map(\.id) == Array(ids.reversed().dropFirst(3).prefix(3)))
            #expect(try await explorer.jobExecutions(jobName: "even", limit: 10).count == 4)
            #expect(try await explorer.jobNames() == ["even", "odd"])
            _ = try await repository.createJobExecution(jobName: "odd", parameters: JobParameters([("i", JobParameter(.long(99)))]))
            #expect(try await explorer.runningExecutions(jobName: "odd").map { $0.execution.parameters["i"] } == [JobParameter(.long(99))])
            #expect(try await explorer.runningExecutions(jobName: "even").isEmpty)
        }
    }
}
