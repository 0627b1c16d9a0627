import BatchRuntime
import DatabaseTestSupport
import Foundation
import HTTPTypes
import NIOCore
import TaskRuntime
import Testing

@testable import DataflowServer

/// Every dashboard page in a real Chromium: it loads without console errors and its DOM shows
/// what the database holds, read back through the explorers; a screenshot of each page is kept
/// in .test-output/screenshots/. One browser at a time (the suite and its nested suites run
/// serialized); the flows have their own suite.
@Suite("Dashboard in a browser: pages", .serialized)
struct DashboardBrowserPagesTests {
    /// The job scenario, plus a job whose process died while it ran, the task app `nightly`
    /// and its definition (written through the services, so security may be on), and one
    /// launch of it by the server, which logs a line.
    struct History: Sendable {
        var scenario: JobScenario
        var dead: JobHistory.Written
        /// The task execution the server launched.
        var launched: Int64
        var all: [JobHistory.Written] { scenario.all + [dead] }

        static func write(_ client: ServerHarness.Client) async throws -> History {
            let app = try client.script("nightly.sh", "echo 'nightly: 3 files rotated'\nexit 0")
            let registry = AppRegistry(pool: client.pool)
            _ = try await registry.register(type: .task, name: "nightly", version: "1.0.0", uri: app)
            _ = try await TaskDefinitions(pool: client.pool, registry: registry).create(name: "nightly", dsl: "nightly --keep=7", description: "Rotates the logs")
            let scenario = try await JobScenario.write(client, defining: false)
            let dead = try await JobHistory.write(
                client.pool, job: "reconcileJob", parameters: ["day=2026-01-01"], status: .started, owner: JobHistory.deadOwner(), start: 300,
                steps: [.init(name: "load", read: 20, written: 20), .init(name: "match", status: .started, read: 7)])
            // Launched as an admin would (the credentials are ignored when security is off).
            var headers = HTTPFields()
            headers[.authorization] = "Basic " + Data("admin:secret".utf8).base64EncodedString()
            headers[.contentType] = "application/x-www-form-urlencoded"
            let reply = try await client.send(.post, "/tasks/executions/launch", headers: headers, body: ByteBuffer(string: "name=nightly"))
            let body = String(buffer: reply.body ?? ByteBuffer())
            #expect(reply.status.code == 201, "\(body)")
            let launched = Int64(try #require(JSON(parsing: body)["executionId"].int, "\(body)"))
            try await poll("the end of task execution \(launched)") {
                try await TaskExplorer(pool: client.pool).taskExecution(id: launched)?.endTime != nil
            }
            return History(scenario: scenario, dead: dead, launched: launched)
        }
    }

