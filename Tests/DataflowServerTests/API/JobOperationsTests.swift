import BatchRuntime
import Database
import DatabaseTestSupport
import Foundation
import TaskRuntime
import Testing

/// `PUT /jobs/executions/{id}` on executions written by this process through the job
/// repository: alive ones are owned by the test process itself, dead ones by a process id
/// that no process has.
@Suite("Job stop, abandon and restart through REST: Data Flow's answers, judged by JobExecutionState")
struct JobOperationsTests {
    /// An owner no process can be: its pid is above any pid_max.
    static let deadOwner = ExecutionOwner(host: ProcessInfo.processInfo.hostName, pid: 2_147_483_000, processStart: nil, heartbeat: Date())

    /// Writes an execution of `job` with `parameters` and gives it `status` (ended unless running).
    static func seed(
        _ client: ServerHarness.Client, job: String = "seeded", _ parameters: [String], status: BatchStatus,
        owner: ExecutionOwner = .current()
    ) async throws -> JobExecution {
        let repository = JobRepository(pool: client.pool)
        var execution = try await repository.createJobExecution(
            jobName: job, parameters: try JobParameters(parsing: parameters), owner: owner)
        execution.status = status
        execution.startTime = Date()
        if !status.isRunning {
            execution.endTime = Date()
            execution.exitStatus = ExitStatus(status == .completed ? "COMPLETED" : "FAILED")
        }
        try await repository.update(&execution)
        return execution
    }

    static func status(_ client: ServerHarness.Client, _ id: Int64) async throws -> JobExecution {
        try #require(try await JobExplorer(pool: client.pool).jobExecution(id: id))
    }

