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
}
