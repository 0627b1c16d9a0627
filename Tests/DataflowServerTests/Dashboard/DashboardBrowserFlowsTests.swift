import BatchRuntime
import DatabaseTestSupport
import Foundation
import TaskRuntime
import Testing

@testable import DataflowServer

#if canImport(Glibc)
import Glibc
#endif

/// What a user does in the dashboard, clicked in a real Chromium against the real csv-import
/// launched by the server: restart a failed import, stop a running one, watch one run from the
/// overview, and, signed in as a viewer, find no action offered and a forged one refused.
///
/// The import is held at chunk boundaries as the end-to-end tests hold it (its input a named
/// pipe the test feeds, ``InputFeed``), or, where it must read a regular file (a restart seeks
/// to its last committed chunk), by ``ImportGate``. Every wait is for an event (a text on the
/// page, a row in the database), never for a time; "no reload" is checked by a mark left on
/// the page's window.
@Suite("Dashboard in a browser: flows", .serialized)
struct DashboardBrowserFlowsTests {
    static let chunk = JobRestartThroughServerTests.chunk

    @Test("restart a failed csv-import from its page: the new execution resumes after the last committed chunk and completes on screen",
          arguments: TestDatabase.allCases)
    func restartFailed(_ database: TestDatabase) async throws {
        let chunk = Self.chunk
        let rows = 4 * chunk + 7
        try await ServerHarness.with(database) { client in
            let path = client.directory.appendingPathComponent("transactions.csv").path
            try (InputFeed.header + InputFeed.rows(1...rows, badRow: 2 * chunk + 3)).write(toFile: path, atomically: true, encoding: .utf8)
            let gate = try ImportGate(client, input: path)
            try await client.define("import", app: "csv-import", path: gate.app)
            let task = try await client.launch("import", arguments: "input.file=\(path) chunk.size=\(chunk),java.lang.Long,false")
            #expect(try await client.ended(task)["exitCode"].int == 1)
            let explorer = JobExplorer(pool: client.pool)
            let failed = try await JobRestartThroughServerTests.newest(client, after: nil)
            #expect(failed.status == .failed)
            #expect(try await JobRestartThroughServerTests.written(client, failed.id) == Int64(2 * chunk))
            // The bad row fixed; the restart will stop when it opens the file.
            try (InputFeed.header + InputFeed.rows(1...rows)).write(toFile: path, atomically: true, encoding: .utf8)
            try gate.arm()

            let newTask = try await Browser.on(client) { browser in
                try await browser.visit("dashboard/jobs/executions/\(failed.id)", screenshot: "flow-restart-failed-\(database)")
                #expect(Shown.status(try await browser.text("#job-status")) == "FAILED")
                #expect(try await browser.texts("tr[data-step='importTransactions'] td[data-count='written']") == ["\(2 * chunk)"])
                try await browser.click("#restart")
                try await browser.waitForURL(containing: "/dashboard/jobs/executions/\(failed.id)/restart")
                #expect(try await browser.text("h1") == "Restart importTransactions #\(failed.id)?")
                #expect(try await browser.consoleErrors() == [])
                try await browser.screenshot("flow-restart-confirm-\(database)")
                try await browser.click("#confirm")
                // The new task execution's page, with the notice.
                let landed = try await browser.waitForURL(containing: "/dashboard/tasks/executions/")
                let newTask = try #require(Int64(landed.split(separator: "/").last.map(String.init) ?? ""), "\(landed)")
                #expect(newTask > Int64(task))
                try await browser.waitForText("#task-status", containing: "")
                #expect(try await browser.text(".notice-success") == "Restarted job execution \(failed.id) as task execution \(newTask).")
                #expect(try await browser.consoleErrors() == [])
                try await browser.markPage()

                // Its job execution appears on it while the gate holds the import before its first row.
                var resumedId: Int64?
                try await poll("the job execution of task execution \(newTask)") {
                    resumedId = try await TaskExplorer(pool: client.pool).jobExecutionIds(ofTaskExecution: newTask).first
                    return resumedId != nil
                }
                let resumed = try #require(resumedId)
                let owner = try #require(try await JobRepository(pool: client.pool).owner(ofJobExecution: resumed))
                try await ImportGate.waitUntilHeld(owner.pid)
                try await browser.waitForText("#job-execution-\(resumed) .status", containing: "STARTED")
                #expect(try await browser.isSamePage(), "the job's row came live")
                #expect(Shown.status(try await browser.text("#task-status")) == "RUNNING")
                try await browser.screenshot("flow-restart-task-execution-\(database)")
                try await browser.click("#job-execution-\(resumed) a")
                try await browser.waitForText("#job-status", containing: "STARTED")
                #expect(try await browser.url().hasSuffix("/dashboard/jobs/executions/\(resumed)"))
                #expect(try await browser.consoleErrors() == [])
                try await browser.screenshot("flow-restart-resumed-running-\(database)")
                #expect(Shown.status(try await browser.text("#job-status")) == "STARTED")
                #expect(try await browser.exists("#stop"), "a running execution can be stopped")
                #expect(try await !browser.exists("#restart"))
                try await browser.markPage()
                ImportGate.release(owner.pid)
                try await browser.waitForText("#job-status", containing: "COMPLETED")
                try await browser.waitForText("tr[data-step='importTransactions'] td[data-count='written']", containing: "\(rows - 2 * chunk)")
                #expect(try await browser.isSamePage(), "updated live, not reloaded")
                #expect(try await browser.texts("tr[data-step='importTransactions'] td[data-count='read']") == ["\(rows - 2 * chunk)"])
                #expect(try await !browser.exists("#stop"))
                #expect(try await browser.consoleErrors() == [])
                try await browser.screenshot("flow-restart-resumed-completed-\(database)")

                let completed = try #require(try await explorer.jobExecution(id: resumed))
                #expect(completed.status == .completed)
                #expect(completed.instance.id == failed.instance.id, "the same job instance")
                #expect(completed.taskExecutionId == newTask)

                // Back on the task execution's page, the task ends too.
                try await browser.visit("dashboard/tasks/executions/\(newTask)", screenshot: "flow-restart-task-execution-open-\(database)")
                try await browser.waitForText("#task-status", containing: "COMPLETE")
                try await browser.waitForText("#task-exit-code", containing: "0")
                #expect(Shown.status(try await browser.text("#job-execution-\(resumed) .status")) == "COMPLETED")
                return newTask
            }
            #expect(try await client.ended(Int(newTask))["exitCode"].int == 0)
            try await JobRestartThroughServerTests.expectEveryRowOnce(client, rows)
        }
    }

