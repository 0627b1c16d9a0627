import BatchRuntime
import DataflowServer
import DatabaseTestSupport
import Foundation
import TaskRuntime
import Testing

@Suite("Dashboard pages over real HTTP: what the database holds")
struct DashboardPagesTests {
    @Test("the overview shows what runs with its steps, and recent failures with restart", arguments: TestDatabase.allCases)
    func overview(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            let alive = ExecutionOwner(
                host: ProcessInfo.processInfo.hostName, pid: Int64(getpid()), processStart: ExecutionOwner.processStartTicks(Int64(getpid())), heartbeat: Date())
            let running = try await JobHistory.write(
                client.pool, job: "reconcile", status: .started, owner: alive,
                steps: [.init(name: "load", status: .started, read: 400, written: 400, context: ["batch.progress.position": .int(400), "batch.progress.total": .int(1000)])])
            let failed = try await JobHistory.write(client.pool, job: "ledger", status: .failed, task: "ledger-task", start: 10)
            let page = try await DashboardClient(client).get("/dashboard")
            #expect(page.status == 200)
            #expect(page.html.contains(#"id="running-job-\#(running.execution.id)""#))
            #expect(page.html.contains(#"<progress max="1" value="0.400""#))
            #expect(page.html.contains(#"id="failure-\#(failed.execution.id)""#))
            #expect(page.html.contains("/dashboard/jobs/executions/\(failed.execution.id)/restart"))
            #expect(!page.html.contains("nothing-running"))
        }
    }

    @Test("what claims to run without a sign of life (no owner process, nothing written for an hour) is counted apart, not listed as running", arguments: TestDatabase.allCases)
    func silentRuns(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            let owned = try await JobHistory.write(
                client.pool, job: "owned", status: .started, owner: .current(), steps: [.init(name: "load", status: .started, read: 5)])
            let writing = try await JobHistory.write(client.pool, job: "springApp", status: .started, steps: [.init(name: "load", status: .started, read: 5)])
            let silent = try await JobHistory.write(
                client.pool, job: "crashed", status: .started, task: "crashedTask", steps: [.init(name: "load", status: .started, read: 5)])
            let deadOwned = try await JobHistory.write(
                client.pool, job: "killed", status: .started, owner: JobHistory.deadOwner(), steps: [.init(name: "load", status: .started, read: 5)])
            let hourAgo = Date().addingTimeInterval(-3_700)
            try await client.pool.withConnection { connection in
                // A Spring app's run commits its chunks to its step row: only the job row is old.
                _ = try await connection.execute("UPDATE BATCH_JOB_EXECUTION SET LAST_UPDATED = $1", [.date(hourAgo)])
                for id in [silent.execution.id, owned.execution.id, deadOwned.execution.id] {
                    _ = try await connection.execute("UPDATE BATCH_STEP_EXECUTION SET LAST_UPDATED = $1 WHERE JOB_EXECUTION_ID = $2", [.date(hourAgo), .int(id)])
                }
                _ = try await connection.execute("UPDATE TASK_EXECUTION SET LAST_UPDATED = $1", [.date(hourAgo)])
            }
            let active = try await JobExplorer(pool: client.pool).activeRunningExecutions(since: Date().addingTimeInterval(-3_600), limit: 10)
            #expect(active.executions.map(\.id) == [deadOwned, writing, owned].map(\.execution.id))
            #expect(active.count == 3)
            let page = try await DashboardClient(client).get("/dashboard")
            #expect(page.status == 200)
            for shown in [owned, writing, deadOwned] { #expect(page.html.contains(#"id="running-job-\#(shown.execution.id)""#)) }
            #expect(!page.html.contains(#"id="running-job-\#(silent.execution.id)""#))
            #expect(page.html.contains(#"<a href="/dashboard/jobs/executions?status=STARTED" id="silent-jobs">1 job execution</a> and <a href="/dashboard/tasks/executions" id="silent-tasks">1 task execution</a> that claim to run"#), "\(page.html)")
        }
    }

    @Test("the job execution page shows each step's counters and the parameters with secrets masked", arguments: TestDatabase.allCases)
    func jobExecution(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            let written = try await JobHistory.write(
                client.pool, job: "ledger", parameters: ["day=2026-01-01", "db.password=hunter2,java.lang.String,false"],
                steps: [.init(name: "read", read: 120, written: 117), .init(name: "report", read: 3, written: 3)])
            let page = try await DashboardClient(client).get("/dashboard/jobs/executions/\(written.execution.id)")
            #expect(page.status == 200)
            for step in written.steps {
                let row = try #require(page.html.range(of: #"id="step-\#(step.id)""#))
                let rest = String(page.html[row.upperBound...].prefix(1200))
                #expect(rest.contains(#"data-count="read">\#(step.counts.read)<"#))
                #expect(rest.contains(#"data-count="written">\#(step.counts.write)<"#))
            }
            #expect(page.html.contains("2026-01-01"))
            #expect(!page.html.contains("hunter2"))
            #expect(page.html.contains("******"))
            #expect(try await DashboardClient(client).get("/dashboard/jobs/executions/999999").status == 404)
        }
    }

    @Test("the job executions list filters by name and status and pages with the filters kept", arguments: TestDatabase.allCases)
    func jobExecutions(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            var failedIds: [Int64] = []
            for index in 0..<45 {
                let status: BatchStatus = index % 5 == 0 ? .failed : .completed
                let written = try await JobHistory.write(client.pool, job: index % 2 == 0 ? "ledger" : "payroll", status: status, start: Double(index))
                if status == .failed && index % 2 == 0 { failedIds.append(written.execution.id) }
            }
            let browser = DashboardClient(client)
            let all = try await browser.get("/dashboard/jobs/executions")
            #expect(all.html.contains(#"id="total">45 job executions match."#))
            #expect(all.html.contains("Page 1 of 3"))
            #expect(all.html.components(separatedBy: #"<tr id="job-execution-"#).count - 1 == 20)
            // The job filter offers every job's name and takes one exactly.
            #expect(all.html.contains(#"<option value="ledger">ledger</option><option value="payroll">payroll</option>"#))
            let filtered = try await browser.get("/dashboard/jobs/executions?name=ledger&status=FAILED")
            #expect(filtered.html.contains(#"id="total">\#(failedIds.count) job executions match."#))
            for id in failedIds { #expect(filtered.html.contains(#"id="job-execution-\#(id)""#)) }
            #expect(filtered.html.contains(#"<option value="ledger" selected>ledger</option>"#))
            #expect(try await browser.get("/dashboard/jobs/executions?name=edge").html.contains(#"id="total">0 job executions match."#))
            let second = try await browser.get("/dashboard/jobs/executions?name=ledger&page=2")
            #expect(second.html.contains("Page 2 of 2"))
            #expect(second.html.components(separatedBy: #"<tr id="job-execution-"#).count - 1 == 3)
            #expect(
                second.html.contains("/dashboard/jobs/executions?name=ledger&amp;page=1")
                    || second.html.contains(#"href="/dashboard/jobs/executions?name=ledger""#))
            #expect(try await browser.get("/dashboard/jobs/executions?status=BOGUS").status == 400)
        }
    }

    @Test("the job grid shows each job's last executions, oldest left, newest right", arguments: TestDatabase.allCases)
    func jobGrid(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            var ledger: [Int64] = []
            for index in 0..<25 {
                let status: BatchStatus = index == 24 ? .failed : .completed
                ledger.append(try await JobHistory.write(client.pool, job: "ledger", status: status, start: Double(index)).execution.id)
            }
            let payroll = try await JobHistory.write(client.pool, job: "payroll", status: .stopped, start: 100).execution.id
            let page = try await DashboardClient(client).get("/dashboard/jobs")
            #expect(page.status == 200)
            let cells = page.html.components(separatedBy: #"id="cell-"#).dropFirst().map { Int64($0.prefix { $0.isNumber })! }
            #expect(cells == Array(ledger.suffix(20)) + [payroll], "the last 20 of each job, oldest first, jobs by name")
            let newest = try #require(page.html.range(of: #"id="cell-\#(ledger.last!)""#))
            #expect(page.html[newest.upperBound...].prefix(300).contains("Execution \(ledger.last!): FAILED"))
            let fewer = try await DashboardClient(client).get("/dashboard/jobs?cells=5")
            #expect(fewer.html.components(separatedBy: #"id="cell-"#).count - 1 == 6)
        }
    }

    @Test("the overview's chart counts the last 24 hours' executions by outcome", arguments: [TestDatabase.sqlite])
    func overviewChart(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            let repository = JobRepository(pool: client.pool)
            for status in [BatchStatus.completed, .completed, .failed] {
                var execution = try await repository.createJobExecution(jobName: "recent", parameters: JobParameters(), owner: nil, taskExecutionId: nil)
                execution.startTime = Date()
                execution.endTime = Date()
                execution.status = status
                try await repository.update(&execution)
            }
            let page = try await DashboardClient(client).get("/dashboard")
            #expect(page.html.contains("3 executions in the last 24 hours"), "\(page.html)")
        }
    }
}
