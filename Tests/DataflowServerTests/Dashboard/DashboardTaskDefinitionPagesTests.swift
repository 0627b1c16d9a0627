import Database
import DatabaseTestSupport
import Foundation
import TaskRuntime
import Testing

@testable import DataflowServer

@Suite("Dashboard task definition pages: list, create with DSL errors marked, detail with sticky launch properties, destroy")
struct DashboardTaskDefinitionPagesTests {
    static func rows(_ html: String) -> [String] {
        PagesBrowser.all(#"<tr id="definition-([^"]+)""#, in: html)
    }

    /// Writes an execution of `name` (ended with `exitCode`, or running when nil) as a task would.
    @discardableResult
    static func execution(_ pool: ConnectionPool, _ name: String, exitCode: Int32?) async throws -> Int64 {
        let repository = TaskRepository(pool: pool)
        let id = try await repository.startTaskExecution(TaskSettings(taskName: name), owner: nil).executionId
        if let exitCode { _ = try await repository.completeTaskExecution(executionId: id, exitCode: exitCode) }
        return id
    }

    /// The parser's error on `dsl`, or nil when it parses.
    static func parseError(_ dsl: String) -> TaskDSLError? {
        do {
            _ = try TaskDSL.parse(dsl, definitionName: "broken")
            return nil
        } catch {
            return error
        }
    }

    @Test("the list: 20 a page, searched by name, each with the status of its last execution", arguments: TestDatabase.allCases)
    func list(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            let registry = AppRegistry(pool: client.pool)
            try await registry.register(type: .task, name: "stamp", version: "1.0.0", uri: "docker:example/stamp:1")
            let definitions = TaskDefinitions(pool: client.pool, registry: registry)
            for index in 0..<23 {
                try await definitions.create(name: String(format: "job-%02d", index), dsl: "stamp --n=\(index)", description: index == 1 ? "the first" : nil)
            }
            _ = try await Self.execution(client.pool, "job-01", exitCode: 1)
            let completed = try await Self.execution(client.pool, "job-01", exitCode: 0)
            let failed = try await Self.execution(client.pool, "job-02", exitCode: 3)
            let running = try await Self.execution(client.pool, "job-03", exitCode: nil)
            let browser = PagesBrowser(client)

            let first = try await browser.get("/dashboard/tasks/definitions")
            #expect(first.status == 200)
            #expect(Self.rows(first.body) == (0..<20).map { String(format: "job-%02d", $0) })
            #expect(first.body.contains(#"<p id="definitions-total">23 task definitions match.</p>"#))
            #expect(first.body.contains(#"<span id="page-info">Page 1 of 2</span>"#))
            let row1 = try #require(PagesBrowser.element("definition-job-01", tag: "tr", in: first.body))
            #expect(row1.contains(#"<a href="/dashboard/tasks/executions/\#(completed)">#\#(completed)</a>"#), "the newest execution: \(row1)")
            #expect(row1.contains("COMPLETE") && row1.contains("the first") && row1.contains("<code>stamp --n=1</code>"))
            #expect(try #require(PagesBrowser.element("definition-job-02", tag: "tr", in: first.body)).contains("#\(failed)</a> <span class=\"status status-error\">"))
            #expect(try #require(PagesBrowser.element("definition-job-03", tag: "tr", in: first.body)).contains("#\(running)</a> <span class=\"status status-running\">"))
            #expect(try #require(PagesBrowser.element("definition-job-00", tag: "tr", in: first.body)).contains("never launched"))

            let second = try await browser.get(try #require(PagesBrowser.attribute("href", ofId: "next-page", in: first.body)))
            #expect(Self.rows(second.body) == ["job-20", "job-21", "job-22"])
            let searched = try await browser.get("/dashboard/tasks/definitions?search=JOB-1")
            #expect(Self.rows(searched.body) == (10..<20).map { String(format: "job-%02d", $0) }, "the name contains the text, in any case")
            #expect(searched.body.contains(#"<span id="page-info">Page 1 of 1</span>"#))
        }
    }

    @Test("create: a definition with the page's token; a DSL error comes back as 400 with the input and the position marked", arguments: TestDatabase.allCases)
    func create(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            let registry = AppRegistry(pool: client.pool)
            try await registry.register(type: .task, name: "stamp", version: "1.0.0", uri: "docker:example/stamp:1")
            let definitions = TaskDefinitions(pool: client.pool, registry: registry)
            let browser = PagesBrowser(client)
            let page = try await browser.get("/dashboard/tasks/definitions")

            let forged = try await browser.post("/dashboard/tasks/definitions", [("name", "made"), ("dsl", "stamp")], from: page, csrf: false)
            #expect(forged.status == 403)
            #expect(try await definitions.definition(named: "made") == nil)
            let made = try await browser.post("/dashboard/tasks/definitions", [("name", "made"), ("dsl", "stamp --a=1"), ("description", "daily")], from: page)
            #expect(made.status == 303 && made.location == "/dashboard/tasks/definitions/made", "\(made)")
            #expect(try await definitions.definition(named: "made") == TaskDefinition(name: "made", dslText: "stamp --a=1", description: "daily"))
            #expect(try await browser.follow(made).body.contains("Created task definition made."))

            let dsl = "stamp --a=1 <b>"
            let error = try #require(Self.parseError(dsl), "\(dsl) parses")
            let broken = try await browser.post("/dashboard/tasks/definitions", [("name", "broken"), ("dsl", dsl), ("description", "kept")], from: page)
            #expect(broken.status == 400)
            #expect(try await definitions.definition(named: "broken") == nil)
            let units = Array(dsl.utf16)
            let before = String(decoding: units[..<error.position], as: UTF16.self)
            let marked = String(decoding: units[error.position..<(error.position + 1)], as: UTF16.self)
            let after = String(decoding: units[(error.position + 1)...], as: UTF16.self)
            let escape = { (text: String) in
                text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
                    .replacingOccurrences(of: "'", with: "&#39;").replacingOccurrences(of: "\"", with: "&quot;")
            }
            #expect(
                broken.body.contains(#"<pre class="dsl-error" id="dsl-error-position" data-position="\#(error.position)">"# + "\n" + escape(before) + "<mark>" + escape(marked) + "</mark>" + escape(after) + "</pre>"),
                "\(broken.body)")
            #expect(broken.body.contains(#"aria-invalid="true" aria-describedby="definition-dsl-error">"# + "\n" + escape(dsl) + "</textarea>"))
            #expect(broken.body.contains(#"<span id="definition-dsl-error" class="field-error">\#(escape(error.formattedMessage)) (line 1, column \#(error.position + 1))</span>"#))
            #expect(broken.body.contains("(pos \(error.position))"))
            #expect(broken.body.contains(#"id="definition-name" name="name" required value="broken">"#))
            #expect(broken.body.contains(#"value="kept""#))

            let badName = try await browser.post("/dashboard/tasks/definitions", [("name", "bad name"), ("dsl", "stamp")], from: page)
            #expect(badName.status == 400)
            #expect(badName.body.contains(#"aria-invalid="true" aria-describedby="definition-name-error""#))
            #expect(badName.body.contains("is not a valid task definition name"))
            let duplicate = try await browser.post("/dashboard/tasks/definitions", [("name", "made"), ("dsl", "stamp")], from: page)
            #expect(duplicate.status == 409)
            #expect(duplicate.body.contains("another one has already been registered"))
            let unknown = try await browser.post("/dashboard/tasks/definitions", [("name", "other"), ("dsl", "nosuchapp")], from: page)
            #expect(unknown.status == 400)
            #expect(unknown.body.contains("does not exist in the app registry") && !unknown.body.contains("class=\"dsl-error\""))
            #expect(try await definitions.definitions(page: PageRequest()).totalElements == 1)
        }
    }

