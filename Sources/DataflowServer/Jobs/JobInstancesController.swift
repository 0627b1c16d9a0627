import BatchRuntime
import Database
import Foundation
import Hummingbird

/// `/jobs/instances?name=` (a job's instances, newest first, each with its executions) and one
/// instance by id.
struct JobInstancesController: Sendable {
    let queries: JobQueries

    func addRoutes(to router: Router<ServerRequestContext>) {
        router.get("/jobs/instances", use: list)
        router.get("/jobs/instances/:id", use: show)
    }

    /// `name` is required, as in Data Flow (400 without it; 404 when no job has it). With a `%`
    /// it is a `LIKE` pattern, as Data Flow matches it.
    @Sendable func list(_ request: Request, context: ServerRequestContext) async throws -> Response {
        var request = request
        let parameters = try await RequestParameters.read(&request)
        guard let name = parameters.string("name") else { throw Self.nameMissing(parameters) }
        let like = name.contains("%")
        let page = try await queries.explorer.jobInstanceDetails(jobName: name, like: like, page: try parameters.pageRequest())
        if page.totalElements == 0 { throw JobListQuery.noSuchJob(name) }
        let facts = try await queries.facts(page.elements.flatMap { $0.executions.map(\.execution) })
        let base = RequestBase(request, fallback: "")
        let now = Date()
        let resources = page.elements.map { JobInstanceResource($0, facts: facts, base: base, now: now) }
        return try Responses.json(
            Paging.resources(page, resources, collection: "jobInstanceResourceList", path: "/jobs/instances", base: base, parameters: parameters))
    }

    @Sendable func show(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let id = try context.id("id")
        guard let detail = try await queries.explorer.jobInstanceDetail(id: id) else {
            throw ServerError(.noSuchJobInstance, "No job instance for id '\(id)' and schema target '\(SchemaTarget.name)'")
        }
        let facts = try await queries.facts(detail.executions.map(\.execution))
        return try Responses.json(JobInstanceResource(detail, facts: facts, base: RequestBase(request, fallback: "")))
    }

    /// What Spring MVC answers when no mapping's parameter conditions hold.
    static func nameMissing(_ parameters: RequestParameters) -> ServerError {
        var names: [String] = []
        var values: [String: [String]] = [:]
        for (name, value) in parameters.pairs {
            if values[name] == nil { names.append(name) }
            values[name, default: []].append(value)
        }
        let actual = names.map { "\($0)={\(values[$0]!.joined(separator: ", "))}" }.joined(separator: ", ")
        return ServerError(.unsatisfiedParameters, "Parameter conditions \"name\" not met for actual request parameters: \(actual)")
    }
}
