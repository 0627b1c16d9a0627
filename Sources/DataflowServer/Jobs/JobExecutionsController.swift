import BatchRuntime
import Database
import Foundation
import Hummingbird

/// `/jobs/executions` (full resources, one page in a fixed number of queries), one execution by
/// id, and `/jobs/thinexecutions` (no contexts and no step rows: a step count per execution).
struct JobExecutionsController: Sendable {
    let queries: JobQueries

    func addRoutes(to router: Router<ServerRequestContext>) {
        router.get("/jobs/executions", use: list)
        router.get("/jobs/executions/:id", use: show)
        router.get("/jobs/thinexecutions", use: thinList)
    }

    @Sendable func list(_ request: Request, context: ServerRequestContext) async throws -> Response {
        var request = request
        let parameters = try await RequestParameters.read(&request)
        let query = try JobListQuery(parameters)
        let page = try await queries.explorer.jobExecutionDetails(query.filter, page: try parameters.pageRequest())
        try await requireJob(query, found: page.totalElements)
        let facts = try await queries.facts(page.elements.map(\.execution))
        let base = RequestBase(request, fallback: "")
        let now = Date()
        let resources = page.elements.map { JobExecutionResource($0, facts: facts[$0.id]!, base: base, now: now) }
        return try Responses.json(
            Paging.resources(page, resources, collection: "jobExecutionResourceList", path: "/jobs/executions", base: base, parameters: parameters))
    }

    @Sendable func thinList(_ request: Request, context: ServerRequestContext) async throws -> Response {
        var request = request
        let parameters = try await RequestParameters.read(&request)
        let query = try JobListQuery(parameters)
        let page = try await queries.explorer.jobExecutionSummaries(query.filter, page: try parameters.pageRequest())
        try await requireJob(query, found: page.totalElements)
        let facts = try await queries.facts(page.elements.map(\.execution))
        let base = RequestBase(request, fallback: "")
        let now = Date()
        let resources = page.elements.map { JobExecutionThinResource($0, facts: facts[$0.id]!, base: base, now: now) }
        return try Responses.json(
            Paging.resources(
                page, resources, collection: "jobExecutionThinResourceList", path: "/jobs/thinexecutions", base: base, parameters: parameters))
    }

    @Sendable func show(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let id = try context.id("id")
        guard let detail = try await queries.explorer.jobExecutionDetail(id: id) else { throw Self.noSuchExecution(id) }
        let facts = try await queries.facts(detail.execution)
        return try Responses.json(JobExecutionResource(detail, facts: facts, base: RequestBase(request, fallback: "")))
    }

    /// A list by name that found nothing answers 404 when no job of that name ever ran (Data Flow's
    /// `NoSuchJobException`); a known job with no execution matching the other filters is an empty page.
    private func requireJob(_ query: JobListQuery, found: Int64) async throws {
        guard found == 0, let name = query.name else { return }
        if try await !queries.explorer.jobExists(named: name, like: query.filter.jobNameLike != nil) {
            throw JobListQuery.noSuchJob(name)
        }
    }

    /// Data Flow's 404 for an unknown job execution id.
    static func noSuchExecution(_ id: Int64) -> ServerError {
        ServerError(.noSuchJobExecution, "Job id \(id) for schema target \(SchemaTarget.name) not found")
    }
}
