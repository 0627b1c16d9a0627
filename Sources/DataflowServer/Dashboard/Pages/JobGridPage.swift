import BatchRuntime
import Foundation
import Hummingbird

/// `GET /dashboard/jobs`: each job a row, its last executions as cells coloured and marked by
/// status, oldest left and newest right; a cell opens its execution. Jobs are listed by name,
/// 50 to a page (`?after=NAME` continues), read by a loose index scan whatever the history's size.
struct JobGridPage: Sendable {
    let dashboard: Dashboard
    /// Jobs per page.
    static let jobsPerPage = 50

    struct Model: Sendable {
        var grid: Grid
        var cells: Int
    }

    /// The rows (live topic `recent`).
    struct Grid: Sendable {
        var version: String
        var fragment: String
        var rows: [Row]
        var hasRows: Bool
        var next: String?
        var first: String?
    }

    struct Row: Sendable {
        var jobName: String
        var href: String
        var cells: [Cell]
        var last: StatusView?
    }

    struct Cell: Sendable {
        var id: Int64
        var href: String
        var status: StatusView
        var label: String
    }

    func addRoutes(to router: Router<ServerRequestContext>) {
        router.get("/dashboard/jobs", use: page)
        router.get("/dashboard/fragments/jobs") { request, context in
            dashboard.fragment("fragment-job-grid", try await grid(request), request: request, context: context)
        }
    }

    @Sendable func page(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let grid = try await grid(request)
        return dashboard.page(
            "job-grid", Model(grid: grid, cells: Self.cells(request)), title: "Job grid", section: .jobs, request: request, context: context)
    }

    static func cells(_ request: Request) -> Int {
        min(50, max(1, Int(request.uri.queryParameters["cells"].map(String.init) ?? "") ?? 20))
    }

    func grid(_ request: Request) async throws -> Grid {
        let after = request.uri.queryParameters["after"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        let cells = Self.cells(request)
        let version = try await dashboard.versions.version(of: .recent)
        let rows = try await dashboard.jobs.explorer.jobGrid(afterName: after, limit: Self.jobsPerPage, executionsPerJob: cells)
        let views = rows.map { row in
            Row(
                jobName: row.jobName, href: "/dashboard/jobs/executions?name=\(DashboardResponses.queryEscaped(row.jobName))",
                cells: row.executions.map { cell in
                    let status = StatusView(cell.status.rawValue)
                    var label = "Execution \(cell.id): \(cell.status.rawValue)"
                    if let start = TimeView(cell.startTime) { label += ", started \(start.utc)" }
                    if let duration = DurationText.text(cell.duration) { label += ", took \(duration)" }
                    return Cell(id: cell.id, href: "/dashboard/jobs/executions/\(cell.id)", status: status, label: label)
                },
                last: row.executions.last.map { StatusView($0.status.rawValue) })
        }
        let query = (after.map { "after=\(DashboardResponses.queryEscaped($0))&" } ?? "") + "cells=\(cells)"
        return Grid(
            version: version, fragment: "/dashboard/fragments/jobs?" + query, rows: views, hasRows: !views.isEmpty,
            next: rows.count == Self.jobsPerPage ? rows.last.map { "/dashboard/jobs?after=\(DashboardResponses.queryEscaped($0.jobName))&cells=\(cells)" } : nil,
            first: after == nil ? nil : "/dashboard/jobs?cells=\(cells)")
    }
}