    @Test("overview, job grid, job executions and about show the database's executions", arguments: TestDatabase.allCases)
    func listPages(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            let history = try await History.write(client)
            let explorer = JobExplorer(pool: client.pool)
            try await Browser.on(client) { browser in
                // The overview: what runs, with its steps; the recent failures, each with restart when it may.
                #expect(try await browser.visit("dashboard", screenshot: "overview-\(database)") == "Overview · swift-batch Data Flow")
                let running = try await explorer.runningExecutions(jobName: nil, limit: 20).map(\.execution)
                #expect(Set(running.map(\.id)) == [history.scenario.running.execution.id, history.dead.execution.id])
                #expect(try await browser.ids("tr.running-job") == running.map { "running-job-\($0.id)" })
                let runningStates = try await explorer.states(of: running)
                for execution in running {
                    // One row per execution: its status, and the step it is at with that step's counters.
                    let row = "#running-job-\(execution.id)"
                    #expect(Shown.status(try await browser.text("\(row) td .status")) == Shown.status(execution, runningStates[execution.id]))
                    let steps = try await explorer.stepExecutions(ofJobExecution: execution.id)
                    let alive = runningStates[execution.id]?.isDead == false
                    let current = steps.last { $0.status.isRunning && alive } ?? steps.last
                    #expect(try await browser.attribute("data-step", of: row) == current?.stepName)
                    if let current {
                        let counts = Shown.counts(current)
                        #expect(try await browser.texts("\(row) td[data-count]") == [counts[0], counts[1], counts[4]])
                    }
                }
                #expect(try await !browser.exists("#nothing-running"))
                let failed = try await explorer.jobExecutions(JobExecutionFilter(statuses: [.failed]), limit: 10)
                #expect(failed.map(\.id) == [history.scenario.failed.execution.id])
                #expect(try await browser.ids("table.failures tbody tr") == failed.map { "failure-\($0.id)" })
                let failedStates = try await explorer.states(of: failed)
                for execution in failed {
                    #expect(Array(try await browser.texts("#failure-\(execution.id) td").prefix(2)) == ["\(execution.id)", execution.jobName])
                    #expect(try await browser.exists("#failure-\(execution.id) form[action$='/\(execution.id)/restart'] button") == failedStates[execution.id]?.restartable)
                }

                // The job grid: each job by name, its last executions oldest first, each cell its status.
                try await browser.visit("dashboard/jobs", screenshot: "job-grid-\(database)")
                let names = try await explorer.jobNames()
                #expect(names == ["exportJob", "importJob", "reconcileJob"])
                #expect(try await browser.attributes("data-job", of: "table.grid tbody tr") == names)
                for name in names {
                    let executions = try await explorer.jobExecutions(jobName: name, limit: 20).reversed()
                    let cells = "tr[data-job='\(name)'] td.cells a"
                    #expect(try await browser.ids(cells) == executions.map { "cell-\($0.id)" })
                    let titles = try await browser.attributes("title", of: cells)
                    for (title, execution) in zip(titles, executions) {
                        #expect(title?.hasPrefix("Execution \(execution.id): \(execution.status.rawValue)") == true, "\(String(describing: title))")
                    }
                    #expect(try await browser.attributes("href", of: cells) == executions.map { "/dashboard/jobs/executions/\($0.id)" })
                }

                // Job executions: the newest first with their columns; then filtered through the form.
                try await browser.visit("dashboard/jobs/executions", screenshot: "job-executions-\(database)")
                try await Self.expectExecutionRows(browser, explorer, JobExecutionFilter())
                try await browser.select("#filter-status", value: "FAILED")
                try await browser.submit("#filter-status")
                try await browser.waitForURL(containing: "status=FAILED")
                try await Self.expectExecutionRows(browser, explorer, JobExecutionFilter(statuses: [.failed]))
                // The job filter offers every job's name, sorted, after "Any job".
                let jobNames = try await explorer.jobNames()
                #expect(try await browser.texts("#filter-name option") == ["Any job"] + jobNames)
                let chosen = try #require(jobNames.first { $0.contains("export") })
                try await browser.select("#filter-name", value: chosen)
                try await browser.select("#filter-status", value: "")
                try await browser.submit("#filter-name")
                try await browser.waitForURL(containing: "name=\(chosen)")
                try await Self.expectExecutionRows(browser, explorer, JobExecutionFilter(jobName: chosen))
                #expect(try await browser.consoleErrors() == [])
                try await browser.screenshot("job-executions-filtered-\(database)")

                // About: the version and the database.
                #expect(try await browser.visit("dashboard/about", screenshot: "about-\(database)") == "About · swift-batch Data Flow")
                #expect(try await browser.text("#version") == AboutInfo.version)
                #expect(try await browser.text("#database").hasPrefix(database == .sqlite ? "SQLite" : "PostgreSQL"))
                #expect(try await browser.texts("table.platforms tbody th") == ["default"])
            }
        }
    }