    @Test("stop a running csv-import from its page: STOPPED at its next chunk boundary, shown without a reload, then offered a restart",
          arguments: TestDatabase.allCases)
    func stopRunning(_ database: TestDatabase) async throws {
        let chunk = Self.chunk
        let chunks = 2
        try await ServerHarness.with(database) { client in
            let feed = try InputFeed(client.directory.appendingPathComponent("input.csv").path)
            defer { feed.close() }
            try feed.write(InputFeed.header + InputFeed.rows(1...(chunks * chunk)))
            try await client.define("import", app: "csv-import", path: JobRestartThroughServerTests.csvImport)
            // Every chunk boundary asks the repository for stop requests.
            let task = try await client.launch(
                "import", arguments: "input.file=\(feed.path) chunk.size=\(chunk),java.lang.Long,false --batch.stop-check-interval=0")
            let running = try await JobRestartThroughServerTests.committed(client, task: task, rows: chunks * chunk)
            let explorer = JobExplorer(pool: client.pool)

            try await Browser.on(client) { browser in
                try await browser.visit("dashboard/jobs/executions/\(running.id)", screenshot: "flow-stop-running-\(database)")
                #expect(Shown.status(try await browser.text("#job-status")) == "STARTED")
                #expect(try await browser.texts("tr[data-step='importTransactions'] td[data-count='written']") == ["\(chunks * chunk)"])
                #expect(try await !browser.exists("#restart"))
                try await browser.click("#stop")
                try await browser.waitForURL(containing: "/dashboard/jobs/executions/\(running.id)/stop")
                #expect(try await browser.text("h1") == "Stop importTransactions #\(running.id)?")
                #expect(try await browser.consoleErrors() == [])
                try await browser.screenshot("flow-stop-confirm-\(database)")
                try await browser.click("#confirm")
                try await browser.waitForText(".notice-success", containing: "Asked job execution \(running.id) to stop")
                #expect(try await browser.url().hasSuffix("/dashboard/jobs/executions/\(running.id)"))
                #expect(try await browser.consoleErrors() == [])
                try await browser.markPage()
                let before = try await JobRestartThroughServerTests.written(client, running.id)
                // The import is reading the next chunk: give it that chunk only; it stops at the boundary after it.
                try feed.write(InputFeed.rows((chunks * chunk + 1)...((chunks + 1) * chunk)))
                try await browser.waitForText("#job-status", containing: "STOPPED")
                try await browser.waitForCount("#restart", 1)
                #expect(try await browser.isSamePage(), "updated live, not reloaded")
                #expect(try await !browser.exists("#stop"))
                #expect(try await browser.consoleErrors() == [])
                try await browser.screenshot("flow-stop-stopped-\(database)")

                let stopped = try #require(try await explorer.jobExecution(id: running.id))
                #expect(stopped.status == .stopped)
                let after = try await JobRestartThroughServerTests.written(client, running.id)
                #expect(after <= before + Int64(chunk), "stopped within one chunk: \(before) written at the request, \(after) at the end")
                #expect(try await browser.texts("tr[data-step='importTransactions'] td[data-count='written']") == ["\(after)"])
                #expect(try await explorer.state(of: stopped).restartable)
            }
            #expect(try await client.ended(task)["exitCode"].int == 1)
        }
    }

