import BatchRuntime
import Foundation
import Hummingbird

/// `GET /dashboard/jobs/executions`: job executions filtered by job name, status and start
/// date, newest first, a page at a time (thin: no contexts, no step rows).
struct JobExecutionsPage: Sendable {
    let dashboard: Dashboard

    struct Model: Sendable {
        var filters: Filters
        var list: List
    }

    struct Filters: Sendable {
        var name: String
        var statuses: [Option]
        var from: String
        var to: String
    }

    struct Option: Sendable {
        var value: String
        var label: String
        var selected: Bool
    }

    /// The table (live topic `recent`).
    struct List: Sendable {
        var version: String
        var fragment: String
        var rows: [Row]
        var hasRows: Bool
        var pager: Pager
    }

    struct Row: Sendable {
        var job: JobExecutionView
        var steps: Int
    }

    func addRoutes(to router: Router<ServerRequestContext>) {
        router.get("/dashboard/jobs/executions", use: page)
        router.get("/dashboard/fragments/job-executions") { request, context in
            dashboard.fragment("fragment-job-executions", try await list(request), request: request, context: context)
        }
    }

    @Sendable func page(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        let status = query["status"].map(String.init) ?? ""
        let filters = Filters(
            name: query["name"].map(String.init) ?? "",
            statuses: [Option(value: "", label: "Any", selected: status.isEmpty)] + BatchStatus.allCases.map {
                Option(value: $0.rawValue, label: $0.rawValue, selected: $0.rawValue == status)
            },
            from: query["from"].map(String.init) ?? "", to: query["to"].map(String.init) ?? "")
        return dashboard.page(
            "job-executions", Model(filters: filters, list: try await list(request)), title: "Job executions", section: .jobExecutions,
            request: request, context: context)
    }

    func list(_ request: Request) async throws -> List {
        let query = request.uri.queryParameters
        let name = query["name"].map(String.init) ?? ""
        let status = query["status"].map(String.init) ?? ""
        let from = query["from"].map(String.init) ?? ""
        let to = query["to"].map(String.init) ?? ""
        var filter = JobExecutionFilter()
        if !name.isEmpty { filter.jobNameLike = "%" + name.replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "") + "%" }
        if !status.isEmpty {
            guard let parsed = BatchStatus(rawValue: status) else {
                throw ServerError(.badRequest, "'\(status)' is not a job status: expected one of \(BatchStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            filter.statuses = [parsed]
        }
        filter.startedFrom = try Self.day(from, "from")
        filter.startedTo = try Self.day(to, "to").map { $0.addingTimeInterval(86_400 - 0.001) }
        let version = try await dashboard.versions.version(of: .recent)
        let page = try await dashboard.jobs.explorer.jobExecutionSummaries(filter, page: Pager.request(page: query["page"].map(String.init), size: query["size"].map(String.init)))
        let states = try await dashboard.jobs.explorer.states(of: page.elements.map(\.execution))
        let rows = page.elements.map { Row(job: JobExecutionView($0.execution, state: states[$0.id]), steps: $0.stepCount) }
        let keep = [("name", name), ("status", status), ("from", from), ("to", to)]
        let fragment = "/dashboard/fragments/job-executions?" + (keep + [("page", String(page.number)), ("size", String(page.size))])
            .filter { !$0.1.isEmpty }.map { "\($0.0)=\(DashboardResponses.queryEscaped($0.1))" }.joined(separator: "&")
        return List(version: version, fragment: fragment, rows: rows, hasRows: !rows.isEmpty, pager: Pager(page, path: "/dashboard/jobs/executions", query: keep))
    }

    /// A `yyyy-MM-dd` date field (the browser's date input), as the start of that day in UTC.
    static func day(_ text: String, _ field: String) throws -> Date? {
        guard !text.isEmpty else { return nil }
        guard let date = try? Date(text + "T00:00:00Z", strategy: .iso8601) else {
            throw ServerError(.badRequest, "'\(text)' is not a date for '\(field)': expected yyyy-MM-dd, such as 2026-12-06")
        }
        return date
    }
}
