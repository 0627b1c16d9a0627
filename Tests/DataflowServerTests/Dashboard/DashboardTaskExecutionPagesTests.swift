import BatchRuntime
import Database
import DatabaseTestSupport
import Foundation
import TaskRuntime
import Testing

@testable import DataflowServer

@Suite("Dashboard task execution pages: the filtered, paged, live list; the detail with its jobs")
struct DashboardTaskExecutionPagesTests {
    @Test("the list: filtered by task and status, 20 a page, the pager keeping the filters, the table a live region", arguments: TestDatabase.allCases)
    func list(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            for index in 0..<25 {
                try await DashboardTaskDefinitionPagesTests.execution(client.pool, "alpha", exitCode: index % 3 == 0 ? 1 : 0)
            }
            let running = [
                try await DashboardTaskDefinitionPagesTests.execution(client.pool, "beta", exitCode: nil),
                try await DashboardTaskDefinitionPagesTests.execution(client.pool, "beta", exitCode: nil),
            ]
            try await DashboardTaskDefinitionPagesTests.execution(client.pool, "beta", exitCode: 0)
            let explorer = TaskExplorer(pool: client.pool)
            func expected(_ name: String?, _ status: TaskStatus?, page: Int) async throws -> [Int64] {
                try await explorer.taskExecutions(TaskExecutionFilter(taskName: name, status: status), page: PageRequest(number: page, size: 20))
                    .elements.map(\.executionId)
            }
            let browser = PagesBrowser(client)

            let all = try await browser.get("/dashboard/tasks/executions")
            #expect(all.status == 200)
            #expect(PagesBrowser.ids("task-execution-", in: all.body) == (try await expected(nil, nil, page: 0)))
            #expect(all.body.contains(#"<p id="executions-total">28 task executions match.</p>"#))
            #expect(all.body.contains(#"<option value="alpha">alpha</option>"#) && all.body.contains(#"<option value="beta">beta</option>"#))
            #expect(all.body.contains(#"<label for="executions-status">Status</label>"#))

            let alpha = try await browser.get("/dashboard/tasks/executions?name=alpha")
            #expect(PagesBrowser.ids("task-execution-", in: alpha.body) == (try await expected("alpha", nil, page: 0)))
            #expect(alpha.body.contains(#"<p id="executions-total">25 task executions match.</p>"#))
            #expect(alpha.body.contains(#"<span id="page-info">Page 1 of 2</span>"#))
            #expect(alpha.body.contains(#"<option value="alpha" selected>alpha</option>"#))
            let next = try #require(PagesBrowser.attribute("href", ofId: "next-page", in: alpha.body))
            #expect(next == "/dashboard/tasks/executions?name=alpha&amp;page=2")
            let second = try await browser.get(next.replacingOccurrences(of: "&amp;", with: "&"))
            let secondIds = PagesBrowser.ids("task-execution-", in: second.body)
            #expect(secondIds == (try await expected("alpha", nil, page: 1)) && secondIds.count == 5)
            #expect(second.body.contains(#"<span id="page-info">Page 2 of 2</span>"#))
            #expect(second.body.contains(#"data-live="recent""#))
            let fragment = try #require(PagesBrowser.first(#"data-live-fragment="([^"]*)""#, in: second.body))
            #expect(fragment == "/dashboard/fragments/task-executions?name=alpha&amp;page=2")
            let table = try await browser.get(fragment.replacingOccurrences(of: "&amp;", with: "&"))
            #expect(table.status == 200 && !table.body.contains("<html"))
            #expect(PagesBrowser.ids("task-execution-", in: table.body) == secondIds)

            let errors = try await browser.get("/dashboard/tasks/executions?name=alpha&status=ERROR")
            let errorIds = PagesBrowser.ids("task-execution-", in: errors.body)
            #expect(errorIds == (try await expected("alpha", .error, page: 0)) && errorIds.count == 9)
            #expect(errors.body.contains(#"<option value="ERROR" selected>ERROR</option>"#))
            let row = try #require(PagesBrowser.element("task-execution-\(errorIds[0])", tag: "tr", in: errors.body))
            #expect(row.contains(#"<td class="num">1</td>"#) && row.contains("status-error"), "\(row)")

            let runningPage = try await browser.get("/dashboard/tasks/executions?status=running")
            #expect(PagesBrowser.ids("task-execution-", in: runningPage.body) == running.reversed())
            #expect(runningPage.body.contains("not ended"))
            #expect(try await browser.get("/dashboard/tasks/executions?status=SLEEPING").status == 400)
        }
    }

    @Test("the detail: the job executions it ran, linked; an execution this server did not launch has no log", arguments: TestDatabase.allCases)
    func jobs(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            let first = try await JobHistory.write(client.pool, job: "importJob", task: "nightly", start: 0)
            let taskId = try #require(first.taskExecutionId)
            let browser = PagesBrowser(client)
            let page = try await browser.get("/dashboard/tasks/executions/\(taskId)")
            #expect(page.status == 200)
            #expect(page.body.contains(#"<div data-live="task:\#(taskId)""#))
            #expect(page.body.contains(#"data-live-fragment="/dashboard/tasks/executions/\#(taskId)/live""#))
            #expect(PagesBrowser.ids("job-execution-", in: page.body) == [first.execution.id])
            let row = try #require(PagesBrowser.element("job-execution-\(first.execution.id)", tag: "tr", in: page.body))
            #expect(row.contains(#"<a href="/dashboard/jobs/executions/\#(first.execution.id)">"#) && row.contains("COMPLETED") && row.contains("importJob"))
            #expect(page.body.contains(#"<dd id="task-exit-code">0</dd>"#))
            #expect(page.body.contains(#"id="no-log""#) && !page.body.contains("data-live-log"))
            #expect(page.body.contains(#"<li><code>--run=0.0</code></li>"#))
            #expect(page.body.contains(#"id="cleanup""#) && !page.body.contains(#"id="stop""#))

            let live = try await browser.get("/dashboard/tasks/executions/\(taskId)/live")
            #expect(live.status == 200 && !live.body.contains("<html"))
            #expect(PagesBrowser.ids("job-execution-", in: live.body) == [first.execution.id])
            #expect(live.body.contains(#"<span id="task-status"><span class="status status-completed">"#))
            #expect(try await browser.get("/dashboard/tasks/executions/999999").status == 404)

            let confirm = try await browser.get("/dashboard/tasks/executions/\(taskId)/cleanup")
            #expect(confirm.body.contains("the 1 job executions it ran with their steps"))
            let forged = try await browser.post("/dashboard/tasks/executions/\(taskId)/cleanup", [("scope", "all")], from: confirm, csrf: false)
            #expect(forged.status == 403)
            #expect(try await TaskExplorer(pool: client.pool).taskExecution(id: taskId) != nil)
            let deleted = try await browser.post("/dashboard/tasks/executions/\(taskId)/cleanup", [("scope", "all")], from: confirm)
            #expect(deleted.location == "/dashboard/tasks/executions")
            #expect(try await TaskExplorer(pool: client.pool).taskExecution(id: taskId) == nil)
            #expect(try await JobExplorer(pool: client.pool).jobExecutions(ids: [first.execution.id]).isEmpty, "its job went with it")
            #expect(try await browser.follow(deleted).body.contains("Deleted task execution \(taskId)"))
        }
    }
}
