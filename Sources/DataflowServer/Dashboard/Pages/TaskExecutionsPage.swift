import Database
import Foundation
import Hummingbird
import TaskRuntime

/// `GET /dashboard/tasks/executions`: task executions, newest first, filtered by task name and
/// status, a page at a time. The table (with the count and the pager) is a live region on topic
/// `recent`, fetched again from `/dashboard/fragments/task-executions` with the same filters, so
/// new executions appear without a reload.
struct TaskExecutionsPage: Sendable {
    let dashboard: Dashboard

    struct Model: Sendable {
        var names: [SelectOption]
        var statuses: [SelectOption]
        var table: Table
    }

    /// The table, the count and the pager (live topic `recent`).
    struct Table: Sendable {
        var version: String
        var fragment: String
        var executions: [TaskExecutionView]
        var hasExecutions: Bool
        var totalText: String
        var pager: PagerView
    }

    /// What the list shows: a task name and a status, both optional, and a page.
    struct Filter: Sendable {
        var name: String
        var status: TaskStatus?
        var page: PageRequest

        init(_ request: Request) throws {
            let query = request.uri.queryParameters
            name = query["name"].map(String.init)?.trimmingCharacters(in: .whitespaces) ?? ""
            let statusText = query["status"].map(String.init) ?? ""
            if statusText.isEmpty {
                status = nil
            } else {
                guard let parsed = TaskStatus(rawValue: statusText.uppercased()) else {
                    throw ServerError(
                        .badRequest,
                        "'\(statusText)' is not a task execution status: use one of \(TaskStatus.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                status = parsed
            }
            page = PagerView.request(query["page"], size: TaskExecutionsPage.pageSize)
        }

        var query: [(String, String)] { [("name", name), ("status", status?.rawValue ?? "")] }
    }

    /// How many executions a page lists.
    static let pageSize = 20

    func addRoutes(to router: Router<ServerRequestContext>) {
        router.get("/dashboard/tasks/executions", use: page)
        router.get("/dashboard/fragments/task-executions") { request, context in
            dashboard.fragment("fragment-task-executions", try await table(try Filter(request)), request: request, context: context)
        }
    }

    @Sendable func page(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let filter = try Filter(request)
        var names = try await dashboard.services.taskExplorer.taskNames().map(\.name)
        if !filter.name.isEmpty, !names.contains(filter.name) { names.append(filter.name) }
        let model = Model(
            names: SelectOption.list(names, chosen: filter.name, any: "Any task"),
            statuses: SelectOption.list(TaskStatus.allCases.map(\.rawValue), chosen: filter.status?.rawValue, any: "Any status"),
            table: try await table(filter))
        return dashboard.page("task-executions", model, title: "Task executions", section: .taskExecutions, request: request, context: context)
    }

    func table(_ filter: Filter) async throws -> Table {
        let version = try await dashboard.versions.version(of: .recent)
        let page = try await dashboard.services.taskExplorer.taskExecutions(
            TaskExecutionFilter(taskName: filter.name.isEmpty ? nil : filter.name, status: filter.status), page: filter.page, arguments: false)
        let pager = PagerView(page, path: "/dashboard/tasks/executions", query: filter.query)
        let views = page.elements.map { TaskExecutionView($0) }
        return Table(
            version: version, fragment: "/dashboard/fragments/task-executions" + pager.href.dropFirst("/dashboard/tasks/executions".count),
            executions: views, hasExecutions: !views.isEmpty, totalText: PagerView.matches(page.totalElements, "task execution"), pager: pager)
    }
}
