import Database
import DatabaseTestSupport
import Foundation
import Testing

@testable import TaskRuntime

/// Real task processes (`timestamp-task`, the test fixture) ending every way a program ends,
/// and what they leave in the database.
@Suite("Task processes", .serialized)
struct TaskProcessTests {
    static func executionId(_ stdout: String) throws -> Int64 {
        let line = try #require(stdout.split(separator: "\n").first { $0.hasPrefix("started ") })
        return try #require(Int64(line.dropFirst("started ".count)))
    }

    @Test("timestamp-task prints the time in the default format and records a COMPLETE task", arguments: TestDatabase.allCases)
    func timestamp(database: TestDatabase) async throws {
        try await withTaskDatabase(database) { url, directory, explorer in
            let outcome = try await TestProcess.run("timestamp-task", ["--db", url], in: directory, environment: ["TZ": "UTC"])
            #expect(outcome.status == 0, "\(outcome)")
            let printed = outcome.stdout.trimmingCharacters(in: .newlines)
            #expect(printed.wholeMatch(of: /\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}/) != nil, "\(printed)")
            let execution = try #require(try await explorer.taskExecutions().first)
            #expect(execution.taskName == "timestamp-task")
            #expect(execution.status == .complete)
            #expect(execution.exitMessage == "printed \(printed)")
            #expect(execution.arguments == ["--db", url])
        }
    }

    @Test("a bad --format fails the task with the reason, exit 1", arguments: [TestDatabase.sqlite])
    func badFormat(database: TestDatabase) async throws {
        try await withTaskDatabase(database) { url, directory, explorer in
            let outcome = try await TestProcess.run("timestamp-task", ["--db", url, "--format", "yyyy-bb"], in: directory)
            #expect(outcome.status == 1)
            #expect(outcome.stderr.contains("error: ") && outcome.stderr.contains("unknown pattern letter 'b'"), "\(outcome)")
            let execution = try #require(try await explorer.taskExecutions().first)
            #expect(execution.exitCode == 1)
            #expect(execution.errorMessage?.contains("unknown pattern letter 'b'") == true)
        }
    }

    @Test("a pre-created row is started by --spring.cloud.task.executionid", arguments: TestDatabase.allCases)
    func launchContract(database: TestDatabase) async throws {
        try await withTaskDatabase(database) { url, directory, explorer in
            let repository = TaskRepository(pool: explorer.pool)
            let created = try await repository.createTaskExecution(name: "stamp")
            let arguments = [
                "--spring.cloud.task.name=stamp", "--spring.cloud.task.executionid=\(created.executionId)",
                "--spring.datasource.url=\(url)",
            ]
            let outcome = try await TestProcess.run("timestamp-task", arguments, in: directory)
            #expect(outcome.status == 0, "\(outcome)")
            let execution = try #require(try await explorer.taskExecution(id: created.executionId))
            #expect(execution.status == .complete && execution.taskName == "stamp")
            #expect(execution.arguments == arguments)
            #expect(try await explorer.taskExecutions().count == 1)

            let again = try await TestProcess.run("timestamp-task", arguments, in: directory)
            #expect(again.status == 1)
            #expect(again.stderr.contains("task execution \(created.executionId) given by --spring.cloud.task.executionid has already ended"))
            let unknown = try await TestProcess.run(
                "timestamp-task", ["--spring.cloud.task.executionid=4242", "--db", url], in: directory)
            #expect(unknown.status == 1)
            #expect(unknown.stderr == "error: task execution 4242 given by --spring.cloud.task.executionid does not exist; launch without it to record a new execution, or create the row first\n")
        }
    }

    @Test("non-zero exit, reported failure and an uncaught error are recorded", arguments: [TestDatabase.sqlite])
    func failures(database: TestDatabase) async throws {
        try await withTaskDatabase(database) { url, directory, explorer in
            let exit3 = try await TestProcess.run("task-fixture", ["exit", "3", "--db", url], in: directory)
            #expect(exit3.status == 3)
            let thrown = try await TestProcess.run("task-fixture", ["throw", "the disk is full", "--db", url], in: directory)
            #expect(thrown.status == 1)
            #expect(thrown.stderr.contains("error: FixtureError: the disk is full"), "\(thrown)")
            let page = try await explorer.taskExecutions()
            #expect(page.map(\.exitCode) == [1, 3])
            #expect(page[0].errorMessage == "FixtureError: the disk is full")
            #expect(page.allSatisfy { $0.status == .error })
        }
    }

