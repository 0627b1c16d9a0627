import DataflowServer
import DatabaseTestSupport
import Foundation
import Testing

/// A batch app as a composed task's child: its job's exit status is its task's exit message,
/// so a transition can follow what the job decided.
@Suite("Composed tasks with a batch app as a child: transitions on the job's own exit status")
struct ComposedBatchChildTests {
    @Test("ledger 'NEEDS_REVIEW'->review '*'->clean: the real ledger-reconcile flags its differences and review runs", arguments: TestDatabase.allCases)
    func needsReview(_ database: TestDatabase) async throws {
        try await ServerHarness.withRunner(database) { client in
            let generated = try await TestProcess.run(
                "ledger-reconcile", ["generate", "--entries", "3000", "--output-dir", "data"], in: client.directory)
            #expect(generated.status == 0, "\(generated)")
            let data = client.directory.appendingPathComponent("data").path
            let registered = try await client.post(
                "/apps/task/ledger/1.0.0", form: [("uri", TestProcess.executable("ledger-reconcile").path), ("force", "true")])
            #expect(registered.status == 201, "\(registered)")
            for app in ["review", "clean"] { try await client.scriptApp(app, ServerHarness.Client.recording(app)) }
            try await client.create("recon", "ledger 'NEEDS_REVIEW'->review '*'->clean")
            // Every child gets these job parameters; the scripts ignore them.
            let parameters = "bank.file=\(data)/bank.csv book.file=\(data)/book.csv review.threshold=0,java.lang.Long,false"
            let runner = try await client.launch("recon", arguments: "--composed-task-arguments='\(parameters)'")
            let ended = try await client.ended(runner)
            #expect(ended["taskExecutionStatus"].string == "COMPLETE" && ended["composedTaskJobExecutionStatus"].string == "COMPLETED", "\(ended)")
            let ledger = try #require(try await client.executions(of: "recon-ledger").first)
            #expect(ledger["exitCode"].int == 0 && ledger["exitMessage"].string == "NEEDS_REVIEW", "\(ledger)")
            #expect(ledger["jobExecutionIds"].array.count == 1, "\(ledger)")
            #expect(client.trail() == ["review"])
            #expect(try await client.executions(of: "recon-clean").isEmpty)
            let job = try await client.jobExecution(ofTask: runner)
            let steps = try await client.steps(ofJob: try #require(job["executionId"].int))
            #expect(steps["recon-ledger"]?["exitStatus"]["exitCode"].string == "NEEDS_REVIEW", "\(steps)")
        }
    }
}