    @Test("stop: 200 for a running execution and again while it stops; 422 with Spring's wording when not running or dead; 404", arguments: TestDatabase.allCases)
    func stop(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            let running = try await Self.seed(client, ["run.id=1,java.lang.Long"], status: .started)
            #expect(try await client.put("/jobs/executions/\(running.id)?stop=true").status == 200)
            #expect(try await client.put("/jobs/executions/\(running.id)?stop=true").status == 200, "asking again while it stops")
            let owner = try await JobRepository(pool: client.pool).owner(ofJobExecution: running.id)
            #expect(owner?.stopRequested != nil, "the request reaches the process through its owner row")

            let failed = try await Self.seed(client, ["run.id=2,java.lang.Long"], status: .failed)
            let notRunning = try await client.put("/jobs/executions/\(failed.id)?stop=true")
            #expect(notRunning.status == 422)
            #expect(notRunning.json["_embedded"]["errors"][0]["logref"].string == "JobExecutionNotRunningException")
            #expect(notRunning.json["_embedded"]["errors"][0]["message"].string?.hasPrefix("JobExecution is not running and therefore cannot be stopped") == true)

            let dead = try await Self.seed(client, ["run.id=3,java.lang.Long"], status: .started, owner: Self.deadOwner)
            let refused = try await client.put("/jobs/executions/\(dead.id)?stop=true")
            #expect(refused.status == 422)
            let message = refused.json["_embedded"]["errors"][0]["message"].string ?? ""
            #expect(message.contains("dead") && message.contains("job execution restart --id \(dead.id)") && message.contains("abandon"), "\(message)")
            #expect(try await Self.status(client, dead.id).status == .started, "a refused stop changes nothing")

            let missing = try await client.put("/jobs/executions/424242?stop=true")
            #expect(missing.status == 404)
            #expect(missing.json["_embedded"]["errors"][0]["logref"].string == "NoSuchJobExecutionException")
            #expect(missing.json["_embedded"]["errors"][0]["message"].string == "There is no JobExecution with id=424242")
            #expect(try await client.put("/jobs/executions/abc?stop=true").status == 400)
            #expect(try await client.put("/jobs/executions/\(running.id)").status == 400, "nothing asked")
            #expect(try await client.put("/jobs/executions/\(running.id)?stop=true&abandon=true").status == 400)
            let audit = try await client.get("/audit-records?actions=UNDEPLOY").json
            #expect(audit["page"]["totalElements"].int == 2, "\(audit)")
        }
    }

    @Test("abandon: 200 for FAILED and for dead (recorded FAILED with the reason first); 422 while alive or COMPLETED", arguments: TestDatabase.allCases)
    func abandon(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            let failed = try await Self.seed(client, ["run.id=1,java.lang.Long"], status: .failed)
            #expect(try await client.put("/jobs/executions/\(failed.id)?abandon=true").status == 200)
            #expect(try await Self.status(client, failed.id).status == .abandoned)
            #expect(try await client.put("/jobs/executions/\(failed.id)?abandon=true").status == 200, "again: nothing changes")

            let dead = try await Self.seed(client, ["run.id=2,java.lang.Long"], status: .started, owner: Self.deadOwner)
            #expect(try await client.put("/jobs/executions/\(dead.id)?abandon=true").status == 200)
            let abandoned = try await Self.status(client, dead.id)
            #expect(abandoned.status == .abandoned)
            #expect(abandoned.endTime != nil)
            #expect(abandoned.exitStatus.exitDescription.contains("recovered as FAILED by the server"), "\(abandoned.exitStatus)")
            #expect(abandoned.exitStatus.exitDescription.contains("2147483000"), "the reason names the process: \(abandoned.exitStatus)")

            let alive = try await Self.seed(client, ["run.id=3,java.lang.Long"], status: .started)
            let refused = try await client.put("/jobs/executions/\(alive.id)?abandon=true")
            #expect(refused.status == 422)
            #expect(refused.json["_embedded"]["errors"][0]["logref"].string == "JobExecutionAlreadyRunningException")
            #expect(refused.json["_embedded"]["errors"][0]["message"].string?.hasPrefix(
                "JobExecution is running or complete and therefore cannot be aborted") == true)
            let completed = try await Self.seed(client, ["run.id=4,java.lang.Long"], status: .completed)
            #expect(try await client.put("/jobs/executions/\(completed.id)?abandon=true").status == 422)
            #expect(try await client.put("/jobs/executions/424242?abandon=true").status == 404)
            let audit = try await client.get("/audit-records?actions=UPDATE&operations=TASK").json
            #expect(audit["page"]["totalElements"].int == 2, "\(audit)")
        }
    }

    @Test("restart: 422 with Data Flow's message for COMPLETED, ABANDONED, a running execution and one whose instance runs alive", arguments: TestDatabase.allCases)
    func restartRefused(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            func refusal(_ id: Int64) async throws -> String {
                let reply = try await client.put("/jobs/executions/\(id)?restart=true")
                #expect(reply.status == 422, "\(reply)")
                #expect(reply.json["_embedded"]["errors"][0]["logref"].string == "JobNotRestartableException")
                return reply.json["_embedded"]["errors"][0]["message"].string ?? ""
            }
            let completed = try await Self.seed(client, ["run.id=1,java.lang.Long"], status: .completed)
            #expect(try await refusal(completed.id).hasPrefix("JobExecution with Id '\(completed.id)' and state 'COMPLETED' is not restartable."))

            let failed = try await Self.seed(client, ["run.id=2,java.lang.Long"], status: .failed)
            #expect(try await client.put("/jobs/executions/\(failed.id)?abandon=true").status == 200)
            #expect(try await refusal(failed.id).hasPrefix("JobExecution with Id '\(failed.id)' and state 'ABANDONED' is not restartable."))

            // An instance with a FAILED execution and a later one running alive (this process).
            let first = try await Self.seed(client, ["run.id=3,java.lang.Long"], status: .failed)
            let second = try await Self.seed(client, ["run.id=3,java.lang.Long"], status: .started)
            #expect(first.instance.id == second.instance.id)
            let sibling = try await refusal(first.id)
            #expect(sibling.hasPrefix("JobExecution with Id '\(first.id)' and state 'FAILED' is not restartable."))
            #expect(sibling.contains("already running: \(second.id)"), "\(sibling)")
            #expect(try await refusal(second.id).hasPrefix("JobExecution with Id '\(second.id)' and state 'STARTED' is not restartable."))
            #expect(try await client.put("/jobs/executions/424242?restart=true").status == 404)
        }
    }

    @Test("restart: a restartable execution that no task ran is a 404 (Data Flow's NoSuchTaskBatchException); a dead one stays as it was", arguments: [TestDatabase.sqlite])
    func restartWithoutTask(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            let dead = try await Self.seed(client, ["run.id=1,java.lang.Long"], status: .started, owner: Self.deadOwner)
            let reply = try await client.put("/jobs/executions/\(dead.id)?restart=true")
            #expect(reply.status == 404)
            #expect(reply.json["_embedded"]["errors"][0]["logref"].string == "NoSuchTaskBatchException")
            #expect(reply.json["_embedded"]["errors"][0]["message"].string?.hasPrefix("No corresponding taskExecutionId for jobExecutionId \(dead.id).") == true)
            #expect(try await Self.status(client, dead.id).status == .started, "nothing is recorded before every check passed")
        }
    }

    @Test("security: stop, abandon and restart need the MODIFY role", arguments: [TestDatabase.sqlite])
    func security(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database, configure: SecurityTests.configure) { client in
            let running = try await Self.seed(client, ["run.id=1,java.lang.Long"], status: .started)
            for operation in ["stop", "restart", "abandon"] {
                let uri = "/jobs/executions/\(running.id)?\(operation)=true"
                #expect(try await SecurityTests.send(client, .put, uri, as: nil) == 401)
                #expect(try await SecurityTests.send(client, .put, uri, as: "viewer") == 403)
                #expect(try await SecurityTests.send(client, .put, uri, as: "deployer") == 403)
            }
            #expect(try await SecurityTests.send(client, .put, "/jobs/executions/\(running.id)?stop=true", as: "modifier") == 200)
        }
    }
}
