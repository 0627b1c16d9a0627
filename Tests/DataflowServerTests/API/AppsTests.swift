import DataflowServer
import DatabaseTestSupport
import Foundation
import Testing

@Suite("/apps: register, list, default, import, unregister")
struct AppsTests {
    @Test("a task app registers by path or file: URI and lists with Data Flow's fields", arguments: TestDatabase.allCases)
    func register(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            #expect(try await client.post("/apps/task/timestamp/1.0.0", form: [("uri", "file:\(timestampTask)")]).status == 201)
            #expect(try await client.post("/apps/task/timestamp/2.0.0", form: [("uri", timestampTask)]).status == 201)
            let list = try await client.get("/apps?type=task").json
            let apps = list["_embedded"]["appRegistrationResourceList"].array
            #expect(apps.count == 2)
            #expect(apps[0].keys.isSuperset(of: ["name", "type", "uri", "version", "defaultVersion", "versions", "label", "bootVersion", "_links"]))
            #expect(apps[0]["name"].string == "timestamp")
            #expect(apps[0]["type"].string == "task")
            #expect(apps[0]["uri"].string == "file://\(timestampTask)")
            #expect(apps.map { $0["defaultVersion"].bool } == [true, false], "the first version is the default")
            #expect(Set(apps[0]["versions"].array.compactMap(\.string)) == ["1.0.0", "2.0.0"])
            #expect(list["page"]["totalElements"].int == 2)
            #expect(list["page"]["size"].int == 20)
            #expect(apps[0]["_links"]["self"]["href"].string?.hasSuffix("/apps/task/timestamp/1.0.0") == true)

            #expect(try await client.put("/apps/task/timestamp/2.0.0").status == 202)
            let shown = try await client.get("/apps/task/timestamp").json
            #expect(shown["version"].string == "2.0.0")
            #expect(shown["options"].array.isEmpty && shown["options"].exists)
        }
    }

    @Test("registering twice is a 409 unless forced; docker: URIs are kept for Kubernetes", arguments: TestDatabase.allCases)
    func duplicates(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            #expect(try await client.post("/apps/task/ts/1.0.0", form: [("uri", timestampTask)]).status == 201)
            let again = try await client.post("/apps/task/ts/1.0.0", form: [("uri", timestampTask)])
            #expect(again.status == 409)
            #expect(again.json["_embedded"]["errors"][0]["logref"].string == "AppAlreadyRegisteredException")
            #expect(again.json["_embedded"]["errors"][0]["message"].string?.contains("already registered") == true)
            #expect(try await client.post("/apps/task/ts/1.0.0", form: [("uri", timestampTask), ("force", "true")]).status == 201)
            #expect(try await client.post("/apps/task/k8s/1.0.0", form: [("uri", "docker:springcloudtask/timestamp-task:2.0.2")]).status == 201)
            #expect(try await client.get("/apps/task/k8s/1.0.0").json["uri"].string == "docker:springcloudtask/timestamp-task:2.0.2")
        }
    }

    @Test("a URI that cannot be run is refused with the reason", arguments: [TestDatabase.sqlite])
    func badURIs(_ database: TestDatabase) async throws {
        try await withTemporaryDirectory { directory in
            let plain = directory.appendingPathComponent("plain.sh")
            try "echo hi\n".write(to: plain, atomically: true, encoding: .utf8)
            let cases: [(String, String)] = [
                (directory.appendingPathComponent("missing").path, "does not exist"),
                (directory.path, "is a directory"),
                (plain.path, "is not executable"),
                ("maven://org.springframework.cloud.task.app:timestamp-task:2.1.1", "the local platform runs executables"),
            ]
            try await ServerHarness.with(database) { client in
                for (uri, reason) in cases {
                    let reply = try await client.post("/apps/task/bad/1.0.0", form: [("uri", uri)])
                    #expect(reply.status == 400, "\(uri)")
                    #expect(reply.json["_embedded"]["errors"][0]["message"].string?.contains(reason) == true, "\(uri): \(reply.body)")
                }
                let missing = try await client.post("/apps/task/bad/1.0.0")
                #expect(missing.status == 400)
                #expect(missing.json["_embedded"]["errors"][0]["message"].string == "Required request parameter 'uri' is not present")
                let stream = try await client.post("/apps/source/http/1.0.0", form: [("uri", timestampTask)])
                #expect(stream.status == 400)
                #expect(stream.body.contains("streams are disabled"))
                let badType = try await client.post("/apps/nonsense/x/1.0.0", form: [("uri", timestampTask)])
                #expect(badType.status == 400)
                #expect(badType.body.contains("must contain one of the following values: 'app, source, processor, sink, task'"))
                #expect(try await client.get("/apps").json["page"]["totalElements"].int == 0)
            }
        }
    }

    @Test("bulk import registers every line or nothing", arguments: TestDatabase.allCases)
    func bulkImport(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            let text = "# task apps\ntask.one=file:\(timestampTask)\n\ntask.two=\(timestampTask)\n"
            let reply = try await client.post("/apps", form: [("apps", text)])
            #expect(reply.status == 201)
            #expect(reply.json["_embedded"]["appRegistrationResourceList"].array.compactMap { $0["name"].string } == ["one", "two"])
            let bad = try await client.post("/apps", form: [("apps", "task.three=\(timestampTask)\ntask.four=/no/such/file\n")])
            #expect(bad.status == 400)
            #expect(bad.body.contains("line 2"))
            #expect(try await client.get("/apps").json["page"]["totalElements"].int == 2, "nothing of the bad import was registered")
        }
    }

    @Test("an app used by a definition cannot be unregistered; an unused one can", arguments: TestDatabase.allCases)
    func unregister(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            #expect(try await client.post("/apps/task/timestamp/1.0.0", form: [("uri", timestampTask)]).status == 201)
            #expect(try await client.post("/tasks/definitions", form: [("name", "stamp"), ("definition", "timestamp --format=yyyy")]).status == 200)
            let refused = try await client.delete("/apps/task/timestamp/1.0.0")
            #expect(refused.status == 409)
            #expect(refused.body.contains("stamp"))
            #expect(try await client.delete("/tasks/definitions/stamp").status == 200)
            #expect(try await client.delete("/apps/task/timestamp/1.0.0").status == 200)
            #expect(try await client.delete("/apps/task/timestamp/1.0.0").status == 404)
            let empty = try await client.get("/apps").json
            #expect(!empty["_embedded"].exists, "an empty page has no _embedded")
            #expect(empty["page"]["totalElements"].int == 0)
            let audit = try await client.get("/audit-records?operations=APP_REGISTRATION").json
            #expect(audit["_embedded"]["auditRecordResourceList"].array.compactMap { $0["auditAction"].string } == ["DELETE", "CREATE"])
        }
    }
}
