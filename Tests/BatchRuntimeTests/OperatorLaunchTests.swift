import Database
import DatabaseTestSupport
import Foundation
import Testing

@testable import BatchRuntime

/// How the operator chooses parameters: `start --next` and the launch a batch application makes
/// without a command (Spring Boot's `JobLauncherApplicationRunner`).
@Suite("Operator launches")
struct OperatorLaunchTests {
    /// A one-step job with `run.id` that fails while `fail` is on.
    static func nightly(fail: Switch, incrementer: Bool = true, restartable: Bool = true) -> Job {
        Job("nightly", restartable: restartable, incrementer: incrementer ? RunIdIncrementer() : nil) {
            TaskletStep("work") { _ in
                if fail.isOn { throw Boom(description: "the work failed") }
                return .finished
            }
        }
    }

    static func runId(_ execution: JobExecution) -> Int64? {
        if case .long(let value) = execution.parameters["run.id"]?.value { return value }
        return nil
    }

    static func parameters(_ arguments: String...) throws -> JobParameters {
        try JobParameters(parsing: arguments)
    }

    @Test("start --next derives run.id from the last instance, even after an older instance was restarted", arguments: TestDatabase.allCases)
    func nextAfterOlderRestart(_ database: TestDatabase) async throws {
        try await withRepository(database) { repository in
            let fail = Switch(true)
            let jobOperator = JobOperator(jobs: [Self.nightly(fail: fail)], launcher: testLauncher(repository))
            let first = try await jobOperator.start(jobName: "nightly", parameters: JobParameters(), next: true)
            #expect(first.status == .failed && Self.runId(first) == 1)
            fail.set(false)
            let second = try await jobOperator.start(jobName: "nightly", parameters: JobParameters(), next: true)
            #expect(second.status == .completed && Self.runId(second) == 2)
            let restarted = try await jobOperator.restart("\(first.id)")
            #expect(restarted.status == .completed && restarted.instance.id == first.instance.id)
            // The newest execution is run.id 1's restart; the newest instance is run.id 2's.
            let third = try await jobOperator.start(jobName: "nightly", parameters: JobParameters(), next: true)
            #expect(third.status == .completed && Self.runId(third) == 3)
        }
    }

    @Test("without an incrementer, the same launch restarts a failed instance and is refused once it completed", arguments: TestDatabase.allCases)
    func launchWithoutIncrementer(_ database: TestDatabase) async throws {
        try await withRepository(database) { repository in
            let fail = Switch(true)
            let jobOperator = JobOperator(jobs: [Self.nightly(fail: fail, incrementer: false)], launcher: testLauncher(repository))
            let given = try Self.parameters("day=2024-01-31,java.time.LocalDate")
            let failed = try await jobOperator.launch(jobName: "nightly", parameters: given)
            #expect(failed.status == .failed)
            fail.set(false)
            let restarted = try await jobOperator.launch(jobName: "nightly", parameters: given)
            #expect(restarted.status == .completed && restarted.instance.id == failed.instance.id)
            #expect(restarted.parameters == given)
            let error = await #expect(throws: BatchError.self) { try await jobOperator.launch(jobName: "nightly", parameters: given) }
            #expect(error?.code == .alreadyComplete)
        }
    }

    @Test("with an incrementer, the same launch resumes a failed or stopped instance, else takes the next run.id", arguments: TestDatabase.allCases)
    func launchWithIncrementer(_ database: TestDatabase) async throws {
        try await withRepository(database) { repository in
            let fail = Switch(true)
            let notices = InMemoryWriter<String>.Store()
            let jobOperator = JobOperator(jobs: [Self.nightly(fail: fail)], launcher: testLauncher(repository)) { notices.append([$0]) }
            let given = try Self.parameters("input.file=a.csv", "chunk.size=10,java.lang.Long,false")
            let failed = try await jobOperator.launch(jobName: "nightly", parameters: given)
            #expect(failed.status == .failed && Self.runId(failed) == 1)
            fail.set(false)
            // Same arguments, a new value for a non-identifying one: the failed instance, resumed.
            let changed = try Self.parameters("input.file=a.csv", "chunk.size=20,java.lang.Long,false")
            let resumed = try await jobOperator.launch(jobName: "nightly", parameters: changed)
            #expect(resumed.status == .completed && resumed.instance.id == failed.instance.id)
            #expect(try resumed.parameters.long("chunk.size") == 20 && Self.runId(resumed) == 1)
            #expect(notices.items.contains { $0.contains("restarting job nightly instance \(failed.instance.id) from execution \(failed.id)") })
            // Completed: the same launch is the next run, as Spring Boot's runner makes it.
            let next = try await jobOperator.launch(jobName: "nightly", parameters: given)
            #expect(next.status == .completed && Self.runId(next) == 2 && next.instance.id != failed.instance.id)
            // Parameters that name the completed instance itself are refused, as by `start`.
            let named = try Self.parameters("input.file=a.csv", "run.id=2,java.lang.Long")
            let error = await #expect(throws: BatchError.self) { try await jobOperator.launch(jobName: "nightly", parameters: named) }
            #expect(error?.code == .alreadyComplete)
        }
    }

    @Test("with an incrementer, a changed identifying parameter or a job that cannot restart starts the next instance", arguments: TestDatabase.allCases)
    func launchNewInstance(_ database: TestDatabase) async throws {
        try await withRepository(database) { repository in
            let fail = Switch(true)
            let jobOperator = JobOperator(jobs: [Self.nightly(fail: fail)], launcher: testLauncher(repository))
            let failed = try await jobOperator.launch(jobName: "nightly", parameters: try Self.parameters("input.file=a.csv"))
            #expect(failed.status == .failed)
            let other = try await jobOperator.launch(jobName: "nightly", parameters: try Self.parameters("input.file=b.csv"))
            #expect(other.instance.id != failed.instance.id && Self.runId(other) == 2)
            #expect(try other.parameters.string("input.file") == "b.csv")

            let once = JobOperator(jobs: [Self.nightly(fail: fail, restartable: false)], launcher: testLauncher(repository))
            let again = try await once.launch(jobName: "nightly", parameters: try Self.parameters("input.file=b.csv"))
            #expect(again.instance.id != other.instance.id && Self.runId(again) == 3)
        }
    }

    @Test("the same launch recovers an execution its dead process left STARTED, then resumes its instance", arguments: TestDatabase.allCases)
    func launchRecoversDead(_ database: TestDatabase) async throws {
        try await withRepository(database) { repository in
            let dead = ExecutionOwner(host: ProcessInfo.processInfo.hostName, pid: 2_000_000_001, processStart: nil, heartbeat: Date())
            let left = try JobParameters(parsing: ["input.file=a.csv", "run.id=1,java.lang.Long"])
            var execution = try await repository.createJobExecution(jobName: "nightly", parameters: left, owner: dead)
            execution.status = .started
            try await repository.update(&execution)
            let notices = InMemoryWriter<String>.Store()
            let jobOperator = JobOperator(jobs: [Self.nightly(fail: Switch(false))], launcher: testLauncher(repository)) {
                notices.append([$0])
            }
            let resumed = try await jobOperator.launch(jobName: "nightly", parameters: try Self.parameters("input.file=a.csv"))
            #expect(resumed.status == .completed && resumed.instance.id == execution.instance.id)
            #expect(notices.items.contains { $0.contains("execution \(execution.id) was left STARTED by process 2000000001") })
            let old = try #require(try await jobOperator.explorer.jobExecution(id: execution.id))
            #expect(old.status == .failed && old.endTime != nil)
        }
    }
}
