import Database
import DatabaseTestSupport
import Foundation
import TaskRuntime
import Testing

@testable import DataflowServer

@Suite("Dashboard task execution page: masked arguments and properties, the log and where it ends, stop and clean up")
struct DashboardTaskExecutionActionsTests {
    static let fixture = TestProcess.executable("task-fixture").path

    /// The size of a launch's `stdout.log` and `stderr.log`: the position the page must stream from.
    static func logSizes(_ client: ServerHarness.Client, launchId: String) throws -> String {
        let directory = client.directory.appendingPathComponent("launches").appendingPathComponent(launchId)
        return try ["stdout.log", "stderr.log"].map { name in
            let attributes = try FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent(name).path)
            return String((attributes[.size] as? NSNumber)?.intValue ?? -1)
        }.joined(separator: ".")
    }

    @Test("secrets masked; the log rendered up to where the files end, which is where the stream starts", arguments: TestDatabase.allCases)
    func log(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            let path = try client.script("talk.sh", "echo 'out one'\necho 'err one' >&2\necho 'out <two>'\nexit 0")
            try await client.define("talk", app: "talk", path: path)
            let id = try await client.launch("talk", arguments: "--password=hunter2 --plain=yes", properties: "app.talk.token=abc123,app.talk.mode=fast")
            let ended = try await client.ended(id)
            let launchId = try #require(ended["externalExecutionId"].string)
            let browser = PagesBrowser(client)
            let page = try await browser.get("/dashboard/tasks/executions/\(id)")
            #expect(page.status == 200)
            #expect(page.body.contains(#"<span id="task-status"><span class="status status-completed"><span aria-hidden="true">✓</span> COMPLETE</span>"#))
            #expect(page.body.contains(#"<dd id="task-exit-code">0</dd>"#))
            #expect(page.body.contains("<li><code>--password=******</code></li>") && page.body.contains("<li><code>--plain=yes</code></li>"))
            #expect(page.body.contains(#"id="arguments-as-launched""#), "a plain script records no arguments; the launch's are shown")
            let properties = try #require(PagesBrowser.element("task-properties", tag: "table", in: page.body))
            #expect(properties.contains("<tr><th scope=\"row\"><code>app.talk.mode</code></th><td><code>fast</code></td></tr>"))
            #expect(properties.contains("<tr><th scope=\"row\"><code>app.talk.token</code></th><td><code>******</code></td></tr>"))
            #expect(!page.body.contains("hunter2") && !page.body.contains("abc123"))

            let log = try #require(PagesBrowser.element("task-log", tag: "pre", in: page.body))
            #expect(log.contains(#"data-live-log="\#(id)" data-live-offset="\#(try Self.logSizes(client, launchId: launchId))""#), "\(log)")
            #expect(log.hasSuffix(">\nout one\nout &lt;two&gt;\nerr one\n</pre>"), "\(log)")
            #expect(!page.body.contains(#"id="log-truncated""#))
            #expect(page.body.contains(#"<a href="/tasks/logs/\#(launchId)">"#))
            #expect(page.body.contains(#"id="cleanup""#) && !page.body.contains(#"id="stop""#))
        }
    }

    @Test("a long log shows its last 256 KB of whole lines and says so", arguments: [TestDatabase.sqlite])
    func longLog(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            let path = try client.script("count.sh", "seq 1 60000")
            try await client.define("count", app: "count", path: path)
            let id = try await client.launch("count")
            let launchId = try #require(try await client.ended(id)["externalExecutionId"].string)
            let page = try await PagesBrowser(client).get("/dashboard/tasks/executions/\(id)")
            #expect(page.body.contains(#"<p id="log-truncated">Only the last 256 KB are shown here. <a href="/tasks/logs/\#(launchId)">Read the full log</a>.</p>"#))
            let log = try #require(PagesBrowser.element("task-log", tag: "pre", in: page.body))
            #expect(log.contains(#"data-live-offset="\#(try Self.logSizes(client, launchId: launchId))""#))
            let text = try #require(PagesBrowser.first(#"^<pre[^>]*>\n([\s\S]*)</pre>$"#, in: log))
            #expect(text.utf8.count <= 256 * 1024 && text.utf8.count > 250 * 1024)
            let numbers = text.split(separator: "\n").map { Int($0) ?? -1 }
            let start = try #require(numbers.first)
            #expect(start > 1 && numbers == Array(start...60000), "whole lines, the last ones, in order")
        }
    }

    @Test("stop and clean up go through a confirmation page and need the token", arguments: TestDatabase.allCases)
    func stopAndCleanup(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            try await client.define("waiter", app: "fixture", path: Self.fixture)
            let id = try await client.launch("waiter", arguments: "wait")
            let explorer = TaskExplorer(pool: client.pool)
            try await poll("the task to start") { try await explorer.taskExecution(id: Int64(id))?.status == .running }
            let browser = PagesBrowser(client)
            let running = try await browser.get("/dashboard/tasks/executions/\(id)")
            #expect(running.body.contains(#"<a class="button danger" id="stop" href="/dashboard/tasks/executions/\#(id)/stop">Stop</a>"#))
            #expect(!running.body.contains(#"id="cleanup""#))

            let confirm = try await browser.get("/dashboard/tasks/executions/\(id)/stop")
            #expect(confirm.status == 200)
            #expect(confirm.body.contains(#"<form method="post" action="/dashboard/tasks/executions/\#(id)/stop""#))
            #expect(confirm.body.contains("Stop task execution \(id)</button>"))
            let forged = try await browser.post("/dashboard/tasks/executions/\(id)/stop", [], from: confirm, csrf: false)
            #expect(forged.status == 403)
            #expect(try await explorer.taskExecution(id: Int64(id))?.endTime == nil, "still running")
            let stopped = try await browser.post("/dashboard/tasks/executions/\(id)/stop", [], from: confirm)
            #expect(stopped.location == "/dashboard/tasks/executions/\(id)")
            #expect(try await client.ended(id)["exitCode"].int == 143)
            #expect(try await browser.follow(stopped).body.contains("Asked task execution \(id) to stop"))
            let again = try await browser.post("/dashboard/tasks/executions/\(id)/stop", [], from: confirm)
            #expect(try await browser.follow(again).body.contains("is not running"), "a refusal comes back as the notice")

            let launch = try #require(try await client.get("/tasks/executions/\(id)").json["externalExecutionId"].string)
            let directory = client.directory.appendingPathComponent("launches").appendingPathComponent(launch).path
            #expect(FileManager.default.fileExists(atPath: directory))
            let cleanup = try await browser.get("/dashboard/tasks/executions/\(id)/cleanup")
            #expect(cleanup.body.contains(#"id="confirm-files" name="scope" value="files""#) && cleanup.body.contains(#"id="confirm-all" name="scope" value="all""#))
            let files = try await browser.post("/dashboard/tasks/executions/\(id)/cleanup", [("scope", "files")], from: cleanup)
            #expect(files.location == "/dashboard/tasks/executions/\(id)")
            #expect(!FileManager.default.fileExists(atPath: directory), "the log and working directory are gone")
            let after = try await browser.follow(files)
            #expect(try await explorer.taskExecution(id: Int64(id)) != nil, "the record stays")
            #expect(after.body.contains("Removed the log and working directory of task execution \(id)") && after.body.contains(#"id="log-empty""#))
        }
    }
}
