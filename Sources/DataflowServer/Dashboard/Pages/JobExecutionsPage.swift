import BatchRuntime
import Foundation
import Hummingbird

/// `GET /dashboard/jobs/executions`: job executions filtered by job name, status and start
/// date, newest first, a page at a time (thin: no contexts, no step rows).
struct JobExecutionsPage: Sendable {
    let dashboard: Dashboard
    /// Rows per page.
    static let pageSize = 20
    /// The most a filtered total counts: past it the page says "more than", so a filter over a
    /// long history costs what a page shows, not what the history holds (the unfiltered total
    /// is kept by the database and always exact). 1,000 is 50 pages: counting 10,000 through
    /// the instance join cost a job-name filter 5 ms at a million executions.
    static let countLimit: Int64 = 1_000
    /// Job names the filter offers at most (the first, by name), as the task executions page does.
    static let namesOffered = 500

    struct Model: Sendable {
        var filters: Filters
        var list: List
    }

    struct Filters: Sendable {
        var names: [SelectOption]
        var statuses: [SelectOption]
        var from: String
        var to: String
    }

    /// The table (live topic `recent`).
    struct List: Sendable {
        var version: String
        var fragment: String
        var rows: [Row]
        var hasRows: Bool
        var totalText: String
        var pager: PagerView
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
        let name = query["name"].map(String.init) ?? ""
        var names = try await dashboard.jobs.explorer.jobNames(limit: Self.namesOffered)
        if !name.isEmpty && !names.contains(name) { names.append(name) }
        let filters = Filters(
            names: SelectOption.list(names, chosen: name, any: "Any job"),
            statuses: SelectOption.list(BatchStatus.allCases.map(\.rawValue), chosen: status, any: "Any status"),
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
        // The job's exact name, as Data Flow's `/jobs/executions?name=` takes it: the executions
        // of one job are an index range, where a substring would scan every instance's name.
        if !name.isEmpty { filter.jobName = name }
        if !status.isEmpty {
            guard let parsed = BatchStatus(rawValue: status) else {
                throw ServerError(.badRequest, "'\(status)' is not a job status: expected one of \(BatchStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            filter.statuses = [parsed]
        }
        filter.startedFrom = try Self.day(from, "from")
        filter.startedTo = try Self.day(to, "to").map { $0.addingTimeInterval(86_400 - 0.001) }
        let version = try await dashboard.versions.version(of: .recent)
        let page = try await dashboard.jobs.explorer.jobExecutionSummaries(
            filter, page: PagerView.request(query["page"], size: Self.pageSize), countLimit: Self.countLimit)
        let capped = page.totalElements > Self.countLimit
        let states = try await dashboard.jobs.explorer.states(of: page.elements.map(\.execution))
        let rows = page.elements.map { Row(job: JobExecutionView($0.execution, state: states[$0.id]), steps: $0.stepCount) }
        let path = "/dashboard/jobs/executions"
        let pager = PagerView(page, path: path, query: [("name", name), ("status", status), ("from", from), ("to", to)])
        return List(
            version: version, fragment: "/dashboard/fragments/job-executions" + pager.href.dropFirst(path.count), rows: rows, hasRows: !rows.isEmpty,
            totalText: capped ? "More than \(Self.countLimit.formatted()) job executions match." : PagerView.matches(page.totalElements, "job execution"),
            pager: pager)
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
