import BatchRuntime
import DatabaseTestSupport
import Foundation
import Testing

/// `dataflow job execution stop | abandon | restart` against a server, on executions written
/// through the job repository (see ``JobOperationsTests``).
@Suite("dataflow job execution stop, abandon and restart: the server's answer as one line and an exit code")
struct JobCommandsTests {
    static func dataflow(_ client: ServerHarness.Client, _ arguments: [String]) async throws -> TestProcess.Outcome {
        try await TestProcess.run(
            "dataflow", arguments, in: client.directory, environment: ["DATAFLOW_URI": "http://127.0.0.1:\(client.port)"])
    }

    @Test("stop and abandon print what was done; refusals print the server's message as one line with the category's exit code", arguments: [TestDatabase.sqlite])
    func stopAndAbandon(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            let running = try await JobOperationsTests.seed(client, ["run.id=1,java.lang.Long"], status: .started)
            let stopped = try await Self.dataflow(client, ["job", "execution", "stop", "--id", "\(running.id)"])
            #expect(stopped.status == 0, "\(stopped)")
            #expect(stopped.stdout == "Request to stop the job execution with id \(running.id) has been submitted\n")

            let failed = try await JobOperationsTests.seed(client, ["run.id=2,java.lang.Long"], status: .failed)
            let notRunning = try await Self.dataflow(client, ["job", "execution", "stop", "--id", "\(failed.id)"])
            #expect(notRunning.status == 1)
            #expect(notRunning.stderr.hasPrefix("error: JobExecution is not running and therefore cannot be stopped"), "\(notRunning)")
            #expect(notRunning.stderr.split(separator: "\n").count == 1)

            let abandoned = try await Self.dataflow(client, ["job", "execution", "abandon", "--id", "\(failed.id)"])
            #expect(abandoned.status == 0, "\(abandoned)")
            #expect(abandoned.stdout == "Job execution \(failed.id) has been abandoned\n")
            let alive = try await Self.dataflow(client, ["job", "execution", "abandon", "--id", "\(running.id)"])
            #expect(alive.status == 1)
            #expect(alive.stderr.hasPrefix("error: JobExecution is running or complete and therefore cannot be aborted"), "\(alive)")

            let missing = try await Self.dataflow(client, ["job", "execution", "stop", "--id", "424242"])
            #expect(missing.status == 1)
            #expect(missing.stderr == "error: There is no JobExecution with id=424242\n")
            #expect(try await Self.dataflow(client, ["job", "execution", "stop"]).status == 2, "--id is required")
        }
    }

    @Test("restart refused: Data Flow's message, exit 1; parameters that would change the instance: exit 2", arguments: [TestDatabase.sqlite])
    func restartRefused(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            let completed = try await JobOperationsTests.seed(client, ["run.id=1,java.lang.Long"], status: .completed)
            let refused = try await Self.dataflow(client, ["job", "execution", "restart", "--id", "\(completed.id)", "--wait"])
            #expect(refused.status == 1)
            #expect(refused.stderr.hasPrefix("error: JobExecution with Id '\(completed.id)' and state 'COMPLETED' is not restartable."), "\(refused)")
            #expect(refused.stderr.split(separator: "\n").count == 1)

            let dead = try await JobOperationsTests.seed(client, ["run.id=2,java.lang.Long"], status: .started, owner: JobOperationsTests.deadOwner)
            let changed = try await Self.dataflow(client, ["job", "execution", "restart", "--id", "\(dead.id)", "--job-parameters", "run.id=3"])
            #expect(changed.status == 2, "\(changed)")
            #expect(changed.stderr.contains("identifying parameter run.id"), "\(changed)")
            #expect(try await JobOperationsTests.status(client, dead.id).status == .started, "nothing recorded for a refused restart")
        }
    }
}
