import DatabaseTestSupport
import Foundation
import Testing

extension ServerHarness.Client {
    /// Registers `path` as task app `app` and defines `name` as `dsl`.
    func define(_ name: String, app: String, path: String, dsl: String? = nil) async throws {
        let registered = try await post("/apps/task/\(app)/1.0.0", form: [("uri", path), ("force", "true")])
        #expect(registered.status == 201, "\(registered)")
        let defined = try await post("/tasks/definitions", form: [("name", name), ("definition", dsl ?? app)])
        #expect(defined.status == 200, "\(defined)")
    }

    /// Launches `name`; returns the execution id.
    func launch(_ name: String, arguments: String? = nil, properties: String? = nil) async throws -> Int {
        var form = [("name", name)]
        if let arguments { form.append(("arguments", arguments)) }
        if let properties { form.append(("properties", properties)) }
        let reply = try await post("/tasks/executions/launch", form: form)
        #expect(reply.status == 201, "\(reply)")
        return try #require(reply.json["executionId"].int, "\(reply)")
    }

    /// The execution, once it has ended (its process is another program: its end arrives in the
    /// database, which is polled).
    func ended(_ id: Int) async throws -> JSON {
        var last = JSON(value: nil)
        try await poll("the end of task execution \(id)") {
            last = try await get("/tasks/executions/\(id)").json
            return last["endTime"].string != nil
        }
        return last
    }

    /// Writes an executable shell script into the test directory.
    func script(_ name: String, _ body: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try "#!/bin/sh\n\(body)\n".write(to: url, atomically: true, encoding: .utf8)
        chmod(url.path, 0o755)
        return url.path
    }
}