    @Test("SIGTERM and SIGINT end the task with 143 and 130 and say so", arguments: TestDatabase.allCases)
    func signals(database: TestDatabase) async throws {
        try await withTaskDatabase(database) { url, directory, explorer in
            for (signal, name) in [(SIGTERM, "SIGTERM"), (SIGINT, "SIGINT")] {
                let process = try TestProcess("task-fixture", ["wait", "--db", url], in: directory)
                try await process.waitForOutput(containing: "started ")
                process.signal(signal)
                let outcome = try await process.wait()
                #expect(outcome.status == 128 + signal, "\(outcome)")
                let execution = try #require(try await explorer.taskExecution(id: try Self.executionId(outcome.stdout)))
                #expect(execution.exitCode == 128 + signal)
                #expect(execution.exitMessage == "stopped by \(name)")
                #expect(execution.errorMessage == nil, "a requested stop is not an error")
            }
            let graceful = try TestProcess("task-fixture", ["wait", "graceful", "--db", url], in: directory)
            try await graceful.waitForOutput(containing: "started ")
            graceful.signal(SIGTERM)
            let outcome = try await graceful.wait()
            #expect(outcome.status == 143)
            let execution = try #require(try await explorer.taskExecution(id: try Self.executionId(outcome.stdout)))
            #expect(execution.exitMessage == "graceful stop after SIGTERM")
        }
    }

    @Test("a second signal ends a task whose stop is stuck at once, with its end recorded", arguments: TestDatabase.allCases)
    func secondSignal(database: TestDatabase) async throws {
        try await withTaskDatabase(database) { url, directory, explorer in
            let process = try TestProcess("task-fixture", ["wait", "stubborn", "--db", url], in: directory)
            try await process.waitForOutput(containing: "started ")
            process.signal(SIGTERM)
            try await process.waitForOutput(containing: "stop requested")
            process.signal(SIGINT)
            let outcome = try await process.wait()
            #expect(outcome.status == 128 + SIGINT, "\(outcome)")
            #expect(outcome.stderr.contains("SIGINT again: recording the end and exiting now"), "\(outcome)")
            let execution = try #require(try await explorer.taskExecution(id: try Self.executionId(outcome.stdout)))
            #expect(execution.exitCode == 128 + SIGINT)
            #expect(execution.exitMessage?.contains("received twice") == true, "\(execution)")
            #expect(execution.status == .error)
        }
    }

    @Test("kill -9 leaves the task RUNNING; recover closes it; the next launch would too", arguments: TestDatabase.allCases)
    func killed(database: TestDatabase) async throws {
        try await withTaskDatabase(database) { url, directory, explorer in
            let process = try TestProcess("task-fixture", ["wait", "--db", url, "--spring.cloud.task.name=victim"], in: directory)
            try await process.waitForOutput(containing: "started ")
            let id = try Self.executionId(process.stdout)
            let live = try await TestProcess.run("dataflow", ["task", "recover", "--db", url], in: directory)
            #expect(live.stdout.contains("no dead task executions"), "a live task is never closed: \(live)")
            #expect(try await explorer.taskExecution(id: id)?.status == .running)
            process.signal(SIGKILL)
            #expect(try await process.wait().status == 137)
            #expect(try await explorer.taskExecution(id: id)?.status == .running, "SIGKILL cannot be recorded by the process")
            let recover = try await TestProcess.run("dataflow", ["task", "recover", "--db", url], in: directory)
            #expect(recover.status == 0)
            #expect(recover.stdout.contains("closed task execution \(id) (victim): process \(process.pid)"), "\(recover)")
            let closed = try #require(try await explorer.taskExecution(id: id))
            #expect(closed.status == .error && closed.exitCode == 1)
            #expect(closed.exitMessage?.contains("died without recording its end") == true)
        }
    }

