import DataflowServer
import DatabaseTestSupport
import Foundation
import Testing

@Suite("/tasks/definitions: create, list, search, show, destroy")
struct TaskDefinitionsTests {
    static func registered(_ client: ServerHarness.Client) async throws {
        #expect(try await client.post("/apps/task/timestamp/1.0.0", form: [("uri", timestampTask)]).status == 201)
    }

    @Test("create answers 200 with the resource; show and list read it back", arguments: TestDatabase.allCases)
    func create(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            try await Self.registered(client)
            let created = try await client.post(
                "/tasks/definitions", form: [("name", "stamp"), ("definition", "timestamp --format='yyyy MM dd'"), ("description", "daily")])
            #expect(created.status == 200)
            let resource = created.json
            #expect(resource.keys == ["name", "dslText", "description", "composed", "composedTaskElement", "lastTaskExecution", "status", "_links"])
            #expect(resource["name"].string == "stamp")
            #expect(resource["dslText"].string == "timestamp --format='yyyy MM dd'")
            #expect(resource["description"].string == "daily")
            #expect(resource["composed"].bool == false)
            #expect(resource["lastTaskExecution"].isNull)
            #expect(resource["status"].string == "UNKNOWN")
            #expect(try await client.get("/tasks/definitions/stamp").json["dslText"].string == "timestamp --format='yyyy MM dd'")
            // Parameters in the query string work as well as in a form body.
            #expect(try await client.post("/tasks/definitions?name=other&definition=timestamp").status == 200)
            let list = try await client.get("/tasks/definitions").json
            #expect(list["_embedded"]["taskDefinitionResourceList"].array.compactMap { $0["name"].string } == ["other", "stamp"])
            let search = try await client.get("/tasks/definitions?taskName=STA").json
            #expect(search["page"]["totalElements"].int == 1)
            #expect(try await client.get("/tasks/definitions?taskName=a&dslText=b").status == 400)
        }
    }

    @Test("errors: duplicate 409, unknown app 404, bad DSL and names 400, missing definition 404", arguments: TestDatabase.allCases)
    func errors(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            try await Self.registered(client)
            #expect(try await client.post("/tasks/definitions", form: [("name", "stamp"), ("definition", "timestamp")]).status == 200)
            let duplicate = try await client.post("/tasks/definitions", form: [("name", "stamp"), ("definition", "timestamp")])
            #expect(duplicate.status == 409)
            #expect(duplicate.json["_embedded"]["errors"][0]["logref"].string == "DuplicateTaskException")
            let unknown = try await client.post("/tasks/definitions", form: [("name", "x"), ("definition", "nosuchapp --a=b")])
            #expect(unknown.status == 404)
            #expect(unknown.body.contains("Application name 'nosuchapp' with type 'task' does not exist in the app registry"))
            let composed = try await client.post("/tasks/definitions", form: [("name", "c"), ("definition", "timestamp && timestamp")])
            #expect(composed.status == 400)
            #expect(composed.body.contains("duplicate app name. Use a label"), "a composed definition is checked as Data Flow checks it")
            let badName = try await client.post("/tasks/definitions", form: [("name", "bad name!"), ("definition", "timestamp")])
            #expect(badName.status == 400)
            let missing = try await client.get("/tasks/definitions/nope")
            #expect(missing.status == 404)
            #expect(missing.json["_embedded"]["errors"][0]["message"].string == "Could not find task definition named nope")
            #expect(missing.json["_embedded"]["errors"][0]["logref"].string == "NoSuchTaskDefinitionException")
            #expect(try await client.delete("/tasks/definitions/nope").status == 404)
            let badSort = try await client.get("/tasks/definitions?sort=NOPE,asc")
            #expect(badSort.status == 400)
            #expect(badSort.body.contains("cannot sort by 'NOPE'"))
        }
    }

    @Test("pages: links, the last page, a page past the end, size 1", arguments: TestDatabase.allCases)
    func paging(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            try await Self.registered(client)
            for index in 0..<5 {
                #expect(try await client.post("/tasks/definitions", form: [("name", "t\(index)"), ("definition", "timestamp")]).status == 200)
            }
            let first = try await client.get("/tasks/definitions?page=0&size=2").json
            #expect(first["page"]["totalPages"].int == 3)
            #expect(first["_links"].keys == ["first", "self", "next", "last"])
            #expect(first["_links"]["next"]["href"].string?.contains("page=1&size=2") == true)
            let last = try await client.get("/tasks/definitions?page=2&size=2&sort=DEFINITION_NAME,desc").json
            #expect(last["_embedded"]["taskDefinitionResourceList"].array.compactMap { $0["name"].string } == ["t0"])
            #expect(last["_links"].keys == ["first", "prev", "self", "last"])
            #expect(last["_links"]["self"]["href"].string?.contains("sort=DEFINITION_NAME,desc") == true)
            let past = try await client.get("/tasks/definitions?page=9&size=2").json
            #expect(!past["_embedded"].exists)
            #expect(past["page"]["number"].int == 9)
            let one = try await client.get("/tasks/definitions?size=1").json
            #expect(one["_embedded"]["taskDefinitionResourceList"].array.count == 1)
            #expect(try await client.get("/tasks/definitions?page=abc").status == 400)
            #expect(try await client.get("/tasks/definitions?size=0").status == 400)
        }
    }
}
