import Database
import DatabaseTestSupport
import Foundation
import TaskRuntime
import Testing

@testable import DataflowServer

@Suite("Dashboard launch form: filled in with the sticky properties of the last launch, posted as the REST API takes them")
struct DashboardLaunchFormTests {
    /// What the launch of execution `id` stored: its properties as given and its arguments.
    static func stored(_ pool: ConnectionPool, _ id: Int) async throws -> LaunchManifestStore.Stored? {
        try await pool.withConnection { try await LaunchManifestStore.manifests(of: [Int64(id)], on: $0) }[Int64(id)]
    }

    @Test("the form shows what sticks (secrets masked); a deleted line clears its property; arguments go one a line", arguments: TestDatabase.allCases)
    func sticky(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            let path = try client.script("env.sh", "exit 0")
            try await client.define("sticky", app: "env", path: path)
            let browser = PagesBrowser(client)
            let fresh = try await browser.get("/dashboard/tasks/definitions/sticky")
            #expect(fresh.body.contains("<strong>Properties stick.</strong>"), "before any launch the note says what will stick")
            #expect(PagesBrowser.attribute("value", ofId: "launch-shown", in: fresh.body) == "")

            let first = try await client.launch("sticky", properties: "app.env.greeting=hi,app.env.password=s3cret,deployer.env.local.maximum-run-time=5m")
            _ = try await client.ended(first)
            let page = try await browser.get("/dashboard/tasks/definitions/sticky")
            #expect(page.body.contains(
                #"<textarea id="launch-properties" name="properties" rows="6" aria-describedby="launch-properties-hint">"# + "\n"
                    + "app.env.greeting=hi\napp.env.password=******\ndeployer.env.local.maximum-run-time=5m</textarea>"), "\(page.body)")
            #expect(!page.body.contains("s3cret"))
            #expect(PagesBrowser.attribute("value", ofId: "launch-shown", in: page.body) == "app.env.greeting,app.env.password,deployer.env.local.maximum-run-time")
            let note = try #require(PagesBrowser.element("sticky-note", tag: "div", in: page.body))
            #expect(note.contains("These properties stick.") && note.contains("delete its line") && note.contains("<code>app.env.greeting</code>"))
            #expect(PagesBrowser.ids("task-execution-", in: page.body) == [Int64(first)])

            let shown = try #require(PagesBrowser.attribute("value", ofId: "launch-shown", in: page.body))
            let form = [
                ("shown", shown), ("properties", "app.env.password=******\r\ndeployer.env.local.maximum-run-time=5m\r\napp.env.list=a,b\r\n"),
                ("arguments", "hello world\r\n--flag=1\r\n"),
            ]
            let forged = try await browser.post("/dashboard/tasks/definitions/sticky/launch", form, from: page, csrf: false)
            #expect(forged.status == 403)
            #expect(try await TaskExplorer(pool: client.pool).taskExecutionCount(TaskExecutionFilter(taskName: "sticky")) == 1, "nothing launched")

            let launched = try await browser.post("/dashboard/tasks/definitions/sticky/launch", form, from: page)
            let newest = try #require(try await TaskExplorer(pool: client.pool).taskExecutions(name: "sticky", limit: 1).first?.executionId)
            #expect(newest != Int64(first))
            #expect(launched.status == 303 && launched.location == "/dashboard/tasks/executions/\(newest)", "\(launched)")
            _ = try await client.ended(Int(newest))
            let stored = try #require(try await Self.stored(client.pool, Int(newest)))
            #expect(
                stored.launchProperties == ["app.env.password": "s3cret", "deployer.env.local.maximum-run-time": "5m", "app.env.list": "a,b"],
                "the masked secret kept its value, the deleted greeting was cleared, the comma stayed in its value")
            #expect(stored.arguments == ["hello world", "--flag=1"])
            let shownAfter = try await browser.follow(launched)
            #expect(shownAfter.body.contains("Launched sticky as task execution \(newest)."))
        }
    }

    @Test("a bad properties line comes back as the notice and launches nothing; two platforms offer a choice", arguments: [TestDatabase.sqlite])
    func badLineAndPlatforms(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database, configure: { settings in
            var second = settings.platforms[0]
            second.name = "second"
            settings.platforms.append(second)
        }) { client in
            let path = try client.script("ok.sh", "exit 0")
            try await client.define("choose", app: "ok", path: path)
            let browser = PagesBrowser(client)
            let page = try await browser.get("/dashboard/tasks/definitions/choose")
            #expect(page.body.contains(#"<label for="launch-platform">Platform</label>"#))
            #expect(page.body.contains(#"<option value="default" selected>default</option>"#))
            let bad = try await browser.post("/dashboard/tasks/definitions/choose/launch", [("properties", "just words"), ("platform", "second")], from: page)
            #expect(bad.location == "/dashboard/tasks/definitions/choose")
            #expect(try await browser.follow(bad).body.contains("Property line 1, &#39;just words&#39;, is not key=value"))
            #expect(try await TaskExplorer(pool: client.pool).taskExecutionCount() == 0)

            let launched = try await browser.post("/dashboard/tasks/definitions/choose/launch", [("properties", ""), ("platform", "second")], from: page)
            #expect(launched.status == 303)
            let id = try #require(launched.location.flatMap { $0.split(separator: "/").last }.flatMap { Int($0) })
            #expect(try await client.ended(id)["platformName"].string == "second")
            let again = try await browser.get("/dashboard/tasks/definitions/choose")
            #expect(again.body.contains(#"<option value="second" selected>second</option>"#), "the platform sticks too")
        }
    }
}
