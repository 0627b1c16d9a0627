import DataflowServer
import Database
import DatabaseTestSupport
import Foundation
import HistoryTestSupport
import Testing

/// The job endpoints over Data Flow's own test history (999 job executions of composed tasks,
/// written by a Data Flow 2.11 server), checked row by row against the fixture's files.
@Suite("Job endpoints over Data Flow's own history")
struct JobQueriesSpringHistoryTests {
    /// A fixture table as rows of column name to text.
    static func table(_ name: String) async throws -> [[String: String]] {
        let (columns, rows) = try await SpringHistory.records(name)
        return rows.map { row in Dictionary(uniqueKeysWithValues: zip(columns, row).compactMap { key, value in value.map { (key, $0) } }) }
    }

    /// `2024-03-13 10:02:28` as the server writes it.
    static func wire(_ text: String?) -> String? {
        text.map { $0.replacingOccurrences(of: " ", with: "T") + ".000+00:00" }
    }

    @Test("every execution, field by field against the files; execution 1 in detail; names, instances, progress", arguments: TestDatabase.allCases)
    func history(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            // Loading the history is the costly part: it is loaded once for all three checks.
            try await TaskExecutionsQueryTests.loaded(client)
            try await Self.everyExecution(client)
            try await Self.firstExecution(client)
            try await Self.namesInstancesProgress(client)
        }
    }

    /// Every execution of the thin and full lists, field by field against the files.
    static func everyExecution(_ client: ServerHarness.Client) async throws {
        let executions = try await table("BATCH_JOB_EXECUTION")
        let instances = Dictionary(uniqueKeysWithValues: try await table("BATCH_JOB_INSTANCE").map { ($0["JOB_INSTANCE_ID"]!, $0) })
        let tasks = Dictionary(uniqueKeysWithValues: try await table("TASK_TASK_BATCH").map { ($0["JOB_EXECUTION_ID"]!, $0["TASK_EXECUTION_ID"]!) })
        let taskNames = Dictionary(uniqueKeysWithValues: try await table("TASK_EXECUTION").map { ($0["TASK_EXECUTION_ID"]!, $0["TASK_NAME"]) })
        let steps = Dictionary(grouping: try await table("BATCH_STEP_EXECUTION"), by: { $0["JOB_EXECUTION_ID"]! })
        let thin = try await client.get("/jobs/thinexecutions?size=2000").json
        #expect(thin["page"]["totalElements"].int == 999)
        let full = try await client.get("/jobs/executions?size=2000").json["_embedded"]["jobExecutionResourceList"].array
        let byId = Dictionary(uniqueKeysWithValues: full.compactMap { resource in resource["executionId"].int.map { (String($0), resource) } })
        let listed = thin["_embedded"]["jobExecutionThinResourceList"].array
        #expect(listed.compactMap { $0["executionId"].int } == executions.compactMap { Int($0["JOB_EXECUTION_ID"]!) }.sorted(by: >))
        for resource in listed {
            let id = String(resource["executionId"].int ?? -1)
            let row = try #require(executions.first { $0["JOB_EXECUTION_ID"] == id })
            let instance = try #require(instances[row["JOB_INSTANCE_ID"]!])
            #expect(resource["name"].string == instance["JOB_NAME"] && resource["instanceId"].int.map(String.init) == row["JOB_INSTANCE_ID"])
            #expect(resource["status"].string == row["STATUS"] && resource["startDateTime"].string == wire(row["START_TIME"]))
            #expect(resource["taskExecutionId"].int.map(String.init) == tasks[id])
            #expect(resource["stepExecutionCount"].int == steps[id]?.count ?? 0)
            let defined = ["nope", "ts-batch"].contains(tasks[id].flatMap { taskNames[$0] ?? nil } ?? "")
            #expect(resource["defined"].bool == defined, "execution \(id)")
            #expect(resource["dead"].bool == false && resource["restartable"].bool == false && resource["stoppable"].bool == false)
            let detail = try #require(byId[id])
            #expect(detail["jobExecution"]["endTime"].string == wire(row["END_TIME"]))
            #expect(detail["jobExecution"]["createTime"].string == wire(row["CREATE_TIME"]))
            #expect(detail["jobExecution"]["exitStatus"]["exitCode"].string == row["EXIT_CODE"])
            #expect(detail["jobExecution"]["version"].int.map(String.init) == row["VERSION"])
            #expect(detail["jobExecution"]["stepExecutions"].array.compactMap { $0["stepName"].string } == (steps[id] ?? []).compactMap { $0["STEP_NAME"] })
        }
    }

    /// Execution 1: its parameters, Jackson-typed contexts read plain, the step type Data Flow shows.
    static func firstExecution(_ client: ServerHarness.Client) async throws {
        let shown = try await client.get("/jobs/executions/1").json
        #expect(shown["name"].string == "timestamp-ctr" && shown["taskExecutionId"].int == 1 && shown["defined"].bool == false)
        #expect(shown["startDate"].string == "2024-03-13" && shown["startTime"].string == "10:02:28" && shown["duration"].string == "00:00:49")
        #expect(shown["jobParameters"].canonical == #"{"run.id(long)":"1"}"# && shown["jobParametersString"].string == "run.id(long)=1")
        #expect(shown["jobExecution"]["jobParameters"].canonical == #"{"empty":false,"parameters":{"run.id":{"identifying":true,"type":"LONG","value":1}}}"#)
        let step = shown["jobExecution"]["stepExecutions"][0]
        #expect(step["stepName"].string == "timestamp-ctr-timestamp-app-1_0" && step["commitCount"].int == 2 && step["version"].int == 4)
        let values = step["executionContext"]["values"].canonical
        #expect(values.contains(#"{"task-execution-id":2}"#), "[\"java.lang.Long\",2] reads as 2: \(values)")
        #expect(values.contains(#"{"task-arguments":["--spring.cloud.task.parent-execution-id=1","--spring.cloud.task.parent-schema-target=boot2"]}"#))
        #expect(!values.contains("@class"))
        let resource = try await client.get("/jobs/executions/1/steps/1").json
        #expect(resource["stepType"].string == "org.springframework.cloud.dataflow.composedtaskrunner.TaskLauncherTasklet")
        let job1 = try await client.get("/jobs/executions/2").json
        #expect(job1["defined"].bool == true, "job1 ran in task ts-batch, which is defined")
        #expect(job1["jobExecution"]["executionContext"]["values"].canonical == #"[{"job-ctx1":"exec-job1"}]"#)
    }

    /// Names, instances and a step's history over the history.
    static func namesInstancesProgress(_ client: ServerHarness.Client) async throws {
        let executions = try await table("BATCH_JOB_EXECUTION")
        let instances = try await table("BATCH_JOB_INSTANCE")
        for name in Set(instances.compactMap { $0["JOB_NAME"] }) {
            let ids = Set(instances.filter { $0["JOB_NAME"] == name }.compactMap { $0["JOB_INSTANCE_ID"] })
            let expected = executions.filter { ids.contains($0["JOB_INSTANCE_ID"]!) }.count
            #expect(try await client.get("/jobs/executions?name=\(name)&size=1").json["page"]["totalElements"].int == expected, "\(name)")
            #expect(try await client.get("/jobs/thinexecutions?name=\(name)&size=1").json["page"]["totalElements"].int == expected, "\(name)")
            let page = try await client.get("/jobs/instances?name=\(name)&size=2000").json
            let listed = page["_embedded"]["jobInstanceResourceList"].array
            #expect(Set(listed.compactMap { $0["jobInstanceId"].int.map(String.init) }) == ids)
            #expect(listed.map { $0["jobExecutions"].array.count }.reduce(0, +) == expected)
        }
        #expect(try await client.get("/jobs/executions?name=timestamp-ctr3%&size=1").json["page"]["totalElements"].int
            == executions.filter { ["4", "5", "6", "7"].contains($0["JOB_INSTANCE_ID"]!) }.count)
        // job1step1's history: its ended runs among job1's latest 100 executions (each read nothing); a finished step is 1.
        let job1 = Set(instances.filter { $0["JOB_NAME"] == "job1" }.compactMap { $0["JOB_INSTANCE_ID"] })
        let latest = Set(executions.filter { job1.contains($0["JOB_INSTANCE_ID"]!) }.compactMap { Int($0["JOB_EXECUTION_ID"]!) }.sorted(by: >).prefix(100))
        let ran = try await table("BATCH_STEP_EXECUTION").filter {
            $0["STEP_NAME"] == "job1step1" && $0["END_TIME"] != nil && latest.contains(Int($0["JOB_EXECUTION_ID"]!)!)
        }
        #expect(!ran.isEmpty)
        let progress = try await client.get("/jobs/executions/2/steps/2/progress").json
        #expect(progress["percentageComplete"].int == 1 && progress["finished"].bool == true)
        #expect(progress["stepExecutionHistory"]["count"].int == ran.count)
        #expect(progress["stepExecutionHistory"]["readCount"]["max"].int == 0)
    }
}
