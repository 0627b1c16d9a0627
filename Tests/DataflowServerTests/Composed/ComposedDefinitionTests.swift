import DataflowServer
import DatabaseTestSupport
import Foundation
import Testing

/// Composed definitions as Data Flow keeps them: the parent and one child definition per app,
/// created and destroyed together, checked before anything is saved.
@Suite("Composed definitions: children named as Data Flow names them, checks at creation, destroyed together")
struct ComposedDefinitionTests {
    @Test("a composed definition creates one child per app, <parent>-<label or app>, with the app's label and arguments", arguments: TestDatabase.allCases)
    func children(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            for app in ["extract", "load", "alert", "timestamp"] { try await client.scriptApp(app, "exit 0") }
            try await client.create(
                "nightly", "extract --day=today 'FAILED'->alert && <t1: timestamp --format='yyyy MM dd' || t2: timestamp || load>")
            let list = try await client.get("/tasks/definitions?size=100").json["_embedded"]["taskDefinitionResourceList"].array
            let byName = Dictionary(list.map { ($0["name"].string ?? "", $0) }, uniquingKeysWith: { $1 })
            #expect(byName.keys.sorted() == ["nightly", "nightly-alert", "nightly-extract", "nightly-load", "nightly-t1", "nightly-t2"])
            #expect(byName["nightly"]?["composed"].bool == true && byName["nightly"]?["composedTaskElement"].bool == false)
            #expect(byName["nightly-extract"]?["dslText"].string == "extract --day=today")
            #expect(byName["nightly-alert"]?["dslText"].string == "alert")
            #expect(byName["nightly-t1"]?["dslText"].string == "t1: timestamp --format='yyyy MM dd'")
            #expect(byName["nightly-t2"]?["dslText"].string == "t2: timestamp")
            for child in ["nightly-alert", "nightly-extract", "nightly-load", "nightly-t1", "nightly-t2"] {
                #expect(byName[child]?["composed"].bool == false && byName[child]?["composedTaskElement"].bool == true, "\(child)")
            }
            let shown = try await client.get("/tasks/definitions/nightly-t1").json
            #expect(shown["composedTaskElement"].bool == true)
            let audit = try await client.get("/audit-records?operations=TASK&actions=CREATE&size=100").json
            #expect(audit["page"]["totalElements"].int == 6, "one record per definition created")

            // A definition whose name merely looks like a child's is not one.
            try await client.create("nightly-extra", "load")
            #expect(try await client.get("/tasks/definitions/nightly-extra").json["composedTaskElement"].bool == false)
        }
    }

    @Test("every check names the problem, and a refused definition saves nothing", arguments: TestDatabase.allCases)
    func refusals(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            for app in ["a", "b", "c", "d"] { try await client.scriptApp(app, "exit 0") }
            try await client.create("taken-b", "b")
            let cases: [(String, String, Int, String)] = [
                ("p", "a && nope", 404, "Application name 'nope' with type 'task' does not exist"),
                ("p", "x: a && x: b", 400, "159E:(pos 8): this label has already been defined"),
                ("p", "a && a", 400, "duplicate app name. Use a label"),
                ("p", "a && b\nsecond: c && d", 400, "the flow labelled second never runs: no transition goes to :second"),
                ("p", "a '*'->b && c", 400, "c never runs: the '*' transition of a before it takes every outcome"),
                ("p", "<a 'FAILED'->:out || b> && out: c", 400, "the transition of a to :out cannot be followed"),
                ("taken", "a && b", 409, "Cannot register task definition taken-b because another one has already been registered"),
                (String(repeating: "n", count: 99), "a && b", 400, "has 101 characters; the runner's step for it holds at most 100"),
            ]
            for (name, dsl, status, message) in cases {
                let reply = try await client.post("/tasks/definitions", form: [("name", name), ("definition", dsl)])
                #expect(reply.status == status, "\(dsl): \(reply)")
                let error = reply.json["_embedded"]["errors"][0]["message"].string ?? ""
                #expect(error.contains(message), "\(dsl): \(error)")
            }
            let names = try await client.get("/tasks/definitions?size=100").json["_embedded"]["taskDefinitionResourceList"].array.compactMap { $0["name"].string }
            #expect(names == ["taken-b"], "nothing of the refused definitions was saved: \(names)")
        }
    }

    @Test("destroying a composed definition destroys its children and their schedules; a child keeps the others", arguments: TestDatabase.allCases)
    func destroy(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            for app in ["a", "b", "c"] { try await client.scriptApp(app, "exit 0") }
            try await client.create("flow", "a && <b || c>")
            let scheduled = try await client.post("/tasks/schedules", form: [
                ("scheduleName", "b-nightly"), ("taskDefinitionName", "flow-b"), ("properties", "scheduler.cron.expression=0 30 2 * * *"),
            ])
            #expect(scheduled.status == 201, "\(scheduled)")
            try await client.create("other", "a && b")
            #expect(try await client.delete("/tasks/definitions/flow").status == 200)
            let names = try await client.get("/tasks/definitions?size=100").json["_embedded"]["taskDefinitionResourceList"].array.compactMap { $0["name"].string }
            #expect(names == ["other", "other-a", "other-b"])
            #expect(try await client.get("/tasks/schedules/b-nightly").status == 404)
            let deletes = try await client.get("/audit-records?operations=TASK&actions=DELETE&size=100").json
            #expect(Set(deletes["_embedded"]["auditRecordResourceList"].array.compactMap { $0["correlationId"].string }) == ["flow", "flow-a", "flow-b", "flow-c"])
            let schedules = try await client.get("/audit-records?operations=SCHEDULE&actions=DELETE").json
            #expect(schedules["page"]["totalElements"].int == 1)

            // A child destroyed on its own leaves its parent, which then destroys the rest; destroying all works too.
            #expect(try await client.delete("/tasks/definitions/other-a").status == 200)
            #expect(try await client.get("/tasks/definitions/other").status == 200)
            try await client.create("third", "a && c")
            #expect(try await client.delete("/tasks/definitions").status == 200)
            #expect(try await client.get("/tasks/definitions").json["page"]["totalElements"].int == 0)
        }
    }
}
