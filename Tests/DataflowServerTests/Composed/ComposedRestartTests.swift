import DataflowServer
import DatabaseTestSupport
import Foundation
import Testing

/// A composed task resumes where it failed or was stopped: the runner's job restarts the same
/// instance, so the children that completed are not launched again.
@Suite("Composed tasks resume at the failed or stopped child: restart through the server, stop, relaunch")
struct ComposedRestartTests {
    @Test("a failed child fails the runner; a restart of its job reruns that child and what follows, not the completed ones", arguments: TestDatabase.allCases)
    func restartAfterFailure(_ database: TestDatabase) async throws {
        try await ServerHarness.withRunner(database) { client in
            try await client.scriptApp("first", ServerHarness.Client.recording("first"))
            try await client.scriptApp("flaky", "[ -f \"$DIR/fixed\" ] || exit 4\n\(ServerHarness.Client.recording("flaky"))")
            try await client.scriptApp("last", ServerHarness.Client.recording("last"))
            try await client.create("resume", "first && flaky && last")
            let runner = try await client.launch("resume")
            let failed = try await client.ended(runner)
            #expect(failed["taskExecutionStatus"].string == "ERROR" && failed["exitCode"].int == 1, "\(failed)")
            let job = try await client.jobExecution(ofTask: runner)
            #expect(job["jobExecution"]["status"].string == "FAILED" && job["restartable"].bool == true, "\(job)")
            let jobId = try #require(job["executionId"].int)
            let steps = try await client.steps(ofJob: jobId)
            #expect(steps["resume-first"]?["status"].string == "COMPLETED")
            #expect(steps["resume-flaky"]?["status"].string == "FAILED" && steps["resume-flaky"]?["exitStatus"]["exitCode"].string == "FAILED")
            #expect(steps["resume-last"] == nil)
            #expect(try await client.executions(of: "resume-flaky").first?["exitCode"].int == 4)

            try Data().write(to: client.directory.appendingPathComponent("fixed"))
            let restart = try await client.put("/jobs/executions/\(jobId)?restart=true")
            #expect(restart.status == 200, "\(restart)")
            var runners: [JSON] = []
            try await poll("the restarted runner") {
                runners = try await client.executions(of: "resume")
                return runners.count == 2
            }
            let second = try #require(runners.first?["executionId"].int)
            #expect(second != runner)
            let completed = try await client.ended(second)
            #expect(completed["taskExecutionStatus"].string == "COMPLETE", "\(completed)")
            #expect(try await client.executions(of: "resume-first").count == 1, "a completed child is not run again")
            #expect(try await client.executions(of: "resume-flaky").count == 2)
            #expect(try await client.executions(of: "resume-last").count == 1)
            #expect(try await client.executions(of: "resume-flaky").first?["parentExecutionId"].int == second)
            let resumed = try await client.jobExecution(ofTask: second)
            #expect(resumed["jobExecution"]["status"].string == "COMPLETED")
            #expect(resumed["jobExecution"]["jobInstance"]["id"].int == job["jobExecution"]["jobInstance"]["id"].int, "the same job instance")
            let rerun = try await client.steps(ofJob: try #require(resumed["executionId"].int))
            #expect(rerun.keys.sorted() == ["resume-flaky", "resume-last"], "only the failed child and what follows ran: \(rerun.keys)")
            #expect(client.trail() == ["first", "flaky", "last"])
        }
    }

    @Test("stopping the runner stops its running child and the job STOPPED; launching the definition again resumes at that child", arguments: TestDatabase.allCases)
    func stopAndRelaunch(_ database: TestDatabase) async throws {
        try await ServerHarness.withRunner(database) { client in
            try await client.scriptApp("first", ServerHarness.Client.recording("first"))
            try await client.scriptApp(
                "block",
                """
                if [ ! -f "$DIR/unblock" ]; then
                    touch "$DIR/block.started"
                    i=0
                    while [ $i -lt 6000 ]; do i=$((i+1)); sleep 0.1; done
                    exit 1
                fi
                \(ServerHarness.Client.recording("block"))
                """)
            try await client.scriptApp("last", ServerHarness.Client.recording("last"))
            try await client.create("halt", "first && block && last")
            let runner = try await client.launch("halt")
            let started = client.directory.appendingPathComponent("block.started").path
            try await poll("the blocking child to start") { FileManager.default.fileExists(atPath: started) }
            let stop = try await client.post("/tasks/executions/\(runner)")
            #expect(stop.status == 200, "\(stop)")
            let stopped = try await client.ended(runner)
            #expect(stopped["taskExecutionStatus"].string == "ERROR" && stopped["exitCode"].int != 0, "\(stopped)")
            let child = try #require(try await client.executions(of: "halt-block").first)
            #expect(child["endTime"].string != nil && child["exitCode"].int != 0, "the child was stopped: \(child)")
            let job = try await client.jobExecution(ofTask: runner)
            #expect(job["jobExecution"]["status"].string == "STOPPED", "\(job)")
            let steps = try await client.steps(ofJob: try #require(job["executionId"].int))
            #expect(steps["halt-block"]?["status"].string == "STOPPED", "\(steps)")
            #expect(steps["halt-last"] == nil)

            try Data().write(to: client.directory.appendingPathComponent("unblock"))
            let again = try await client.launch("halt")
            let completed = try await client.ended(again)
            #expect(completed["taskExecutionStatus"].string == "COMPLETE", "\(completed)")
            #expect(try await client.executions(of: "halt-first").count == 1, "the completed child is not run again")
            #expect(try await client.executions(of: "halt-block").count == 2)
            #expect(try await client.executions(of: "halt-last").count == 1)
            let resumed = try await client.jobExecution(ofTask: again)
            #expect(resumed["jobExecution"]["jobInstance"]["id"].int == job["jobExecution"]["jobInstance"]["id"].int, "the same job instance")
            #expect(client.trail() == ["first", "block", "last"])
        }
    }
}