    @Test("the overview shows a running csv-import appear, its read count rise chunk by chunk, and go when it ends, without a reload",
          arguments: TestDatabase.allCases)
    func liveOverview(_ database: TestDatabase) async throws {
        let chunk = Self.chunk
        let rows = 2 * chunk + 17
        try await ServerHarness.with(database) { client in
            let feed = try InputFeed(client.directory.appendingPathComponent("input.csv").path)
            defer { feed.close() }
            try await client.define("import", app: "csv-import", path: JobRestartThroughServerTests.csvImport)
            try await Browser.on(client) { browser in
                try await browser.visit("dashboard", screenshot: "flow-live-idle-\(database)")
                #expect(try await browser.text("#nothing-running") == "Nothing is running.")
                try await browser.markPage()

                try feed.write(InputFeed.header + InputFeed.rows(1...chunk))
                let task = try await client.launch("import", arguments: "input.file=\(feed.path) chunk.size=\(chunk),java.lang.Long,false")
                let running = try await JobRestartThroughServerTests.committed(client, task: task, rows: chunk)
                let read = "#running-job-\(running.id)[data-step='importTransactions'] td[data-count='read']"
                // The import is blocked reading its second chunk: the count can only be the first's.
                try await browser.waitForText(read, containing: "\(chunk)")
                #expect(try await browser.texts(read) == ["\(chunk)"])
                #expect(try await !browser.exists("#nothing-running"))
                #expect(try await browser.text("#running-job-\(running.id) th a") == "importTransactions #\(running.id)")
                try await browser.screenshot("flow-live-first-chunk-\(database)")

                try feed.write(InputFeed.rows((chunk + 1)...(2 * chunk)))
                try await browser.waitForText(read, containing: "\(2 * chunk)")
                #expect(try await browser.texts(read) == ["\(2 * chunk)"])
                #expect(try await browser.texts("#running-job-\(running.id)[data-step='importTransactions'] td[data-count='commits']") == ["2"])
                try await browser.screenshot("flow-live-second-chunk-\(database)")

                try feed.write(InputFeed.rows((2 * chunk + 1)...rows))
                feed.close()
                try await browser.waitForText("#nothing-running", containing: "Nothing is running.")
                #expect(try await !browser.exists("tr.running-job"))
                #expect(try await browser.isSamePage(), "updated live, not reloaded")
                #expect(try await browser.consoleErrors() == [])
                try await browser.screenshot("flow-live-done-\(database)")
                #expect(try await JobExplorer(pool: client.pool).jobExecution(id: running.id)?.status == .completed)
                #expect(try await client.ended(task)["exitCode"].int == 0)
            }
            try await JobRestartThroughServerTests.expectEveryRowOnce(client, rows)
        }
    }

