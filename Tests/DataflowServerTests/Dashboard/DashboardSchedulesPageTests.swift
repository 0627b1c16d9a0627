import Database
import DatabaseTestSupport
import Foundation
import Testing

@testable import DataflowServer

@Suite("Dashboard schedules page: next fire times, last fire, create and delete forms")
struct DashboardSchedulesPageTests {
    @Test("create with the page's token (without it 403); the row shows the next five fire times in its zone; a refusal is the notice; delete", arguments: TestDatabase.allCases)
    func lifecycle(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            try await client.define("stamp", app: "timestamp", path: timestampTask)
            let browser = PagesBrowser(client)
            let empty = try await browser.get("/dashboard/tasks/schedules")
            #expect(empty.status == 200)
            #expect(empty.body.contains(#"id="no-schedules""#))
            #expect(empty.body.contains(#"<option value="stamp">"#), "the definitions are offered")
            #expect(empty.body.contains(#"<a href="/dashboard/tasks/schedules" aria-current="page">Schedules</a>"#), "the navigation has the section")

            let form = [
                ("name", "stamp-nightly"), ("definition", "stamp"), ("expression", "0 30 2 * * *"), ("timeZone", "Europe/Berlin"),
                ("misfirePolicy", "skip"), ("concurrencyPolicy", "Forbid"), ("properties", ""), ("arguments", ""),
            ]
            let forged = try await browser.post("/dashboard/tasks/schedules", form, from: empty, csrf: false)
            #expect(forged.status == 403)
            #expect(try await client.get("/tasks/schedules/stamp-nightly").status == 404, "nothing scheduled")

            let posted = try await browser.post("/dashboard/tasks/schedules", form, from: empty)
            #expect(posted.status == 303, "\(posted)")
            let shown = try await browser.follow(posted)
            #expect(shown.body.contains("Scheduled stamp as stamp-nightly; it fires next at "), "\(shown)")
            let row = try #require(PagesBrowser.element("schedule-stamp-nightly", tag: "tr", in: shown.body), "\(shown.body)")
            #expect(row.contains("<code>0 30 2 * * *</code>") && row.contains("Europe/Berlin"))
            #expect(row.contains("misfire skip, overlap Forbid"))
            #expect(row.contains("not yet"), "never fired")
            let times = PagesBrowser.all(#"<time datetime="([^"]+)""#, in: row)
            #expect(times.count == 5, "\(row)")
            var berlin = Calendar(identifier: .gregorian)
            berlin.timeZone = TimeZone(identifier: "Europe/Berlin")!
            for time in times {
                let date = try #require(TaskSchedulesAPITests.instant(time))
                let wall = berlin.dateComponents([.hour, .minute], from: date)
                #expect((wall.hour, wall.minute) == (2, 30), "\(time)")
            }

            let bad = try await browser.post(
                "/dashboard/tasks/schedules", [("name", "bad"), ("definition", "stamp"), ("expression", "0 0 2 * * MOON")], from: shown)
            #expect(bad.location == "/dashboard/tasks/schedules")
            let refused = try await browser.follow(bad)
            #expect(refused.body.contains(#"class="notice notice-error" role="alert""#))
            #expect(refused.body.contains("MOON"), "\(refused.body)")

            let action = "/dashboard/tasks/schedules/stamp-nightly/unschedule"
            #expect(refused.body.contains(#"action="\#(action)""#))
            let deleted = try await browser.post(action, [], from: refused)
            #expect(deleted.status == 303)
            let after = try await browser.follow(deleted)
            #expect(after.body.contains("Deleted schedule stamp-nightly"))
            #expect(after.body.contains(#"id="no-schedules""#))
        }
    }
}