    @Test("each job execution page shows its status, steps, parameters and the actions its state allows; each confirmation names its action",
          arguments: TestDatabase.allCases)
    func jobExecutionPages(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            let history = try await History.write(client)
            let explorer = JobExplorer(pool: client.pool)
            try await Browser.on(client) { browser in
                for written in history.all {
                    let id = written.execution.id
                    let execution = try #require(try await explorer.jobExecution(id: id))
                    let state = try await explorer.state(of: execution)
                    let title = try await browser.visit("dashboard/jobs/executions/\(id)", screenshot: "job-execution-\(execution.jobName)-\(id)-\(database)")
                    #expect(title == "\(execution.jobName) #\(id) · swift-batch Data Flow")
                    #expect(Shown.status(try await browser.text("#job-status")) == Shown.status(execution, state))
                    #expect(try await browser.text("#exit-code") == execution.exitStatus.exitCode)
                    #expect(try await browser.exists("[role=alert]") == state.isDead, "the dead execution says so")
                    let facts = Dictionary(
                        uniqueKeysWithValues: zip(try await browser.texts("dl.facts dt"), try await browser.texts("dl.facts dd")))
                    #expect(facts["Job instance"] == "\(execution.instance.id)")
                    #expect(facts["Task execution"] == execution.taskExecutionId.map(String.init))

                    let steps = try await explorer.stepExecutions(ofJobExecution: id)
                    #expect(try await browser.texts("table.steps tbody tr[data-step] th") == steps.map(\.stepName))
                    for step in steps {
                        #expect(try await browser.texts("#step-\(step.id) td[data-count]") == Shown.counts(step), "step \(step.stepName)")
                        let shown = Shown.status(try await browser.text("#step-\(step.id) .status"))
                        let dead = state.isDead && step.status.isRunning
                        #expect(shown == (dead ? "\(step.status.rawValue) (dead)" : step.status.rawValue))
                        #expect(try await browser.exists("#step-\(step.id) progress") == (step.status.isRunning && !state.isDead))
                    }

                    let parameters = execution.parameters.entries
                    #expect(try await browser.texts("table.parameters tbody th") == parameters.map(\.name))
                    #expect(
                        try await browser.texts("table.parameters tbody td:nth-child(2)")
                            == parameters.map { SecretMasking.isSecret(key: $0.name) ? "******" : $0.parameter.storedValue })
                    #expect(try await browser.texts("table.parameters tbody td:nth-child(3)") == parameters.map(\.parameter.javaType))
                    #expect(try await browser.texts("table.parameters tbody td:nth-child(4)") == parameters.map { $0.parameter.identifying ? "yes" : "no" })

                    #expect(try await browser.exists("#restart") == state.restartable, "restart of \(id)")
                    #expect(try await browser.exists("#stop") == state.stoppable, "stop of \(id)")
                    #expect(try await browser.exists("#abandon") == state.abandonable, "abandon of \(id)")

                    // Each action offered leads to its confirmation page, whose Cancel leads back.
                    for (action, verb, offered) in [("restart", "Restart", state.restartable), ("stop", "Stop", state.stoppable), ("abandon", "Abandon", state.abandonable)]
                    where offered {
                        try await browser.click("#\(action)")
                        try await browser.waitForURL(containing: "/dashboard/jobs/executions/\(id)/\(action)")
                        #expect(try await browser.consoleErrors() == [])
                        try await browser.screenshot("job-confirm-\(action)-\(id)-\(database)")
                        #expect(try await browser.text("h1") == "\(verb) \(execution.jobName) #\(id)?")
                        #expect(Shown.status(try await browser.text("main .status")) == Shown.status(execution, state))
                        #expect(try await browser.text("#confirm") == "\(verb) job execution \(id)")
                        #expect(try await browser.attribute("action", of: "form.actions") == "/dashboard/jobs/executions/\(id)/\(action)")
                        try await browser.click("form.actions a")
                        try await browser.waitForText("#job-status", containing: Shown.status(execution, state))
                        #expect(try await browser.url().hasSuffix("/dashboard/jobs/executions/\(id)"))
                    }
                }
                // Nothing changed by looking.
                for written in history.all {
                    #expect(try await explorer.jobExecution(id: written.execution.id)?.status == written.execution.status)
                }
            }
        }
    }

    @Test("apps, task definitions, a definition, task executions and a task execution show the registry's and the database's rows",
          arguments: TestDatabase.allCases)
    func taskPages(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            let history = try await History.write(client)
            let tasks = TaskExplorer(pool: client.pool)
            let jobs = JobExplorer(pool: client.pool)
            let registry = AppRegistry(pool: client.pool)
            try await Browser.on(client) { browser in
                // Apps: the registry's rows.
                #expect(try await browser.visit("dashboard/apps", screenshot: "apps-\(database)") == "Apps · swift-batch Data Flow")
                let apps = try await registry.apps(type: nil, search: nil, version: nil, defaultOnly: nil, page: PageRequest(number: 0, size: 20))
                #expect(try await browser.text("#apps-total") == Shown.matches(apps.totalElements, "registered app version"))
                #expect(try await browser.ids("table.apps tbody tr") == apps.elements.map { "app-\($0.type.rawValue)-\($0.name)-\($0.version)" })
                #expect(try await browser.texts("table.apps tbody th") == apps.elements.map(\.name))
                #expect(try await browser.texts("table.apps tbody td:nth-child(5) code") == apps.elements.map(\.uri))

                // Task definitions: each with its DSL and its last execution.
                try await browser.visit("dashboard/tasks/definitions", screenshot: "task-definitions-\(database)")
                let definitions = try await TaskDefinitions(pool: client.pool, registry: registry).definitions(page: PageRequest())
                #expect(try await browser.text("#definitions-total") == Shown.matches(definitions.totalElements, "task definition"))
                #expect(try await browser.ids("table.definitions tbody tr") == definitions.elements.map { "definition-\($0.name)" })
                #expect(try await browser.texts("table.definitions tbody td:nth-child(2)") == definitions.elements.map(\.dslText))
                let latest = try await tasks.latestExecutions(names: definitions.elements.map(\.name))
                for definition in definitions.elements {
                    let last = try #require(latest[definition.name])
                    #expect(try await browser.texts("#definition-\(definition.name) td:nth-child(4) a") == ["#\(last.executionId)"])
                    #expect(Shown.status(try await browser.text("#definition-\(definition.name) td:nth-child(4) .status")) == last.status.rawValue)
                }

                // The definition: its DSL, its count and newest executions, destroy and the launch form.
                try await browser.click("#definition-nightly th a")
                try await browser.waitForText("h1", containing: "Task definition nightly")
                #expect(try await browser.consoleErrors() == [])
                try await browser.screenshot("task-definition-\(database)")
                #expect(try await browser.text("#definition-dsl-text") == "nightly --keep=7")
                let filter = TaskExecutionFilter(taskName: "nightly")
                let count = try await tasks.taskExecutionCount(filter)
                #expect(try await browser.text("#definition-execution-count") == "\(count)")
                let newest = try await tasks.taskExecutions(filter, limit: 20, arguments: false)
                #expect(try await browser.ids("table.task-executions tbody tr") == newest.map { "task-execution-\($0.executionId)" })
                #expect(try await browser.texts("table.task-executions tbody td:nth-child(2)").map(Shown.status) == newest.map(\.status.rawValue))
                #expect(try await browser.exists("#destroy"))
                #expect(try await browser.exists("#launch"))

                // Task executions: the newest first, with their task, status and exit code.
                try await browser.visit("dashboard/tasks/executions", screenshot: "task-executions-\(database)")
                let page = try await tasks.taskExecutions(page: PageRequest(number: 0, size: 20), arguments: false)
                #expect(try await browser.text("#executions-total") == Shown.matches(page.totalElements, "task execution"))
                let table = "table.task-executions tbody tr"
                #expect(try await browser.ids(table) == page.elements.map { "task-execution-\($0.executionId)" })
                #expect(try await browser.texts("\(table) td:nth-child(2)") == page.elements.map { $0.taskName ?? "" })
                #expect(try await browser.texts("\(table) td:nth-child(3)").map(Shown.status) == page.elements.map(\.status.rawValue))
                #expect(try await browser.texts("\(table) td:nth-child(6)") == page.elements.map { $0.exitCode.map(String.init) ?? "" })

                // The launched execution: its status, exit code and log.
                try await browser.click("#task-execution-\(history.launched) th a")
                try await browser.waitForText("#task-status", containing: "COMPLETE")
                #expect(try await browser.consoleErrors() == [])
                try await browser.screenshot("task-execution-launched-\(database)")
                let launched = try #require(try await tasks.taskExecution(id: history.launched))
                #expect(Shown.status(try await browser.text("#task-status")) == launched.status.rawValue)
                let exitCode = try #require(launched.exitCode)
                #expect(try await browser.text("#task-exit-code") == "\(exitCode)")
                #expect(try await browser.text("pre[data-live-log]").contains("nightly: 3 files rotated"))
                #expect(try await browser.exists("#cleanup"))
                #expect(try await !browser.exists("#stop"))
                #expect(try await browser.exists("#no-jobs"))

                // A task execution that ran a job: the job's row, linked.
                let taskId = try #require(history.scenario.completed.taskExecutionId)
                try await browser.visit("dashboard/tasks/executions/\(taskId)", screenshot: "task-execution-with-job-\(database)")
                let jobIds = try await tasks.jobExecutionIds(ofTaskExecution: taskId)
                #expect(try await browser.ids("table.jobs tbody tr") == jobIds.map { "job-execution-\($0)" })
                for id in jobIds {
                    let job = try #require(try await jobs.jobExecution(id: id))
                    #expect(Shown.status(try await browser.text("#job-execution-\(id) .status")) == job.status.rawValue)
                    #expect(try await browser.attribute("href", of: "#job-execution-\(id) a") == "/dashboard/jobs/executions/\(id)")
                }
                #expect(try await browser.exists("#no-log"), "not launched by this server: no log")
            }
        }
    }

    @Test("the sign-in page with security on: a page asks for it, a wrong password is told, the right one goes where it was headed",
          arguments: [TestDatabase.sqlite])
    func signIn(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database, configure: SecurityTests.configure) { client in
            try await Browser.on(client) { browser in
                try await browser.open("dashboard/about")
                #expect(try await browser.waitForURL(containing: "/dashboard/login").hasSuffix("/dashboard/login?next=/dashboard/about"))
                #expect(try await browser.consoleErrors() == [])
                try await browser.screenshot("login-\(database)")
                #expect(try await browser.text("h1") == "Sign in")
                #expect(try await browser.texts("label") == ["User name", "Password"])
                #expect(try await !browser.exists("nav form.signed-in, .signed-in"))
                try await browser.fill("#username", with: "viewer")
                try await browser.fill("#password", with: "wrong")
                try await browser.submit("#password")
                try await browser.waitForText("[role=alert]", containing: "Wrong user name or password.")
                // The refusal is a page with status 401, which Chromium logs as a failed load; nothing else may be logged.
                let errors = try await browser.consoleErrors().filter { !$0.contains("status of 401") }
                #expect(errors == [])
                try await browser.screenshot("login-refused-\(database)")
                #expect(try await browser.value(of: "#username") == "viewer", "the name is kept")
                try await browser.fill("#password", with: "secret")
                try await browser.submit("#password")
                try await browser.waitForText("#version", containing: AboutInfo.version)
                #expect(try await browser.url().hasSuffix("/dashboard/about"))
                #expect(try await browser.text(".signed-in span") == "viewer")
                #expect(try await browser.consoleErrors() == [])
                try await browser.click(".signed-in button")
                try await browser.waitForText("h1", containing: "Sign in")
                #expect(try await browser.consoleErrors() == [])
            }
        }
    }

    /// The job executions table against the first 20 executions `filter` selects, newest first.
    static func expectExecutionRows(
        _ browser: Browser, _ explorer: JobExplorer, _ filter: JobExecutionFilter, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let total = try await explorer.jobExecutionCount(filter)
        #expect(try await browser.text("#total") == Shown.matches(total, "job execution"), sourceLocation: sourceLocation)
        let executions = try await explorer.jobExecutions(filter, limit: 20)
        let states = try await explorer.states(of: executions)
        var steps: [String] = []
        for execution in executions { steps.append(String(try await explorer.stepExecutions(ofJobExecution: execution.id).count)) }
        let table = "table.job-executions tbody tr"
        #expect(try await browser.ids(table) == executions.map { "job-execution-\($0.id)" }, sourceLocation: sourceLocation)
        #expect(try await browser.texts("\(table) td:nth-child(1)") == executions.map { "\($0.id)" }, sourceLocation: sourceLocation)
        #expect(try await browser.texts("\(table) td:nth-child(2)") == executions.map(\.jobName), sourceLocation: sourceLocation)
        #expect(try await browser.texts("\(table) td:nth-child(3)") == executions.map { "\($0.instance.id)" }, sourceLocation: sourceLocation)
        #expect(
            try await browser.texts("\(table) td:nth-child(4)") == executions.map { $0.taskExecutionId.map(String.init) ?? "" },
            sourceLocation: sourceLocation)
        #expect(try await browser.texts("\(table) td:nth-child(5)") == steps, sourceLocation: sourceLocation)
        #expect(
            try await browser.texts("\(table) td:nth-child(6)").map(Shown.status) == executions.map { Shown.status($0, states[$0.id]) },
            sourceLocation: sourceLocation)
        #expect(try await browser.texts("\(table) td:nth-child(9)") == executions.map(\.exitStatus.exitCode), sourceLocation: sourceLocation)
    }
}