    @Test("launch a definition from its form: the task execution's page shows its log lines as the task writes them, then its end, without a reload",
          arguments: TestDatabase.allCases)
    func launchFromForm(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            // A task app (task-fixture, which records its start and end) that ends when its input
            // does, fed the lines the test writes into a named pipe; a loop logs each line as it passes.
            let feed = try InputFeed(client.directory.appendingPathComponent("lines").path)
            defer { feed.close() }
            let fixture = TestProcess.executable("task-fixture").path
            let app = try client.script(
                "relay.sh",
                """
                echo "relay: started with $*" >&2
                cat '\(feed.path)' | while IFS= read -r line; do echo "$line" >&2; echo "$line"; done | '\(fixture)' exit-on-eof 0 "$@"
                status=$?
                echo 'relay: done' >&2
                exit $status
                """)
            try await client.define("relay", app: "relay", path: app)
            try await Browser.on(client) { browser in
                try await browser.visit("dashboard/tasks/definitions/relay", screenshot: "flow-launch-definition-\(database)")
                #expect(try await browser.exists("#no-executions"))
                try await browser.fill("#launch-arguments", with: "--greeting=hello")
                try await browser.click("#launch")
                let landed = try await browser.waitForURL(containing: "/dashboard/tasks/executions/")
                let id = try #require(Int64(landed.split(separator: "/").last.map(String.init) ?? ""), "\(landed)")
                try await browser.waitForText(".notice-success", containing: "Launched relay as task execution \(id).")
                #expect(try await browser.consoleErrors() == [])
                try await browser.markPage()
                let log = "pre[data-live-log='\(id)']"
                try await browser.waitForText(log, containing: "relay: started with")
                #expect(try await browser.text(log).contains("--greeting=hello"), "the argument typed in the form")
                try await browser.waitForText("#task-status", containing: "RUNNING")
                try await browser.waitForText(log, containing: "started \(id)")
                #expect(try await browser.exists("#stop"), "a running launch can be stopped")
                try await browser.screenshot("flow-launch-running-\(database)")

                try feed.write("first line from the test\n")
                try await browser.waitForText(log, containing: "first line from the test")
                try feed.write("second line from the test\n")
                try await browser.waitForText(log, containing: "second line from the test")
                #expect(try await !browser.text(log).contains("relay: done"), "the task still runs")
                try await browser.screenshot("flow-launch-log-\(database)")
                feed.close()
                try await browser.waitForText("#task-status", containing: "COMPLETE")
                try await browser.waitForText(log, containing: "relay: done")
                #expect(try await browser.text("#task-exit-code") == "0")
                #expect(try await browser.isSamePage(), "updated live, not reloaded")
                let text = try await browser.text(log)
                for line in ["relay: started with", "started \(id)", "first line from the test", "second line from the test", "relay: done"] {
                    #expect(text.components(separatedBy: line).count == 2, "'\(line)' once in: \(text)")
                }
                #expect(try await !browser.exists("#stop"))
                #expect(try await browser.consoleErrors() == [])
                try await browser.screenshot("flow-launch-complete-\(database)")
                let ended = try #require(try await TaskExplorer(pool: client.pool).taskExecution(id: id))
                #expect(ended.exitCode == 0 && ended.taskName == "relay")

                // The definition lists it.
                try await browser.visit("dashboard/tasks/definitions/relay", screenshot: "flow-launch-definition-after-\(database)")
                #expect(try await browser.ids("table.task-executions tbody tr") == ["task-execution-\(id)"])
            }
        }
    }

    @Test("a definition with a DSL error comes back with the text kept and the error's position marked", arguments: TestDatabase.allCases)
    func definitionWithDSLError(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            try await client.define("stamp", app: "stamp", path: try client.script("stamp.sh", "exit 0"))
            let dsl = "stamp --a=1 <b>"
            let error = try #require(DashboardTaskDefinitionPagesTests.parseError(dsl), "\(dsl) parses")
            let units = Array(dsl.utf16)
            let marked = String(decoding: units[error.position..<(error.position + 1)], as: UTF16.self)
            try await Browser.on(client) { browser in
                try await browser.visit("dashboard/tasks/definitions", screenshot: "flow-dsl-form-\(database)")
                try await browser.fill("#definition-name", with: "broken")
                try await browser.fill("#definition-dsl", with: dsl)
                try await browser.fill("#definition-description", with: "kept")
                try await browser.click("form.stacked button[type=submit]")
                try await browser.waitForText(".dsl-error mark", containing: marked)
                #expect(try await browser.text(".dsl-error mark") == marked)
                #expect(try await browser.text(".dsl-error") == dsl, "the whole text, the error's character marked")
                #expect(try await browser.attribute("data-position", of: ".dsl-error") == "\(error.position)")
                #expect(try await browser.text("#definition-dsl-error").hasSuffix("(line 1, column \(error.position + 1))"))
                #expect(try await browser.attribute("aria-invalid", of: "#definition-dsl") == "true")
                #expect(try await browser.value(of: "#definition-dsl") == dsl)
                #expect(try await browser.value(of: "#definition-name") == "broken")
                #expect(try await browser.value(of: "#definition-description") == "kept")
                #expect(try await browser.text("#create-error").contains("was not created"))
                // The refusal is the page with status 400, which Chromium logs as a failed load; nothing else may be logged.
                let errors = try await browser.consoleErrors().filter { !$0.contains("status of 400") }
                #expect(errors == [])
                try await browser.screenshot("flow-dsl-error-\(database)")

                // Corrected, it is created.
                try await browser.fill("#definition-dsl", with: "stamp --a=1")
                try await browser.click("form.stacked button[type=submit]")
                try await browser.waitForText("h1", containing: "Task definition broken")
                #expect(try await browser.text("#definition-dsl-text") == "stamp --a=1")
                #expect(try await browser.consoleErrors() == [])
            }
            #expect(try await TaskDefinitions(pool: client.pool, registry: AppRegistry(pool: client.pool)).definition(named: "broken")?.dslText == "stamp --a=1")
        }
    }

    @Test("signed in as a viewer through the form: no action offered on any page, and a forged restart with the page's token is refused",
          arguments: TestDatabase.allCases)
    func viewerSeesNoActions(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database, configure: SecurityTests.configure) { client in
            let failed = try await JobHistory.write(client.pool, job: "ledger", parameters: ["day=1"], status: .failed, task: "ledger-task")
            let running = try await JobHistory.write(
                client.pool, job: "reconcile", status: .started, task: "reconcile-task", taskOwner: .current(), owner: .current(), start: 60,
                steps: [.init(name: "load", status: .started, read: 10)])
            let stopped = try await JobHistory.write(client.pool, job: "ledger", parameters: ["day=2"], status: .stopped, start: 120)
            let registry = AppRegistry(pool: client.pool)
            _ = try await registry.register(type: .task, name: "ledger-task", version: "1.0.0", uri: try client.script("ledger.sh", "exit 0"))
            _ = try await TaskDefinitions(pool: client.pool, registry: registry).create(name: "ledger-task", dsl: "ledger-task")
            let explorer = JobExplorer(pool: client.pool)
            let tasksBefore = try await TaskExplorer(pool: client.pool).taskExecutionCount()

            try await Browser.on(client) { browser in
                try await browser.open("dashboard/jobs/executions/\(failed.execution.id)")
                try await browser.waitForURL(containing: "/dashboard/login")
                try await browser.fill("#username", with: "viewer")
                try await browser.fill("#password", with: "secret")
                try await browser.submit("#password")
                try await browser.waitForText("#job-status", containing: "FAILED")
                #expect(try await browser.url().hasSuffix("/dashboard/jobs/executions/\(failed.execution.id)"), "where the viewer was headed")
                #expect(try await browser.text(".signed-in span") == "viewer")

                let ids = [failed, running, stopped].map(\.execution.id)
                let failedTask = try #require(failed.taskExecutionId)
                let runningTask = try #require(running.taskExecutionId)
                var paths = ["dashboard", "dashboard/jobs", "dashboard/jobs/executions", "dashboard/about"] + ids.map { "dashboard/jobs/executions/\($0)" }
                paths += [
                    "dashboard/apps", "dashboard/tasks/definitions", "dashboard/tasks/definitions/ledger-task", "dashboard/tasks/executions",
                    "dashboard/tasks/executions/\(failedTask)", "dashboard/tasks/executions/\(runningTask)",
                ]
                // The confirmation pages, reached by their URL only.
                paths += ["restart", "abandon"].map { "dashboard/jobs/executions/\(failed.execution.id)/\($0)" }
                paths += ["dashboard/jobs/executions/\(running.execution.id)/stop"]
                paths += ["dashboard/tasks/executions/\(runningTask)/stop", "dashboard/tasks/executions/\(failedTask)/cleanup"]
                for path in paths {
                    try await browser.visit(path, screenshot: "viewer-\(path.replacingOccurrences(of: "/", with: "-"))-\(database)")
                    for action in ["#restart", "#stop", "#abandon", "#confirm", "#confirm-files", "#confirm-all", "#cleanup", "#destroy", "#launch"] {
                        #expect(try await !browser.exists(action), "\(path) offers \(action) to a viewer")
                    }
                    let posting = try await browser.attributes("action", of: "form[method=post]").compactMap { $0 }
                    #expect(posting == ["/dashboard/logout"], "\(path): the viewer may post only the sign-out form: \(posting)")
                    // Buttons: the sign-out, and those of the lists' filters (forms that only GET).
                    let buttons = try await browser.eval(
                        "return Array.from(document.querySelectorAll('button')).filter(b => !(b.form && b.form.method === 'get')).map(b => b.textContent.trim())",
                        as: [String].self)
                    #expect(buttons == ["Sign out"], "\(path): \(buttons)")
                    // A confirmation page says why there is nothing to confirm.
                    let role = path.hasSuffix("/cleanup") ? "DESTROY" : path.contains("/tasks/") ? "DEPLOY" : "MODIFY"
                    if ["/restart", "/abandon", "/stop", "/cleanup"].contains(where: path.hasSuffix) {
                        #expect(try await browser.text("#refusal") == "Your roles do not allow this: it needs the role \(role).", "\(path)")
                    }
                }

                // A forged restart from the same session, with the page's own token: refused, nothing changed.
                try await browser.open("dashboard/jobs/executions/\(failed.execution.id)")
                let token = try #require(try await browser.attribute("value", of: "input[name=_csrf]"))
                let answer = try await browser.eval(
                    """
                    return fetch('/dashboard/jobs/executions/\(failed.execution.id)/restart', {
                        method: 'POST', credentials: 'same-origin', redirect: 'manual',
                        headers: {'Content-Type': 'application/x-www-form-urlencoded'},
                        body: new URLSearchParams({_csrf: \(Browser.literal(token))}).toString()
                    }).then(response => response.text().then(text => [String(response.status), text]));
                    """, as: [String].self)
                #expect(answer.first == "403", "\(answer)")
                #expect(answer.last?.contains("needs the role MODIFY") == true, "\(answer)")
                let refused = try await browser.consoleErrors()
                #expect(refused.allSatisfy { $0.contains("403") }, "only the refused load is logged: \(refused)")
            }
            #expect(try await explorer.jobExecution(id: failed.execution.id)?.status == .failed)
            #expect(try await explorer.jobExecutions(ofInstance: failed.execution.instance.id).map(\.id) == [failed.execution.id])
            #expect(try await explorer.jobExecution(id: running.execution.id)?.status == .started)
            #expect(try await TaskExplorer(pool: client.pool).taskExecutionCount() == tasksBefore, "no task launched")
        }
    }
}
