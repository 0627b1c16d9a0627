import Database
import Foundation
import Hummingbird
import TaskRuntime

/// The read side of `/tasks/executions`, `/tasks/thinexecutions` and `/tasks/info/executions`,
/// all through ``TaskExplorer``.
struct TaskExecutionsController: Sendable {
    let explorer: TaskExplorer
    let definitions: TaskDefinitions
    let manifests: @Sendable ([Int64]) async throws -> [Int64: LaunchManifest]
    let composed: ComposedJobStatus

    func addRoutes(to router: Router<ServerRequestContext>) {
        router.get("/tasks/executions", use: list)
        router.get("/tasks/thinexecutions", use: thinList)
        router.get("/tasks/executions/:id", use: show)
        router.get("/tasks/executions/external/:externalExecutionId", use: showExternal)
        router.get("/tasks/info/executions", use: info)
    }

    @Sendable func list(_ request: Request, context: ServerRequestContext) async throws -> Response {
        var request = request
        let parameters = try await RequestParameters.read(&request)
        let filter = try await filter(parameters)
        let page = try await explorer.taskExecutions(filter, page: try parameters.pageRequest())
        let manifests = try await manifests(page.elements.map(\.executionId))
        let statuses = try await composed.statuses(of: page.elements)
        let base = RequestBase(request, fallback: "")
        let resources = page.elements.map {
            TaskExecutionResource($0, manifest: manifests[$0.executionId], composedStatus: statuses[$0.executionId], base: base)
        }
        return try Responses.json(
            Paging.resources(page, resources, collection: "taskExecutionResourceList", path: "/tasks/executions", base: base, parameters: parameters))
    }

    @Sendable func thinList(_ request: Request, context: ServerRequestContext) async throws -> Response {
        var request = request
        let parameters = try await RequestParameters.read(&request)
        let filter = try await filter(parameters)
        let page = try await explorer.taskExecutions(filter, page: try parameters.pageRequest(), arguments: false)
        let statuses = try await composed.statuses(of: page.elements)
        let base = RequestBase(request, fallback: "")
        let resources = page.elements.map {
            TaskExecutionThinResource(
                execution: $0, composedStatus: statuses[$0.executionId], links: .init([("self", base.link("/tasks/executions/\($0.executionId)"))]))
        }
        return try Responses.json(
            Paging.resources(page, resources, collection: "taskExecutionThinResourceList", path: "/tasks/thinexecutions", base: base, parameters: parameters))
    }

    @Sendable func show(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let id = try context.id("id")
        guard let execution = try await explorer.taskExecution(id: id) else { throw Self.noSuchExecution(id) }
        let manifest = try await manifests([id])[id]
        return try Responses.json(
            TaskExecutionResource(execution, manifest: manifest, composedStatus: try await composed.status(of: execution), base: RequestBase(request, fallback: "")))
    }

    @Sendable func showExternal(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let external = try context.path("externalExecutionId")
        guard let execution = try await explorer.taskExecution(externalExecutionId: external) else {
            throw ServerError(.noSuchTaskExecution, "Could not find TaskExecution with external id \(external)")
        }
        let manifest = try await manifests([execution.executionId])[execution.executionId]
        return try Responses.json(
            TaskExecutionResource(execution, manifest: manifest, composedStatus: try await composed.status(of: execution), base: RequestBase(request, fallback: "")))
    }

    /// `{totalExecutions}`: all, or only `completed` ones, of one `name`, ended more than `days` ago.
    @Sendable func info(_ request: Request, context: ServerRequestContext) async throws -> Response {
        var request = request
        let parameters = try await RequestParameters.read(&request)
        var filter = TaskExecutionFilter(taskName: parameters.string("name").flatMap { $0.isEmpty ? nil : $0 })
        if try parameters.bool("completed") == true { filter.ended = true }
        if let days = try parameters.days() {
            filter.ended = true
            filter.endedBefore = Date().addingTimeInterval(-Double(days) * 86_400)
        }
        let total = try await explorer.taskExecutionCount(filter)
        return try Responses.json(ExecutionsInfo(totalExecutions: total, links: .this(RequestBase(request, fallback: "").url + "/tasks/info/executions")))
    }

    /// `name` (404 when no definition has it, as Data Flow answers) and `status`.
    private func filter(_ parameters: RequestParameters) async throws -> TaskExecutionFilter {
        var filter = TaskExecutionFilter()
        if let name = parameters.string("name"), !name.isEmpty {
            _ = try await definitions.require(name)
            filter.taskName = name
        }
        if let status = parameters.string("status"), !status.isEmpty {
            guard let parsed = TaskStatus(rawValue: status.uppercased()) else {
                throw ServerError(
                    .badRequest,
                    "The parameter 'status' must contain one of the following values: '\(TaskStatus.allCases.map(\.rawValue).joined(separator: ", "))'")
            }
            filter.status = parsed
        }
        return filter
    }

    static func noSuchExecution(_ id: Int64) -> ServerError {
        ServerError(.noSuchTaskExecution, "Could not find TaskExecution with id \(id)")
    }
}

struct ExecutionsInfo: Encodable {
    var totalExecutions: Int64
    var links: Links
    enum CodingKeys: String, CodingKey { case totalExecutions, links = "_links" }
}
