import Database
import DatabaseTestSupport
import Foundation
import Testing

@testable import TaskRuntime

@Suite("Single-instance lock")
struct TaskLockTests {
    @Test("LOCK_KEY is Java's UUID.nameUUIDFromBytes of the task name")
    func lockKey() {
        // Printed by java.util.UUID.nameUUIDFromBytes(name.getBytes("UTF-8")) on OpenJDK 17.
        #expect(TaskLockKey.key(forTaskName: "timestamp-task") == "558d7e79-83ba-340f-9c83-066c8a02591c")
        #expect(TaskLockKey.key(forTaskName: "solo") == "5653c6b1-f518-32a6-b51e-c69c8452abc6")
        #expect(TaskLockKey.key(forTaskName: "nightly import") == "2bfbcb57-b371-317d-8482-da29126ccea1")
        #expect(TaskLockKey.key(forTaskName: "ünïcode-タスク") == "eae717e5-564c-3b8d-93db-1e6033cb2878")
        #expect(TaskLockKey.key(forTaskName: "") == "d41d8cd9-8f00-3204-a980-0998ecf8427e")
        #expect(TaskLockKey.key(forTaskName: "8F14E45F-CEEA-467A-9575-6A2E2A4E6A3B") == "8f14e45f-ceea-467a-9575-6a2e2a4e6a3b")
    }

    @Test("the row is Spring's; a second holder gets Spring's message; release frees it", arguments: TestDatabase.allCases)
    func rowAndRelease(database: TestDatabase) async throws {
        try await withTaskRepository(database) { repository in
            let first = try await insertRunning(repository, name: "solo", owner: .current())
            let second = try await insertRunning(repository, name: "solo", owner: .current())
            try await repository.acquireLock(taskName: "solo", executionId: first.executionId, ttl: .seconds(3600), livenessTimeout: .seconds(5))
            let rows = try await repository.pool.withConnection { try await $0.query("SELECT * FROM TASK_LOCK") }
            #expect(rows.count == 1)
            #expect(try rows[0].decode(String.self, "LOCK_KEY") == "5653c6b1-f518-32a6-b51e-c69c8452abc6")
            #expect(try rows[0].decode(String.self, "REGION") == "DEFAULT")
            #expect(try rows[0].decode(String.self, "CLIENT_ID").trimmingCharacters(in: .whitespaces) == String(first.executionId))
            await #expect {
                try await repository.acquireLock(
                    taskName: "solo", executionId: second.executionId, ttl: .seconds(3600), livenessTimeout: .seconds(5))
            } throws: { error in
                (error as? TaskError)?.code == .alreadyRunning && (error as? TaskError)?.message == "Task with name \"solo\" is already running."
            }
            try await repository.releaseLock(taskName: "solo", executionId: first.executionId)
            try await repository.acquireLock(taskName: "solo", executionId: second.executionId, ttl: .seconds(3600), livenessTimeout: .seconds(5))
        }
    }

    @Test("20 races of two starters on separate connections: exactly one wins each time", arguments: TestDatabase.allCases)
    func races(database: TestDatabase) async throws {
        try await withTaskRepository(database) { repository in
            for round in 0..<20 {
                let name = "race-\(round)"
                let a = try await insertRunning(repository, name: name, owner: .current())
                let b = try await insertRunning(repository, name: name, owner: .current())
                let wins = try await withThrowingTaskGroup(of: Bool.self) { group in
                    for id in [a.executionId, b.executionId] {
                        group.addTask {
                            do {
                                try await repository.acquireLock(
                                    taskName: name, executionId: id, ttl: .seconds(3600), livenessTimeout: .seconds(5))
                                return true
                            } catch let error as TaskError where error.code == .alreadyRunning {
                                return false
                            }
                        }
                    }
                    return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
                }
                #expect(wins == 1, "round \(round)")
            }
        }
    }

    @Test("a dead holder's lock is taken over at once and its execution closed", arguments: TestDatabase.allCases)
    func deadHolder(database: TestDatabase) async throws {
        try await withTaskRepository(database) { repository in
            var owner = ExecutionOwner.current()
            owner.pid = try await deadPid()
            owner.processStart = nil
            let dead = try await insertRunning(repository, name: "solo", owner: owner)
            try await repository.acquireLock(taskName: "solo", executionId: dead.executionId, ttl: .seconds(3600), livenessTimeout: .seconds(5))
            let next = try await insertRunning(repository, name: "solo", owner: .current())
            try await repository.acquireLock(taskName: "solo", executionId: next.executionId, ttl: .seconds(3600), livenessTimeout: .seconds(5))
            let closed = try #require(try await TaskExplorer(pool: repository.pool).taskExecution(id: dead.executionId))
            #expect(closed.status == .error)
            #expect(closed.exitMessage?.contains("died without recording its end") == true)
        }
    }

    @Test("a Spring holder without liveness information keeps the lock until its TTL", arguments: TestDatabase.allCases)
    func springHolder(database: TestDatabase) async throws {
        try await withTaskRepository(database) { repository in
            // A Spring Cloud Task app: a running row and a lock, no SB_TASK_EXECUTION_OWNER row.
            let spring = try await insertRunning(repository, name: "legacy", owner: nil)
            try await repository.acquireLock(taskName: "legacy", executionId: spring.executionId, ttl: .seconds(3600), livenessTimeout: .seconds(5))
            let next = try await insertRunning(repository, name: "legacy", owner: .current())
            await #expect(throws: TaskError.self) {
                try await repository.acquireLock(taskName: "legacy", executionId: next.executionId, ttl: .seconds(3600), livenessTimeout: .seconds(5))
            }
            try await repository.pool.withConnection { connection in
                _ = try await connection.execute(
                    "UPDATE TASK_LOCK SET CREATED_DATE = $1", [.date(Date().addingTimeInterval(-7200))])
            }
            try await repository.acquireLock(taskName: "legacy", executionId: next.executionId, ttl: .seconds(3600), livenessTimeout: .seconds(5))
        }
    }
}