    @Test("the detail page lists the newest 20 executions; destroy needs the token", arguments: TestDatabase.allCases)
    func detailAndDestroy(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            let registry = AppRegistry(pool: client.pool)
            try await registry.register(type: .task, name: "stamp", version: "1.0.0", uri: "docker:example/stamp:1")
            let definitions = TaskDefinitions(pool: client.pool, registry: registry)
            try await definitions.create(name: "many", dsl: "stamp --format=yyyy", description: "lots")
            for index in 0..<22 { try await Self.execution(client.pool, "many", exitCode: index % 2 == 0 ? 0 : 1) }
            let newest = try await TaskExplorer(pool: client.pool).taskExecutions(name: "many", limit: 20).map(\.executionId)
            let browser = PagesBrowser(client)
            let page = try await browser.get("/dashboard/tasks/definitions/many")
            #expect(page.status == 200)
            #expect(PagesBrowser.ids("task-execution-", in: page.body) == newest)
            #expect(page.body.contains(#"<dd id="definition-execution-count">22</dd>"#))
            #expect(page.body.contains("The newest 20 of 22"))
            #expect(page.body.contains(#"<code id="definition-dsl-text">stamp --format=yyyy</code>"#))
            #expect(page.body.contains(#"<a href="/dashboard/apps?type=task&amp;search=stamp">stamp</a>"#))
            #expect(page.body.contains(#"<label for="launch-properties">"#) && page.body.contains(#"<label for="launch-arguments">"#))
            #expect(!page.body.contains(#"id="launch-platform""#), "one platform: no choice to offer")

            let forged = try await browser.post("/dashboard/tasks/definitions/many/destroy", [], from: page, csrf: false)
            #expect(forged.status == 403)
            #expect(try await definitions.definition(named: "many") != nil)
            let destroyed = try await browser.post("/dashboard/tasks/definitions/many/destroy", [], from: page)
            #expect(destroyed.location == "/dashboard/tasks/definitions")
            #expect(try await definitions.definition(named: "many") == nil)
            #expect(try await TaskExplorer(pool: client.pool).taskExecutionCount(TaskExecutionFilter(taskName: "many")) == 22, "executions stay")
            #expect(try await browser.follow(destroyed).body.contains("Destroyed task definition many."))
            #expect(try await browser.get("/dashboard/tasks/definitions/many").status == 404)
        }
    }
}