    @Test("a second single-instance run fails with Spring's message; a dead holder's lock is taken over", arguments: TestDatabase.allCases)
    func singleInstance(database: TestDatabase) async throws {
        try await withTaskDatabase(database) { url, directory, explorer in
            let options = ["--db", url, "--spring.cloud.task.name=solo", "--spring.cloud.task.single-instance-enabled=true"]
            let holder = try TestProcess("task-fixture", ["wait"] + options, in: directory)
            try await holder.waitForOutput(containing: "started ")
            let second = try await TestProcess.run("task-fixture", ["ok"] + options, in: directory)
            #expect(second.status == 1)
            #expect(second.stderr == "error: Task with name \"solo\" is already running.\n", "\(second)")
            let refused = try #require(try await explorer.taskExecutions(name: "solo").first)
            #expect(refused.exitCode == 1 && refused.errorMessage == "Task with name \"solo\" is already running.")

            holder.signal(SIGKILL)
            _ = try await holder.wait()
            let third = try await TestProcess.run("task-fixture", ["ok"] + options, in: directory)
            #expect(third.status == 0, "the dead holder's lock is taken over at once: \(third)")
            let locks = try await explorer.pool.withConnection { try await $0.query("SELECT * FROM TASK_LOCK") }
            #expect(locks.isEmpty, "released at the end")
        }
    }

    @Test("20 races of two single-instance processes: exactly one runs", arguments: [TestDatabase.sqlite, .postgresql])
    func processRaces(database: TestDatabase) async throws {
        try await withTaskDatabase(database) { url, directory, explorer in
            for round in 0..<20 {
                let options = ["wait", "--db", url, "--spring.cloud.task.name=race\(round)", "--spring.cloud.task.single-instance-enabled=true"]
                let starters = [try TestProcess("task-fixture", options, in: directory), try TestProcess("task-fixture", options, in: directory)]
                // The loser exits at once; the winner runs until told to stop.
                let loser = try await withThrowingTaskGroup(of: Int?.self) { group in
                    for (index, starter) in starters.enumerated() {
                        group.addTask {
                            do {
                                try await starter.waitForOutput(containing: "started ")
                                return nil
                            } catch {
                                return index
                            }
                        }
                    }
                    var loser: Int?
                    for try await index in group { if let index { loser = index } }
                    return loser
                }
                let losing = try #require(loser, "round \(round): both started")
                let lost = try await starters[losing].wait()
                #expect(lost.status == 1 && lost.stderr.contains("Task with name \"race\(round)\" is already running."), "\(lost)")
                starters[1 - losing].signal(SIGTERM)
                #expect(try await starters[1 - losing].wait().status == 143)
            }
            #expect(try await explorer.runningExecutions().isEmpty)
        }
    }

    @Test("bad launch input: clear one-line errors and exit codes", arguments: [TestDatabase.sqlite])
    func badInput(database: TestDatabase) async throws {
        try await withTaskDatabase(database) { url, directory, explorer in
            let long = try await TestProcess.run(
                "timestamp-task", ["--db", url, "--spring.cloud.task.name=" + String(repeating: "n", count: 101)], in: directory)
            #expect(long.status == 2)
            #expect(long.stderr.hasPrefix("error: task name 'nnnn") && long.stderr.contains("is 101 characters long"))
            #expect(long.stderr.split(separator: "\n").count == 1)
            let badId = try await TestProcess.run("timestamp-task", ["--db", url, "--spring.cloud.task.executionid=x1"], in: directory)
            #expect(badId.status == 2)
            #expect(badId.stderr == "error: --spring.cloud.task.executionid must be a positive integer (a TASK_EXECUTION_ID), not 'x1'\n")
            #expect(try await explorer.taskExecutions().isEmpty, "nothing recorded for refused launches")
            let port = try closedLoopbackPort()
            let unreachable = try await TestProcess.run(
                "timestamp-task", ["--db", "postgres://nobody:secret@127.0.0.1:\(port)/none"], in: directory)
            #expect(unreachable.status == 1)
            #expect(unreachable.stderr.hasPrefix("error: ") && unreachable.stderr.split(separator: "\n").count == 1, "\(unreachable)")
            #expect(!unreachable.stderr.contains("secret"), "no password in messages")
        }
    }
}
