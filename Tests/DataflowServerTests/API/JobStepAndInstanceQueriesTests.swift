import BatchRuntime
import DataflowServer
import Database
import DatabaseTestSupport
import Foundation
import Testing

/// `/jobs/executions/{id}/steps[/{stepId}[/progress]]` and `/jobs/instances`, on SQLite and PostgreSQL.
@Suite("Job steps, their progress, and job instances")
struct JobStepAndInstanceQueriesTests {
    @Test("steps: the list in start order, one step, its links; a step of another job is 404", arguments: TestDatabase.allCases)
    func steps(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            let s = try await JobScenario.write(client)
            let id = s.completed.execution.id
            let list = try await client.get("/jobs/executions/\(id)/steps")
            let steps = list.json["_embedded"]["stepExecutionResourceList"].array
            #expect(steps.compactMap { $0["stepExecution"]["id"].int } == s.completed.steps.map { Int($0.id) })
            #expect(list.json["page"]["totalElements"].int == 2)
            let paged = try await client.get("/jobs/executions/\(id)/steps?size=1&page=1").json
            #expect(paged["_embedded"]["stepExecutionResourceList"].array.compactMap { $0["stepExecution"]["stepName"].string } == ["write"])
            let stepId = s.completed.steps[0].id
            let one = try await client.get("/jobs/executions/\(id)/steps/\(stepId)").json
            #expect(one.keys == ["jobExecutionId", "stepExecution", "stepType", "schemaTarget", "dead", "deadReason", "_links"])
            #expect(one["jobExecutionId"].int == Int(id) && one["stepType"].string == "" && one["schemaTarget"].string == "boot2")
            #expect(one["dead"].bool == false && one["deadReason"].isNull)
            #expect(one["stepExecution"].canonical == steps[0]["stepExecution"].canonical)
            let base = "http://127.0.0.1:\(client.port)/jobs/executions/\(id)/steps/\(stepId)"
            #expect(one["_links"].canonical == #"{"progress":{"href":"\#(base)/progress"},"self":{"href":"\#(base)"}}"#)

            func message(_ path: String) async throws -> String? {
                let reply = try await client.get(path)
                #expect(reply.status == 404, "\(path): \(reply)")
                return reply.json["_embedded"]["errors"][0]["message"].string
            }
            let other = s.failed.execution.id
            #expect(try await message("/jobs/executions/\(other)/steps/\(stepId)") == "There is no StepExecution with jobExecutionId=\(other) and id=\(stepId)")
            #expect(try await message("/jobs/executions/\(other)/steps/\(stepId)/progress") == "There is no StepExecution with jobExecutionId=\(other) and id=\(stepId)")
            #expect(try await message("/jobs/executions/999999/steps") == "No JobExecution with id=999999")
            #expect(try await message("/jobs/executions/999999/steps/\(stepId)") == "Job id 999999 for schema target boot2 not found")
        }
    }

    @Test("progress: 1 when ended; from the reader's position; else from the step's history (Data Flow's estimate)", arguments: TestDatabase.allCases)
    func progress(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            let s = try await JobScenario.write(client)
            let done = try await client.get("/jobs/executions/\(s.completed.execution.id)/steps/\(s.completed.steps[0].id)/progress").json
            #expect(done.keys == [
                "stepExecution", "stepExecutionHistory", "percentageComplete", "finished", "duration", "percentageCompleteBasis",
                "dead", "deadReason", "_links",
            ])
            #expect(done["percentageComplete"].int == 1 && done["finished"].bool == true && done["duration"].int == 1000)
            #expect(done["percentageCompleteBasis"].string == "end time (already finished)")
            // History of exportJob's export step: the untasked run read 5 in 1 s; the running one has read 3.
            let running = try await client.get("/jobs/executions/\(s.running.execution.id)/steps/\(s.running.steps[0].id)/progress").json
            #expect(running["finished"].bool == false && running["dead"].bool == false)
            #expect((running["percentageComplete"].value as? Double) == 0.6, "3 read of a mean of 5")
            #expect(running["percentageCompleteBasis"].string == "extrapolated read count")
            let history = running["stepExecutionHistory"]
            #expect(history["stepName"].string == "export" && history["count"].int == 1)
            #expect(history["readCount"].canonical == #"{"count":1,"max":5,"mean":5,"min":5,"standardDeviation":0}"#)
            #expect(history["duration"].canonical == #"{"count":1,"max":1000,"mean":1000,"min":1000,"standardDeviation":0}"#)
            #expect(history["durationPerRead"]["mean"].int == 200)
            for key in ["commitCount", "rollbackCount", "writeCount", "filterCount", "readSkipCount", "writeSkipCount", "processSkipCount"] {
                #expect(history[key]["count"].int == 1, "\(key)")
            }

            // A running step whose reader recorded its position is estimated from it, not from the history.
            let positioned = try await JobHistory.write(
                client.pool, job: "exportJob", parameters: ["run.id=10,java.lang.Long"], status: .started, owner: .current(), start: 300,
                steps: [.init(name: "export", status: .started, read: 1, context: ["batch.progress.position": .int(250), "batch.progress.total": .int(1000)])])
            let byPosition = try await client.get("/jobs/executions/\(positioned.execution.id)/steps/\(positioned.steps[0].id)/progress").json
            #expect((byPosition["percentageComplete"].value as? Double) == 0.25)
            #expect(byPosition["percentageCompleteBasis"].string == "reader position (250 of 1000)")
            // Without history and without a position: nothing is known (0 before a commit, as no read is recorded).
            let fresh = try await JobHistory.write(
                client.pool, job: "freshJob", status: .started, owner: .current(), start: 360, steps: [.init(name: "only", status: .started)])
            let unknown = try await client.get("/jobs/executions/\(fresh.execution.id)/steps/\(fresh.steps[0].id)/progress").json
            #expect(unknown["percentageComplete"].int == 0 && unknown["percentageCompleteBasis"].string == "no history")
            #expect(unknown["stepExecutionHistory"]["count"].int == 0)
        }
    }

    @Test("instances: a job's instances with their executions; name required (400), unknown (404); one by id", arguments: TestDatabase.allCases)
    func instances(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            let s = try await JobScenario.write(client)
            let page = try await client.get("/jobs/instances?name=importJob&size=2").json
            let instances = page["_embedded"]["jobInstanceResourceList"].array
            #expect(instances.compactMap { $0["jobInstanceId"].int } == [s.stopped, s.failed].map { Int($0.execution.instance.id) })
            #expect(page["page"]["totalElements"].int == 3)
            let first = instances[0]
            #expect(first.keys == ["jobName", "jobInstanceId", "jobExecutions", "_links"])
            #expect(first["jobName"].string == "importJob")
            #expect(first["_links"]["self"]["href"].string == "http://127.0.0.1:\(client.port)/jobs/instances/\(s.stopped.execution.instance.id)")
            let execution = first["jobExecutions"][0]
            #expect(execution["executionId"].int == Int(s.stopped.execution.id) && execution["restartable"].bool == true)
            let shown = try await client.get("/jobs/executions/\(s.stopped.execution.id)").json
            #expect(execution.canonical == shown.canonical, "an instance's executions are the full resources")
            #expect(try await client.get("/jobs/instances?name=%Job").json["page"]["totalElements"].int == 5)

            let one = try await client.get("/jobs/instances/\(s.completed.execution.instance.id)").json
            #expect(one["jobExecutions"].array.compactMap { $0["executionId"].int } == [Int(s.completed.execution.id)])
            #expect(one["jobExecutions"][0]["jobExecution"]["stepExecutions"].array.count == 2)

            let noName = try await client.get("/jobs/instances?page=0&size=10")
            #expect(noName.status == 400)
            #expect(noName.json["_embedded"]["errors"][0]["logref"].string == "UnsatisfiedServletRequestParameterException")
            #expect(noName.json["_embedded"]["errors"][0]["message"].string
                == "Parameter conditions \"name\" not met for actual request parameters: page={0}, size={10}")
            let unknown = try await client.get("/jobs/instances?name=BAZ")
            #expect(unknown.status == 404)
            #expect(unknown.json["_embedded"]["errors"][0]["message"].string == "No Job with that name either current or historic: [BAZ]")
            let missing = try await client.get("/jobs/instances/424242")
            #expect(missing.status == 404)
            #expect(missing.json["_embedded"]["errors"][0].canonical
                == #"{"_links":{"self":{"href":"/"}},"logref":"NoSuchJobInstanceException","message":"No job instance for id '424242' and schema target 'boot2'"}"#)
        }
    }
}
