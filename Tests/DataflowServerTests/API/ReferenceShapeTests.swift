import DataflowServer
import DatabaseTestSupport
import Foundation
import Testing

/// Every resource carries every field of Data Flow 2.11's, with the same JSON type, as a live
/// 2.11 server documents them (Tests/Fixtures/scdf-2.11-openapi.json; springdoc writes HAL's
/// `_links` as `links`).
@Suite("Resources carry Data Flow 2.11's fields with Data Flow's types")
struct ReferenceShapeTests {
    static func reference() -> [String: Any] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/scdf-2.11-openapi.json")
        let data = (try? Data(contentsOf: url)) ?? Data()
        let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        return ((object?["components"] as? [String: Any])?["schemas"] as? [String: Any]) ?? [:]
    }

    /// Checks `resource` against the reference schema `name`; returns the problems. Fields in
    /// `except` are left out (each with its reason where it is given).
    static func problems(_ resource: JSON, _ name: String, except: Set<String> = []) -> [String] {
        guard let schema = reference()[name] as? [String: Any], let properties = schema["properties"] as? [String: [String: Any]] else {
            return ["no reference schema \(name)"]
        }
        var problems: [String] = []
        for (field, definition) in properties where !except.contains(field) {
            let key = field == "links" ? "_links" : field
            guard resource.keys.contains(key) else {
                problems.append("\(name).\(field) is missing")
                continue
            }
            let value = resource[key].value
            if value is NSNull { continue }
            let expected = field == "links" ? "object" : (definition["type"] as? String ?? "object")
            let actual: String = switch value {
            case is String: "string"
            case let number as NSNumber where ["c", "B"].contains(String(cString: number.objCType)): "boolean"
            case is NSNumber: "integer"
            case is [Any]: "array"
            default: "object"
            }
            if actual != expected && !(expected == "number" && actual == "integer") {
                problems.append("\(name).\(field) is \(actual), Data Flow's is \(expected)")
            }
        }
        return problems
    }

    @Test("apps, definitions, executions, launches, audit records, platforms, about", arguments: [TestDatabase.sqlite])
    func shapes(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            let path = try client.script("ok.sh", "exit 0")
            try await client.define("ok", app: "ok", path: path)
            let launch = try await client.post("/tasks/executions/launch", form: [("name", "ok")]).json
            let id = try #require(launch["executionId"].int)
            _ = try await client.ended(id)
            let checks: [(JSON, String)] = [
                (launch, "LaunchResponseResource"),
                (try await client.get("/tasks/executions/\(id)").json, "TaskExecutionResource"),
                (try await client.get("/tasks/definitions/ok").json, "TaskDefinitionResource"),
                (try await client.get("/tasks/definitions/ok").json["lastTaskExecution"], "TaskExecutionResource"),
                (try await client.get("/apps").json["_embedded"]["appRegistrationResourceList"][0], "AppRegistrationResource"),
                (try await client.get("/apps/task/ok/1.0.0").json, "DetailedAppRegistrationResource"),
                (try await client.get("/tasks/executions/current").json[0], "CurrentTaskExecutionsResource"),
                (try await client.get("/tasks/validation/ok").json, "TaskAppStatusResource"),
                (try await client.get("/audit-records").json["_embedded"]["auditRecordResourceList"][0], "AuditRecordResource"),
                (try await client.get("/tasks/info/executions").json, "TaskExecutionsInfoResource"),
                (try await client.get("/completions/task?start=o").json, "CompletionProposalsResource"),
                (try await client.get("/tasks/platforms").json["_embedded"]["launcherResourceList"][0], "LauncherResource"),
                (try await client.get("/about").json, "AboutResource"),
                (try await client.get("/security/info").json, "SecurityInfo"),
            ]
            for (resource, name) in checks {
                #expect(resource.exists, "\(name) was not returned")
                #expect(Self.problems(resource, name).isEmpty, "\(Self.problems(resource, name))")
            }
        }
    }

    @Test("job executions (full, thin and Spring's JSON inside), steps, progress, instances", arguments: [TestDatabase.sqlite])
    func jobShapes(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            let scenario = try await JobScenario.write(client)
            let id = scenario.completed.execution.id
            let full = try await client.get("/jobs/executions/\(id)").json
            let stepId = scenario.completed.steps[0].id
            let progress = try await client.get("/jobs/executions/\(id)/steps/\(stepId)/progress").json
            // Jackson writes a java.util.TimeZone as its id ("UTC"); springdoc draws the bean.
            let timeZone: Set<String> = ["timeZone"]
            // Data Flow's StepExecutionJacksonMixIn leaves out the back reference to the job execution.
            let backReference: Set<String> = ["jobExecution"]
            let checks: [(JSON, String, Set<String>)] = [
                (full, "JobExecutionResource", timeZone),
                (try await client.get("/jobs/thinexecutions").json["_embedded"]["jobExecutionThinResourceList"][0], "JobExecutionThinResource", timeZone),
                (full["jobExecution"], "JobExecution", []),
                (full["jobExecution"]["jobInstance"], "JobInstance", []),
                (full["jobExecution"]["jobParameters"], "JobParameters", []),
                (full["jobExecution"]["exitStatus"], "ExitStatus", []),
                (full["jobExecution"]["executionContext"], "ExecutionContext", []),
                (full["jobExecution"]["stepExecutions"][0], "StepExecution", backReference),
                (try await client.get("/jobs/executions/\(id)/steps/\(stepId)").json, "StepExecutionResource", []),
                (try await client.get("/jobs/executions/\(id)/steps").json["_embedded"]["stepExecutionResourceList"][0], "StepExecutionResource", []),
                (progress, "StepExecutionProgressInfoResource", []),
                (progress["stepExecution"], "StepExecution", backReference),
                (progress["stepExecutionHistory"], "StepExecutionHistory", []),
                (progress["stepExecutionHistory"]["readCount"], "CumulativeHistory", []),
                (try await client.get("/jobs/instances?name=importJob").json["_embedded"]["jobInstanceResourceList"][0], "JobInstanceResource", []),
                (try await client.get("/jobs/instances/\(scenario.completed.execution.instance.id)").json, "JobInstanceResource", []),
            ]
            for (resource, name, except) in checks {
                #expect(resource.exists, "\(name) was not returned")
                #expect(Self.problems(resource, name, except: except).isEmpty, "\(Self.problems(resource, name, except: except))")
            }
            #expect(full["timeZone"].string == "UTC", "as Data Flow's Jackson writes it")
            #expect(!full["jobExecution"]["stepExecutions"][0]["jobExecution"].exists)
        }
    }
}
