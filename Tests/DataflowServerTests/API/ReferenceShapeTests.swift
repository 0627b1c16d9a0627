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

    /// Checks `resource` against the reference schema `name`; returns the problems.
    static func problems(_ resource: JSON, _ name: String) -> [String] {
        guard let schema = reference()[name] as? [String: Any], let properties = schema["properties"] as? [String: [String: Any]] else {
            return ["no reference schema \(name)"]
        }
        var problems: [String] = []
        for (field, definition) in properties {
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
}
