import BatchRuntime
import DataflowServer
import Database
import DatabaseTestSupport
import Foundation
import Testing

/// `/jobs/executions`, `/jobs/executions/{id}` and `/jobs/thinexecutions` over a history written
/// through the real repositories, on SQLite and PostgreSQL.
@Suite("/jobs/executions and /jobs/thinexecutions")
struct JobExecutionQueriesTests {
    @Test("the full resource: every field, against the rows written", arguments: TestDatabase.allCases)
    func fullResource(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            let scenario = try await JobScenario.write(client)
            let written = scenario.completed
            let shown = try await client.get("/jobs/executions/\(written.execution.id)").json
            #expect(shown.keys == [
                "executionId", "stepExecutionCount", "jobId", "taskExecutionId", "name", "startDate", "startTime", "duration",
                "jobExecution", "jobParameters", "jobParametersString", "restartable", "abandonable", "stoppable", "defined",
                "timeZone", "schemaTarget", "dead", "deadReason", "_links",
            ])
            #expect(shown["executionId"].int == Int(written.execution.id))
            #expect(shown["jobId"].int == Int(written.execution.instance.id))
            #expect(shown["taskExecutionId"].int == written.taskExecutionId.map(Int.init))
            #expect(shown["name"].string == "importJob" && shown["stepExecutionCount"].int == 2)
            #expect(shown["startDate"].string == "2026-01-01" && shown["startTime"].string == "00:00:00")
            #expect(shown["duration"].string == "00:00:03")
            #expect(shown["timeZone"].string == "UTC" && shown["schemaTarget"].string == "boot2")
            #expect(shown["defined"].bool == true, "task nightly is defined")
            #expect(shown["restartable"].bool == false && shown["abandonable"].bool == false && shown["stoppable"].bool == false)
            #expect(shown["dead"].bool == false && shown["deadReason"].isNull)
            #expect(shown["jobParameters"].canonical == #"{"-api.token":"******","file":"in.csv","run.id(long)":"1"}"#)
            #expect(shown["jobParametersString"].string == "run.id(long)=1,file=in.csv,-api.token=******")
            #expect(shown["_links"].keys == ["self"])
            #expect(shown["_links"]["self"]["href"].string == "http://127.0.0.1:\(client.port)/jobs/executions/\(written.execution.id)")

            let execution = shown["jobExecution"]
            #expect(execution["id"].int == Int(written.execution.id) && execution["status"].string == "COMPLETED")
            let instance = written.execution.instance.id
            #expect(execution["jobInstance"].canonical == #"{"id":\#(instance),"instanceId":\#(instance),"jobName":"importJob","version":0}"#)
            #expect(execution["jobParameters"]["parameters"]["run.id"].canonical == #"{"identifying":true,"type":"LONG","value":1}"#)
            #expect(execution["jobParameters"]["parameters"]["api.token"].canonical == #"{"identifying":false,"type":"STRING","value":"******"}"#)
            #expect(execution["jobParameters"]["empty"].bool == false)
            #expect(execution["startTime"].string == "2026-01-01T00:00:00.000+00:00")
            #expect(execution["endTime"].string == "2026-01-01T00:00:03.000+00:00")
            #expect(execution["exitStatus"].canonical == #"{"exitCode":"COMPLETED","exitDescription":"","running":false}"#)
            #expect(execution["running"].bool == false && execution["stopping"].bool == false && execution["jobId"].int == Int(written.execution.instance.id))
            #expect(execution["executionContext"].canonical == #"{"dirty":false,"empty":true,"values":[]}"#)
            let steps = execution["stepExecutions"].array
            #expect(steps.compactMap { $0["id"].int } == written.steps.map { Int($0.id) })
            let read = steps[0]
            #expect(read["stepName"].string == "read" && read["readCount"].int == 100 && read["writeCount"].int == 90)
            #expect(read["commitCount"].int == 1 && read["skipCount"].int == 0 && read["jobExecutionId"].int == Int(written.execution.id))
            #expect(read["executionContext"]["values"].canonical == #"[{"api.password":"******"},{"input.offset":2048}]"#)
            #expect(read["summary"].string?.hasPrefix("StepExecution: id=\(written.steps[0].id), version=") == true)
            #expect(read["jobParameters"]["parameters"]["run.id"]["value"].int == 1)
        }
    }

    @Test("the thin resource: no contexts, no steps, the same texts and flags; typed parameters", arguments: TestDatabase.allCases)
    func thinResource(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            let scenario = try await JobScenario.write(client)
            let page = try await client.get("/jobs/thinexecutions").json
            let thin = page["_embedded"]["jobExecutionThinResourceList"].array
            #expect(thin.compactMap { $0["executionId"].int } == scenario.all.map { Int($0.execution.id) }.sorted(by: >))
            let untasked = try #require(thin.first { $0["executionId"].int == Int(scenario.untasked.execution.id) })
            #expect(untasked.keys == [
                "executionId", "stepExecutionCount", "jobId", "taskExecutionId", "instanceId", "name", "startDate", "startTime",
                "startDateTime", "duration", "jobParameters", "jobParametersString", "restartable", "abandonable", "stoppable",
                "defined", "timeZone", "status", "schemaTarget", "dead", "deadReason", "_links",
            ])
            #expect(untasked["taskExecutionId"].isNull && untasked["defined"].bool == false, "run without a task")
            #expect(untasked["instanceId"].int == Int(scenario.untasked.execution.instance.id) && untasked["jobId"].int == untasked["instanceId"].int)
            #expect(untasked["startDateTime"].string == "2026-01-01T00:03:00.000+00:00" && untasked["startTime"].string == "00:03:00")
            #expect(untasked["status"].string == "COMPLETED" && untasked["stepExecutionCount"].int == 1)
            #expect(untasked["jobParameters"].canonical == #"{"day(date)":"2026/01/31","ratio(double)":"0.25","when":"2026-01-31"}"#)
            let full = try await client.get("/jobs/executions/\(scenario.untasked.execution.id)").json
            #expect(full["jobParametersString"].string == untasked["jobParametersString"].string)
            let parameters = full["jobExecution"]["jobParameters"]["parameters"]
            #expect(parameters["ratio"].canonical == #"{"identifying":true,"type":"DOUBLE","value":0.25}"#)
            #expect(parameters["day"].canonical == #"{"identifying":true,"type":"DATE","value":"2026-01-31T10:00:00.000+00:00"}"#)
            #expect(parameters["when"].canonical == #"{"identifying":true,"type":"STRING","value":"2026-01-31"}"#)
            #expect(full["jobExecution"]["executionContext"]["values"].canonical == #"[{"count":7},{"typed":["a","b"]}]"#)
            let stopped = try #require(thin.first { $0["executionId"].int == Int(scenario.stopped.execution.id) })
            #expect(stopped["defined"].bool == false, "task gone has no definition")
            let running = try #require(thin.first { $0["executionId"].int == Int(scenario.running.execution.id) })
            #expect(running["status"].string == "STARTED" && running["stoppable"].bool == true && running["dead"].bool == false)
        }
    }

    @Test("flags and links follow the execution's state", arguments: TestDatabase.allCases)
    func links(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            let scenario = try await JobScenario.write(client)
            let base = "http://127.0.0.1:\(client.port)/jobs/executions/"
            let expected: [(JobHistory.Written, [String], [Bool])] = [
                (scenario.completed, ["self"], [false, false, false]),
                (scenario.failed, ["self", "restart", "abandon"], [false, true, true]),
                (scenario.stopped, ["self", "restart", "abandon"], [false, true, true]),
                (scenario.running, ["self", "stop"], [true, false, false]),
            ]
            for (written, relations, flags) in expected {
                let id = written.execution.id
                for path in ["/jobs/executions/\(id)", "/jobs/thinexecutions?jobInstanceId=\(written.execution.instance.id)"] {
                    let reply = try await client.get(path).json
                    let resource = reply["_embedded"]["jobExecutionThinResourceList"][0].exists
                        ? reply["_embedded"]["jobExecutionThinResourceList"][0] : reply
                    #expect(resource["_links"].keys == Set(relations), "\(path)")
                    #expect([resource["stoppable"].bool, resource["restartable"].bool, resource["abandonable"].bool] == flags, "\(path)")
                    #expect(resource["_links"]["self"]["href"].string == base + "\(id)")
                    if relations.contains("stop") { #expect(resource["_links"]["stop"]["href"].string == base + "\(id)?stop=true") }
                    if relations.contains("restart") { #expect(resource["_links"]["restart"]["href"].string == base + "\(id)?restart=true") }
                    if relations.contains("abandon") { #expect(resource["_links"]["abandon"]["href"].string == base + "\(id)?abandon=true") }
                }
            }
        }
    }
}
