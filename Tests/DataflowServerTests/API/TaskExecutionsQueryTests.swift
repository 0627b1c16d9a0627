import DataflowServer
import Database
import DatabaseTestSupport
import Foundation
import HistoryTestSupport
import Testing

/// Data Flow's own test history, served as Data Flow's tests expect it (see the fixture's README).
@Suite("/tasks/executions and /tasks/thinexecutions over Data Flow's own history")
struct TaskExecutionsQueryTests {
    static func loaded(_ client: ServerHarness.Client) async throws {
        try await SpringHistory.load(into: client.pool)
        // Data Flow's test registers "nope" and defines "nope" and "ts-batch" before listing.
        #expect(try await client.post("/apps/task/nope/1.0.0", form: [("uri", timestampTask)]).status == 201)
        #expect(try await client.post("/tasks/definitions", form: [("name", "nope"), ("definition", "nope")]).status == 200)
        #expect(try await client.post("/tasks/definitions", form: [("name", "ts-batch"), ("definition", "nope")]).status == 200)
    }

    @Test("the listings Data Flow's test makes, with its expected counts", arguments: TestDatabase.allCases)
    func dataFlowsAssertions(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            try await Self.loaded(client)
            let full = try await client.get("/tasks/executions?page=1&size=20").json
            #expect(full["_embedded"]["taskExecutionResourceList"].array.count == 20)
            #expect(full["page"]["totalElements"].int == 1000)
            #expect(try await client.get("/tasks/executions?page=2&size=200").json["_embedded"]["taskExecutionResourceList"].array.count == 200)
            #expect(try await client.get("/tasks/thinexecutions?page=3&size=20").json["_embedded"]["taskExecutionThinResourceList"].array.count == 20)
            #expect(try await client.get("/tasks/thinexecutions?page=2&size=200").json["_embedded"]["taskExecutionThinResourceList"].array.count == 200)
            for path in ["/tasks/executions", "/tasks/thinexecutions"] {
                #expect(try await client.get("\(path)?name=nope&page=0&size=200").json["page"]["totalElements"].int == 0)
                #expect(try await client.get("\(path)?name=ts-batch&page=0&size=200").json["page"]["totalElements"].int == 83)
            }
            let undefined = try await client.get("/tasks/executions?name=timestamp-ctr")
            #expect(undefined.status == 404, "a name without a definition is a 404, as in Data Flow")
        }
    }

    @Test("each resource carries Data Flow's fields; newest first; children keep their parent", arguments: TestDatabase.allCases)
    func resources(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            try await Self.loaded(client)
            let first = try await client.get("/tasks/executions?size=1").json["_embedded"]["taskExecutionResourceList"][0]
            #expect(first.keys == [
                "executionId", "exitCode", "taskName", "startTime", "endTime", "exitMessage", "arguments", "jobExecutionIds",
                "errorMessage", "externalExecutionId", "parentExecutionId", "resourceUrl", "appProperties", "deploymentProperties",
                "platformName", "taskExecutionStatus", "composedTaskJobExecutionStatus", "schemaTarget", "_links",
            ])
            #expect(first["executionId"].int == 1000)
            let thin = try await client.get("/tasks/thinexecutions?size=1").json["_embedded"]["taskExecutionThinResourceList"][0]
            #expect(thin.keys == [
                "executionId", "parentExecutionId", "exitCode", "taskName", "startTime", "endTime", "exitMessage",
                "externalExecutionId", "errorMessage", "taskExecutionStatus", "composedTaskJobExecutionStatus", "schemaTarget", "_links",
            ])
            let rows = try await SpringHistory.records("TASK_EXECUTION")
            let columns = rows.columns
            let row = try #require(rows.rows.first { $0[columns.firstIndex(of: "TASK_EXECUTION_ID")!] == "42" })
            let shown = try await client.get("/tasks/executions/42").json
            #expect(shown["taskName"].string == row[columns.firstIndex(of: "TASK_NAME")!])
            #expect(shown["parentExecutionId"].int.map(String.init) == row[columns.firstIndex(of: "PARENT_EXECUTION_ID")!])
            #expect(shown["startTime"].string?.hasSuffix("+00:00") == true)
            #expect(shown["taskExecutionStatus"].string == "COMPLETE")
            #expect(shown["_links"]["self"]["href"].string?.hasSuffix("/tasks/executions/42") == true)
            let batch = try await SpringHistory.records("TASK_TASK_BATCH").rows.filter { $0[0] == "42" }.compactMap { $0[1].flatMap(Int.init) }
            #expect(shown["jobExecutionIds"].array.compactMap(\.int) == batch)
            #expect(shown["arguments"].array.count > 0)
        }
    }

    @Test("sorting is whitelisted; ids must be numbers; unknown ids are 404", arguments: TestDatabase.allCases)
    func errors(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            try await Self.loaded(client)
            let sorted = try await client.get("/tasks/executions?sort=TASK_EXECUTION_ID,asc&size=3").json
            #expect(sorted["_embedded"]["taskExecutionResourceList"].array.compactMap { $0["executionId"].int } == [1, 2, 3])
            let badSort = try await client.get("/tasks/executions?sort=PASSWORD,asc")
            #expect(badSort.status == 400)
            #expect(badSort.body.contains("TASK_EXECUTION_ID"))
            let notNumber = try await client.get("/tasks/executions/abc")
            #expect(notNumber.status == 400)
            #expect(notNumber.body.contains("'abc' is not a valid id"))
            let missing = try await client.get("/tasks/executions/999999")
            #expect(missing.status == 404)
            #expect(missing.json["_embedded"]["errors"][0]["message"].string == "Could not find TaskExecution with id 999999")
            #expect(try await client.get("/tasks/executions?status=SLEEPING").status == 400)
        }
    }

    @Test("info counts, external ids and statuses", arguments: TestDatabase.allCases)
    func info(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            try await Self.loaded(client)
            #expect(try await client.get("/tasks/info/executions").json["totalExecutions"].int == 1000)
            #expect(try await client.get("/tasks/info/executions?name=ts-batch").json["totalExecutions"].int == 83)
            #expect(try await client.get("/tasks/info/executions?completed=true&days=1").json["totalExecutions"].int == 1000, "all ended in 2024")
            let external = try #require(try await SpringHistory.records("TASK_EXECUTION").rows.compactMap { $0[8] }.first)
            let byExternal = try await client.get("/tasks/executions/external/\(external)")
            #expect(byExternal.status == 200)
            #expect(byExternal.json["externalExecutionId"].string == external)
            #expect(try await client.get("/tasks/executions/external/no-such-id").status == 404)
        }
    }
}
