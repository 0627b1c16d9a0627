import Database
import DatabaseTestSupport
import Foundation
import Testing

@testable import TaskRuntime

/// The rows Spring Cloud Task writes for the same stories, on both dialects.
@Suite("Task recording")
struct TaskRecordingTests {
    @Test("a server's pre-created row is started and ended by a launch with its execution id", arguments: TestDatabase.allCases)
    func preCreatedRow(database: TestDatabase) async throws {
        try await withTaskRepository(database) { repository in
            // The server inserts the row with the name only, then launches the app with the id.
            let created = try await repository.createTaskExecution(name: "timestamp")
            let before = try #require(try await rawRow(repository.pool, created.executionId))
            #expect(
                before.row
                    == RawTaskRow(
                        startTimeSet: false, endTimeSet: false, taskName: "timestamp", exitCode: nil, exitMessage: nil,
                        errorMessage: nil, lastUpdatedSet: true, externalExecutionId: nil, parentExecutionId: nil))
            #expect(try await TaskExplorer(pool: repository.pool).taskExecution(id: created.executionId)?.status == .unknown)
            let arguments = [
                "--timestamp.format=yyyy", "--spring.cloud.task.executionid=\(created.executionId)",
                "--spring.cloud.task.external-execution-id=pod-7", "--spring.cloud.task.parent-execution-id=3",
            ]
            let settings = try TaskSettings(arguments: arguments, environment: [:], defaultName: "timestamp")
            let outcome = try await TaskLifecycle(settings: settings, configuration: testTaskConfiguration)
                .run(repository: repository) { task in
                    #expect(task.execution.executionId == created.executionId)
                    let running = try #require(try await rawRow(repository.pool, created.executionId))
                    #expect(running.row.startTimeSet && !running.row.endTimeSet && running.owner)
                }
            #expect(outcome.exitCode == 0)
            let after = try #require(try await rawRow(repository.pool, created.executionId))
            #expect(
                after.row
                    == RawTaskRow(
                        startTimeSet: true, endTimeSet: true, taskName: "timestamp", exitCode: 0, exitMessage: nil,
                        errorMessage: nil, lastUpdatedSet: true, externalExecutionId: "pod-7", parentExecutionId: 3))
            #expect(after.params == arguments, "every raw argument, in order")
            #expect(!after.owner, "the liveness row goes with the end")
            let count = try await repository.pool.withConnection { try await $0.query("SELECT COUNT(*) AS N FROM TASK_EXECUTION") }
            #expect(try count[0].decode(Int64.self, "N") == 1, "no second row")
        }
    }

    @Test("a launch without an id inserts a row with an id from TASK_SEQ", arguments: TestDatabase.allCases)
    func freshRow(database: TestDatabase) async throws {
        try await withTaskRepository(database) { repository in
            let settings = try TaskSettings(taskName: "hello", arguments: ["a", "b=c"])
            let first = try await TaskLifecycle(settings: settings).run(repository: repository) { _ in }
            let second = try await TaskLifecycle(settings: settings).run(repository: repository) { _ in }
            #expect(second.execution.executionId == first.execution.executionId + 1)
            let row = try #require(try await rawRow(repository.pool, second.execution.executionId))
            #expect(
                row.row
                    == RawTaskRow(
                        startTimeSet: true, endTimeSet: true, taskName: "hello", exitCode: 0, exitMessage: nil, errorMessage: nil,
                        lastUpdatedSet: true, externalExecutionId: nil, parentExecutionId: nil))
            #expect(row.params == ["a", "b=c"])
            let explorer = TaskExplorer(pool: repository.pool)
            let page = try await explorer.taskExecutions(name: "hello", limit: 1)
            #expect(page.map(\.executionId) == [second.execution.executionId])
            #expect(page.first?.arguments == ["a", "b=c"])
            #expect(page.first?.status == .complete)
            let next = try await explorer.taskExecutions(name: "hello", beforeId: second.execution.executionId)
            #expect(next.map(\.executionId) == [first.execution.executionId])
        }
    }

    @Test("an error escaping the work: exit code 1 and the error in ERROR_MESSAGE", arguments: TestDatabase.allCases)
    func failure(database: TestDatabase) async throws {
        try await withTaskRepository(database) { repository in
            let outcome = try await TaskLifecycle(settings: try TaskSettings(taskName: "fails"))
                .run(repository: repository) { _ in throw Boom(description: "disk full") }
            #expect(outcome.exitCode == 1)
            let row = try #require(try await rawRow(repository.pool, outcome.execution.executionId))
            #expect(row.row.exitCode == 1)
            #expect(row.row.errorMessage == "Boom: disk full")
            #expect(row.row.exitMessage == nil)
            #expect(try await TaskExplorer(pool: repository.pool).taskExecution(id: outcome.execution.executionId)?.status == .error)
        }
    }

    @Test("exit codes: explicit wins; a reported failure is 1; messages are trimmed to 2500", arguments: TestDatabase.allCases)
    func exitCodes(database: TestDatabase) async throws {
        try await withTaskRepository(database) { repository in
            let settings = try TaskSettings(taskName: "codes")
            let explicit = try await TaskLifecycle(settings: settings).run(repository: repository) { task in
                task.setExitCode(42)
                throw Boom(description: "ignored code")
            }
            #expect(explicit.exitCode == 42)
            let reported = try await TaskLifecycle(settings: settings).run(repository: repository) { task in
                task.fail(String(repeating: "x", count: 3000))
                task.setExitMessage(String(repeating: "m", count: 2600))
            }
            #expect(reported.exitCode == 1)
            let row = try #require(try await rawRow(repository.pool, reported.execution.executionId))
            #expect(row.row.errorMessage?.count == 2500)
            #expect(row.row.exitMessage?.count == 2500)
        }
    }

    struct Says: TaskExecutionListener {
        var startup: String?
        var failed: String?
        var end: String?
        func onTaskStartup(_ execution: inout TaskExecution) async {
            if let startup { execution.exitMessage = startup }
        }
        func onTaskFailed(_ execution: inout TaskExecution, error: String) async {
            if let failed { execution.exitMessage = failed }
        }
        func onTaskEnd(_ execution: inout TaskExecution) async {
            #expect(execution.exitCode != nil, "the exit code is known to the end hook")
            if let end { execution.exitMessage = end }
        }
    }

    @Test("exit message precedence: end hook > failed hook > startup hook", arguments: TestDatabase.allCases)
    func exitMessagePrecedence(database: TestDatabase) async throws {
        try await withTaskRepository(database) { repository in
            let settings = try TaskSettings(taskName: "messages")
            func run(_ listener: Says) async throws -> String? {
                try await TaskLifecycle(settings: settings, listeners: [listener])
                    .run(repository: repository) { _ in throw Boom(description: "x") }.execution.exitMessage
            }
            #expect(try await run(Says(startup: "startup", failed: "failed", end: "end")) == "end")
            #expect(try await run(Says(startup: "startup", failed: "failed")) == "failed")
            #expect(try await run(Says(startup: "startup")) == "startup")
            let recorded = try await TaskExplorer(pool: repository.pool).taskExecutions(name: "messages")
            #expect(recorded.map(\.exitMessage) == ["startup", "failed", "end"])
        }
    }

    @Test("an unknown or ended execution id is refused and nothing is written", arguments: TestDatabase.allCases)
    func badExecutionIds(database: TestDatabase) async throws {
        try await withTaskRepository(database) { repository in
            let unknown = try TaskSettings(taskName: "t", executionId: 999)
            await #expect {
                _ = try await TaskLifecycle(settings: unknown).run(repository: repository) { _ in }
            } throws: { error in
                (error as? TaskError)?.code == .noSuchExecution
                    && (error as? TaskError)?.message.contains("task execution 999 given by --spring.cloud.task.executionid does not exist") == true
            }
            let ended = try await TaskLifecycle(settings: try TaskSettings(taskName: "t")).run(repository: repository) { _ in }
            let again = try TaskSettings(taskName: "t", executionId: ended.execution.executionId, arguments: ["new"])
            await #expect {
                _ = try await TaskLifecycle(settings: again).run(repository: repository) { _ in }
            } throws: { error in
                (error as? TaskError)?.code == .alreadyEnded
                    && (error as? TaskError)?.message.contains("has already ended (exit code 0)") == true
            }
            let row = try #require(try await rawRow(repository.pool, ended.execution.executionId))
            #expect(row.params.isEmpty, "the refused launch added no parameters")
        }
    }

    @Test("when the end cannot be recorded, the work's exit code still stands", arguments: TestDatabase.allCases)
    func endNotRecorded(database: TestDatabase) async throws {
        try await database.withPool { pool in
            try await Migrator(pool: pool).migrate()
            let repository = TaskRepository(pool: pool)
            let outcome = try await TaskLifecycle(settings: try TaskSettings(taskName: "lost"), configuration: testTaskConfiguration)
                .run(repository: repository) { task in
                    task.setExitCode(7)
                    await pool.close()  // the database goes away before the end is recorded
                }
            #expect(outcome.exitCode == 7)
        }
    }

    @Test("a job execution is linked to its task in TASK_TASK_BATCH", arguments: TestDatabase.allCases)
    func batchLink(database: TestDatabase) async throws {
        try await withTaskRepository(database) { repository in
            let outcome = try await TaskLifecycle(settings: try TaskSettings(taskName: "linked")).run(repository: repository) { task in
                try await task.linkJobExecution(77)
                try await task.linkJobExecution(78)
            }
            let explorer = TaskExplorer(pool: repository.pool)
            #expect(try await explorer.jobExecutionIds(ofTaskExecution: outcome.execution.executionId) == [77, 78])
            #expect(try await explorer.taskExecutionId(ofJobExecution: 78) == outcome.execution.executionId)
        }
    }
}
