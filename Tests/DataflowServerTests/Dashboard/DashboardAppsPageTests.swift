import Database
import DatabaseTestSupport
import Foundation
import Testing

@testable import DataflowServer

@Suite("Dashboard apps page: the registry listed, searched and paged; register and unregister forms")
struct DashboardAppsPageTests {
    /// The row ids of the apps table, in page order.
    static func rows(_ html: String) -> [String] {
        PagesBrowser.all(#"<tr id="(app-[^"]+)""#, in: html)
    }

    static func rowId(_ app: AppRegistration) -> String {
        "app-\(app.type.rawValue)-\(app.name)-\(app.version)"
    }

    @Test("the list shows what the registry holds: search by name, filter by type, 25 a page", arguments: TestDatabase.allCases)
    func list(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database, configure: { $0.features.streams = true }) { client in
            let registry = AppRegistry(pool: client.pool, streamsEnabled: true)
            for index in 0..<27 {
                let name = String(format: "tool-%02d", index)
                try await registry.register(type: .task, name: name, version: "1.0.0", uri: "docker:example/\(name):1.0.0")
            }
            try await registry.register(type: .task, name: "tool-03", version: "2.0.0", uri: "docker:example/tool-03:2.0.0")
            for name in ["feed-a", "feed-b"] {
                try await registry.register(type: .source, name: name, version: "1.0.0", uri: "docker:example/\(name):1.0.0")
            }
            let browser = PagesBrowser(client)
            func expected(_ type: AppType?, _ search: String?, page: Int) async throws -> [String] {
                try await registry.apps(type: type, search: search, version: nil, defaultOnly: nil, page: PageRequest(number: page, size: 25))
                    .elements.map(Self.rowId)
            }

            let first = try await browser.get("/dashboard/apps")
            #expect(first.status == 200)
            #expect(Self.rows(first.body) == (try await expected(nil, nil, page: 0)))
            #expect(Self.rows(first.body).count == 25)
            #expect(first.body.contains(#"<p id="apps-total">30 registered app versions match.</p>"#))
            #expect(first.body.contains(#"<span id="page-info">Page 1 of 2</span>"#))
            #expect(PagesBrowser.attribute("href", ofId: "next-page", in: first.body) == "/dashboard/apps?page=2")

            let second = try await browser.get("/dashboard/apps?page=2")
            #expect(Self.rows(second.body) == (try await expected(nil, nil, page: 1)))
            #expect(Self.rows(second.body).count == 5)
            #expect(PagesBrowser.attribute("href", ofId: "previous-page", in: second.body) == "/dashboard/apps")

            let searched = try await browser.get("/dashboard/apps?search=tool-0&type=task")
            #expect(Self.rows(searched.body) == (try await expected(.task, "tool-0", page: 0)))
            #expect(Self.rows(searched.body).count == 11, "tool-00 to tool-09 and tool-03's second version")
            let second03 = try #require(PagesBrowser.element("app-task-tool-03-2.0.0", tag: "tr", in: searched.body))
            #expect(second03.contains("<td>no</td>"), "2.0.0 is not the default: \(second03)")
            #expect(searched.body.contains(#"<option value="task" selected>task</option>"#))
            #expect(searched.body.contains(#"value="tool-0""#), "the search box keeps the search")

            let sources = try await browser.get("/dashboard/apps?type=source")
            #expect(Self.rows(sources.body) == ["app-source-feed-a-1.0.0", "app-source-feed-b-1.0.0"])
            let none = try await browser.get("/dashboard/apps?search=nothing-like-this")
            #expect(none.body.contains(#"id="no-apps""#))
            #expect(none.body.contains("<label for=\"register-uri\">"), "the register form is on the page")
        }
    }

    @Test("the register form registers with the page's token; without it, 403 and nothing registered", arguments: TestDatabase.allCases)
    func register(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            let browser = PagesBrowser(client)
            let registry = AppRegistry(pool: client.pool)
            let page = try await browser.get("/dashboard/apps")
            let form = [("type", "task"), ("name", "stamp"), ("uri", "file:\(timestampTask)"), ("version", ""), ("metadataURI", "")]

            let forged = try await browser.post("/dashboard/apps", form, from: page, csrf: false)
            #expect(forged.status == 403)
            #expect(try await registry.versions(type: .task, name: "stamp").isEmpty)
            let wrong = try await browser.post("/dashboard/apps", [("_csrf", "not-the-token")] + form)
            #expect(wrong.status == 403)
            #expect(try await registry.versions(type: .task, name: "stamp").isEmpty)

            let posted = try await browser.post("/dashboard/apps", form, from: page)
            #expect(posted.status == 303, "\(posted)")
            #expect(posted.location == "/dashboard/apps?search=stamp")
            let app = try #require(try await registry.app(type: .task, name: "stamp"))
            #expect(app.uri == "file://\(timestampTask)")
            #expect(app.defaultVersion && app.metadataURI == nil)
            let shown = try await browser.follow(posted)
            #expect(shown.body.contains("Registered task app stamp version \(app.version) (the default version)."), "\(shown)")
            #expect(Self.rows(shown.body) == [Self.rowId(app)])

            let again = try await browser.post("/dashboard/apps", [("type", "task"), ("name", "stamp"), ("uri", "file:\(timestampTask)"), ("version", app.version)], from: page)
            #expect(again.location == "/dashboard/apps", "a refusal goes back to the list with its message")
            let refused = try await browser.follow(again)
            #expect(refused.body.contains(#"class="notice notice-error" role="alert""#))
            #expect(refused.body.contains("is already registered"), "\(refused)")

            let forced = try await browser.post(
                "/dashboard/apps", [("type", "task"), ("name", "stamp"), ("uri", "docker:example/stamp:9"), ("version", app.version), ("force", "on")],
                from: page)
            #expect(forced.status == 303)
            #expect(try await registry.app(type: .task, name: "stamp")?.uri == "docker:example/stamp:9")
        }
    }

    @Test("unregister: an app in use comes back as the notice; an unused version goes", arguments: TestDatabase.allCases)
    func unregister(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            let browser = PagesBrowser(client)
            let registry = AppRegistry(pool: client.pool)
            try await client.define("stamp", app: "timestamp", path: timestampTask)
            try await client.define("stamp2", app: "timestamp", path: timestampTask)
            try await registry.register(type: .task, name: "spare", version: "1.0.0", uri: "docker:example/spare:1")
            let page = try await browser.get("/dashboard/apps")
            #expect(page.body.contains(#"action="/dashboard/apps/task/timestamp/1.0.0/unregister""#))

            let forged = try await browser.post("/dashboard/apps/task/spare/1.0.0/unregister", [], from: page, csrf: false)
            #expect(forged.status == 403)
            #expect(try await registry.app(type: .task, name: "spare") != nil)

            let inUse = try await browser.post("/dashboard/apps/task/timestamp/1.0.0/unregister", [], from: page)
            let refused = try await browser.follow(inUse)
            #expect(refused.body.contains("used by the task definitions stamp, stamp2"), "\(refused)")
            #expect(try await registry.app(type: .task, name: "timestamp") != nil)

            let spare = try await browser.post("/dashboard/apps/task/spare/1.0.0/unregister", [], from: page)
            let after = try await browser.follow(spare)
            #expect(after.body.contains("Unregistered task app spare version 1.0.0."))
            #expect(try await registry.app(type: .task, name: "spare") == nil)
            #expect(Self.rows(after.body) == ["app-task-timestamp-1.0.0"])
        }
    }
}
