import BatchRuntime
import DatabaseTestSupport
import Foundation
import TaskRuntime
import Testing

/// A small history for the job endpoint tests, written through the real repositories over the
/// server's database: two jobs, five executions in every kind of state, tasks defined and not.
struct JobScenario: Sendable {
    /// `importJob`: COMPLETED run 1 (task `nightly`, defined), with two steps and a secret parameter.
    var completed: JobHistory.Written
    /// `importJob`: FAILED run 2 (task `nightly`), one step: restartable and abandonable.
    var failed: JobHistory.Written
    /// `importJob`: STOPPED run 3, run by task `gone` that has no definition.
    var stopped: JobHistory.Written
    /// `exportJob`: COMPLETED, run without a task, with typed parameters and a job context.
    var untasked: JobHistory.Written
    /// `exportJob`: STARTED by this very process (alive): stoppable.
    var running: JobHistory.Written

    var all: [JobHistory.Written] { [completed, failed, stopped, untasked, running] }

    /// - Parameter defining: Whether to define the task `nightly` through the REST API (which
    ///   wants credentials when security is on).
    static func write(_ client: ServerHarness.Client, defining: Bool = true) async throws -> JobScenario {
        if defining {
            let app = try client.script("nightly.sh", "exit 0")
            try await client.define("nightly", app: "nightly", path: app)
        }
        let pool = client.pool
        let completed = try await JobHistory.write(
            pool, job: "importJob", parameters: ["run.id=1,java.lang.Long", "file=in.csv", "api.token=s3cret,java.lang.String,false"],
            task: "nightly", start: 0,
            steps: [
                .init(name: "read", read: 100, written: 90, context: ["input.offset": .int(2048), "api.password": .string("hunter2")]),
                .init(name: "write", read: 90, written: 90),
            ])
        let failed = try await JobHistory.write(
            pool, job: "importJob", parameters: ["run.id=2,java.lang.Long"], status: .failed, task: "nightly", start: 60,
            steps: [.init(name: "read", status: .failed, read: 40)])
        let stopped = try await JobHistory.write(
            pool, job: "importJob", parameters: ["run.id=3,java.lang.Long"], status: .stopped, task: "gone", start: 120,
            steps: [.init(name: "read", status: .stopped, read: 10)])
        let untasked = try await JobHistory.write(
            pool, job: "exportJob", parameters: ["ratio=0.25,java.lang.Double", "day=2026-01-31T10:00:00Z,java.util.Date", "when=2026-01-31,java.time.LocalDate"],
            start: 180, steps: [.init(name: "export", read: 5, written: 5)],
            context: ["typed": .json(#"["java.util.ArrayList",["a","b"]]"#), "count": .int(7)])
        let running = try await JobHistory.write(
            pool, job: "exportJob", parameters: ["run.id=9,java.lang.Long"], status: .started, task: "nightly",
            taskOwner: .current(), owner: .current(), start: 240, steps: [.init(name: "export", status: .started, read: 3)])
        return JobScenario(completed: completed, failed: failed, stopped: stopped, untasked: untasked, running: running)
    }
}
