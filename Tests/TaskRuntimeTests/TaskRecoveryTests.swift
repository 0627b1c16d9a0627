import Database
import DatabaseTestSupport
import Foundation
import Testing

@testable import TaskRuntime

@Suite("Recovery of dead tasks")
struct TaskRecoveryTests {
    @Test("dead owners are closed; live ones and ones without liveness information are not", arguments: TestDatabase.allCases)
    func recover(database: TestDatabase) async throws {
        try await withTaskRepository(database) { repository in
            var gone = ExecutionOwner.current()
            gone.pid = try await deadPid()
            gone.processStart = nil
            // Liveness on another host is judged by the heartbeat's age: a day old is dead, and one an
            // hour ahead stays fresh however long a loaded machine takes between the two recoveries.
            var silent = ExecutionOwner.current()
            silent.host = "elsewhere.example"
            silent.heartbeat = Date().addingTimeInterval(-86_400)
            var remoteAlive = silent
            remoteAlive.heartbeat = Date().addingTimeInterval(3600)
            let deadHere = try await insertRunning(repository, name: "r", owner: gone)
            let deadThere = try await insertRunning(repository, name: "r", owner: silent)
            let aliveThere = try await insertRunning(repository, name: "r", owner: remoteAlive)
            let alive = try await insertRunning(repository, name: "r", owner: .current())
            let spring = try await insertRunning(repository, name: "r", owner: nil)
            try await repository.acquireLock(taskName: "r", executionId: deadHere.executionId, ttl: .seconds(3600), livenessTimeout: .seconds(30))

            let recovered = try await repository.recoverDeadExecutions(livenessTimeout: .seconds(30))
            #expect(Set(recovered.map(\.execution.executionId)) == [deadHere.executionId, deadThere.executionId])
            let explorer = TaskExplorer(pool: repository.pool)
            for id in [deadHere.executionId, deadThere.executionId] {
                let row = try #require(try await explorer.taskExecution(id: id))
                #expect(row.endTime != nil && row.exitCode == TaskRepository.recoveredExitCode)
                #expect(row.exitMessage?.contains("died without recording its end") == true)
            }
            for id in [aliveThere.executionId, alive.executionId, spring.executionId] {
                #expect(try await explorer.taskExecution(id: id)?.status == .running)
            }
            let locks = try await repository.pool.withConnection { try await $0.query("SELECT * FROM TASK_LOCK") }
            #expect(locks.isEmpty, "the dead holder's lock is released")
            #expect(try await repository.recoverDeadExecutions(livenessTimeout: .seconds(30)).isEmpty, "nothing twice")
        }
    }

    @Test("the end of a task that recovery closed meanwhile is not recorded over it", arguments: TestDatabase.allCases)
    func closedMeanwhile(database: TestDatabase) async throws {
        try await withTaskRepository(database) { repository in
            let outcome = try await TaskLifecycle(settings: try TaskSettings(taskName: "slow")).run(repository: repository) { task in
                _ = try await repository.completeTaskExecution(
                    executionId: task.execution.executionId, exitCode: 1, exitMessage: "closed by recovery")
            }
            let row = try #require(try await TaskExplorer(pool: repository.pool).taskExecution(id: outcome.execution.executionId))
            #expect(row.exitMessage == "closed by recovery")
        }
    }
}
