import DataflowServer
import DatabaseTestSupport
import Foundation
import Testing

/// `/tasks/schedules`: Data Flow's parameters and resource, and every refusal with its reason.
@Suite("Schedules: create, list, show, delete through the REST API")
struct TaskSchedulesAPITests {
    @Test("a schedule's resource: Data Flow's fields, the cron under spring.cloud.scheduler.cron.expression, the next five fire times in its zone", arguments: TestDatabase.allCases)
    func lifecycle(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            try await client.define("nightly", app: "quick", path: try client.script("quick.sh", "exit 0"))
            try await client.define("other", app: "quick", path: try client.script("quick.sh", "exit 0"))
            let created = try await client.post("/tasks/schedules", form: [
                ("scheduleName", "nightly-import"), ("taskDefinitionName", "nightly"),
                ("properties", "scheduler.cron.expression=0 30 2 * * *,scheduler.cron.time-zone=Europe/Berlin,app.quick.mode=full,deployer.quick.local.maximum-run-time=1h"),
                ("arguments", "--day=today"),
            ])
            #expect(created.status == 201, "\(created)")
            #expect(created.body.isEmpty)

            let shown = try await client.get("/tasks/schedules/nightly-import")
            #expect(shown.status == 200, "\(shown)")
            let schedule = shown.json
            #expect(schedule["scheduleName"].string == "nightly-import")
            #expect(schedule["taskDefinitionName"].string == "nightly")
            #expect(schedule["scheduleProperties"]["spring.cloud.scheduler.cron.expression"].string == "0 30 2 * * *")
            #expect(schedule["scheduleProperties"]["app.quick.mode"].string == "full")
            #expect(schedule["scheduleProperties"]["scheduler.cron.expression"].isNull, "schedule keys are shown once, normalized")
            #expect(schedule["timeZone"].string == "Europe/Berlin")
            #expect(schedule["misfirePolicy"].string == "run-once")
            #expect(schedule["concurrencyPolicy"].string == "Forbid")
            #expect(schedule["platformName"].string == "default")
            #expect(schedule["lastFireTime"].isNull)
            #expect(schedule["_links"]["self"]["href"].string == "http://127.0.0.1:\(client.port)/tasks/schedules/nightly-import")
            // Each next fire time is 02:30 on the wall clock of Berlin, one day apart.
            let times = schedule["nextFireTimes"].array.compactMap { $0.string }
            #expect(times.count == 5)
            let berlin = TimeZone(identifier: "Europe/Berlin")!
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = berlin
            for text in times {
                let date = try #require(Self.instant(text), "\(text)")
                let wall = calendar.dateComponents([.hour, .minute, .second], from: date)
                #expect((wall.hour, wall.minute, wall.second) == (2, 30, 0), "\(text) is \(wall) in Berlin")
            }

            let list = try await client.get("/tasks/schedules").json
            #expect(list["_embedded"]["scheduleInfoResourceList"].array.count == 1)
            #expect(list["page"]["totalElements"].int == 1)
            #expect(try await client.get("/tasks/schedules/instances/nightly").json["_embedded"]["scheduleInfoResourceList"].array.count == 1)
            let none = try await client.get("/tasks/schedules/instances/other").json
            #expect(none["_embedded"].isNull, "an empty page has no _embedded")
            #expect(none["page"]["totalElements"].int == 0)

            #expect(try await client.delete("/tasks/schedules/nightly-import").status == 200)
            let gone = try await client.get("/tasks/schedules/nightly-import")
            #expect(gone.status == 404)
            #expect(gone.body.contains("NoSuchScheduleException"), "\(gone)")
            #expect(try await client.delete("/tasks/schedules/nightly-import").status == 404)
        }
    }

    @Test("refusals say what is wrong and where: cron position, zone, policy, name, definition, duplicate, platform", arguments: TestDatabase.allCases)
    func refusals(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            try await client.define("nightly", app: "quick", path: try client.script("quick.sh", "exit 0"))
            func create(_ name: String, _ definition: String = "nightly", _ properties: String, platform: String? = nil) async throws -> ServerHarness.Reply {
                var form = [("scheduleName", name), ("taskDefinitionName", definition), ("properties", properties)]
                if let platform { form.append(("platform", platform)) }
                return try await client.post("/tasks/schedules", form: form)
            }
            let cases: [(ServerHarness.Reply, Int, String)] = [
                (try await create("a", "nightly", "app.quick.x=1"), 400, "needs a cron expression"),
                (try await create("b", "nightly", "scheduler.cron.expression=0 61 * * * *"), 400, "61"),
                (try await create("c", "nightly", "deployer.cron.expression=0 0 2 * *  * *"), 400, "scheduler.cron.expression"),
                (try await create("d", "nightly", "scheduler.cron.expression=@daily,scheduler.cron.time-zone=Mars/Olympus"), 400, "Mars/Olympus"),
                (try await create("e", "nightly", "scheduler.cron.expression=@daily,scheduler.concurrency-policy=Sometimes"), 400, "Allow, Forbid, Replace"),
                (try await create("f", "nightly", "scheduler.cron.expression=@daily,scheduler.misfire-policy=later"), 400, "run-once, skip"),
                (try await create("Bad_Name", "nightly", "scheduler.cron.expression=@daily"), 400, "lower-case"),
                (try await create("g", "missing", "scheduler.cron.expression=@daily"), 404, "missing"),
                (try await create("h", "nightly", "scheduler.cron.expression=@daily", platform: "mars"), 400, "no platform named mars"),
            ]
            for (reply, status, text) in cases {
                #expect(reply.status == status, "\(reply)")
                #expect(reply.body.contains(text), "\(reply) should say \(text)")
            }
            #expect(try await client.post("/tasks/schedules", form: [("taskDefinitionName", "nightly")]).status == 400)
            #expect(try await create("ok", "nightly", "deployer.cron.expression=*/5 * * * *").status == 201, "Data Flow's other key, Unix five fields")
            let duplicate = try await create("ok", "nightly", "scheduler.cron.expression=@hourly")
            #expect(duplicate.status == 409, "\(duplicate)")
            #expect(try await client.get("/tasks/schedules").json["page"]["totalElements"].int == 1, "nothing written by a refusal")
        }
    }

    @Test("destroying a definition deletes its schedules, as Data Flow does", arguments: TestDatabase.allCases)
    func destroyDefinition(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            try await client.define("nightly", app: "quick", path: try client.script("quick.sh", "exit 0"))
            try await client.define("hourly", app: "quick", path: try client.script("quick.sh", "exit 0"))
            for (name, definition) in [("n1", "nightly"), ("n2", "nightly"), ("h1", "hourly")] {
                let reply = try await client.post("/tasks/schedules", form: [
                    ("scheduleName", name), ("taskDefinitionName", definition), ("properties", "scheduler.cron.expression=@daily"),
                ])
                #expect(reply.status == 201, "\(reply)")
            }
            #expect(try await client.delete("/tasks/definitions/nightly").status == 200)
            let left = try await client.get("/tasks/schedules").json["_embedded"]["scheduleInfoResourceList"].array.compactMap { $0["scheduleName"].string }
            #expect(left == ["h1"])
        }
    }

    /// A wire time (`2026-12-07T01:30:00.000+00:00`) as a date.
    static func instant(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }
}
