import Database
import Hummingbird
import TaskRuntime

/// `/tasks/definitions`: create, list, show and destroy task definitions.
struct TaskDefinitionsController: Sendable {
    let definitions: TaskDefinitions
    let explorer: TaskExplorer
    let manifests: @Sendable ([Int64]) async throws -> [Int64: LaunchManifest]
    let composed: ComposedJobStatus
    let cleanup: @Sendable (_ taskName: String, _ user: String?) async throws -> Void

    func addRoutes(to router: Router<ServerRequestContext>) {
        router.post("/tasks/definitions", use: create)
        router.get("/tasks/definitions", use: list)
        router.delete("/tasks/definitions", use: destroyAll)
        router.get("/tasks/definitions/:name", use: show)
        router.delete("/tasks/definitions/:name", use: destroy)
    }

    @Sendable func create(_ request: Request, context: ServerRequestContext) async throws -> Response {
        var request = request
        let parameters = try await RequestParameters.read(&request)
        let definition = try await definitions.create(
            name: try parameters.required("name"), dsl: try parameters.required("definition"),
            description: parameters.string("description"), user: context.user)
        return try Responses.json(try await resources([definition], base: RequestBase(request, fallback: ""))[0])
    }

    @Sendable func list(_ request: Request, context: ServerRequestContext) async throws -> Response {
        var request = request
        let parameters = try await RequestParameters.read(&request)
        let searches = [("taskName", parameters.string("taskName") ?? parameters.string("search")),
                        ("description", parameters.string("description")), ("dslText", parameters.string("dslText"))]
            .filter { $0.1.map { !$0.isEmpty } ?? false }
        guard searches.count <= 1 else {
            throw ServerError(.badRequest, "Only one of taskName, description and dslText may be given; got \(searches.map(\.0).joined(separator: ", "))")
        }
        var filter = TaskDefinitionFilter()
        switch searches.first?.0 {
        case "taskName": filter.nameContains = searches[0].1
        case "description": filter.descriptionContains = searches[0].1
        case "dslText": filter.dslTextContains = searches[0].1
        default: break
        }
        let page = try await definitions.definitions(filter, page: try parameters.pageRequest())
        let base = RequestBase(request, fallback: "")
        let resources = try await resources(page.elements, base: base)
        return try Responses.json(
            Paging.resources(page, resources, collection: "taskDefinitionResourceList", path: "/tasks/definitions", base: base, parameters: parameters))
    }

    @Sendable func show(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let definition = try await definitions.require(try context.path("name"))
        return try Responses.json(try await resources([definition], base: RequestBase(request, fallback: ""))[0])
    }

    @Sendable func destroy(_ request: Request, context: ServerRequestContext) async throws -> Response {
        var request = request
        let parameters = try await RequestParameters.read(&request)
        let name = try context.path("name")
        _ = try await definitions.require(name)
        if try parameters.bool("cleanup") == true { try await cleanup(name, context.user) }
        try await definitions.destroy(name, user: context.user)
        return Responses.empty(.ok)
    }

    @Sendable func destroyAll(_ request: Request, context: ServerRequestContext) async throws -> Response {
        while true {
            let page = try await definitions.definitions(page: PageRequest(number: 0, size: 500))
            if page.elements.isEmpty { break }
            for definition in page.elements {
                do {
                    try await definitions.destroy(definition.name, user: context.user)
                } catch let error as ServerError where error.code == .noSuchTaskDefinition {
                    continue  // a child destroyed with its composed parent earlier in this page
                }
            }
        }
        return Responses.empty(.ok)
    }

    /// The resources of `list`, with their newest executions read in one query.
    private func resources(_ list: [TaskDefinition], base: RequestBase) async throws -> [TaskDefinitionResource] {
        let latest = try await explorer.latestExecutions(names: list.map(\.name))
        let manifests = try await manifests(latest.values.map(\.executionId))
        let children = try await definitions.composedChildren(among: list.map(\.name))
        let statuses = try await composed.statuses(of: Array(latest.values))
        return list.map { definition in
            let last = latest[definition.name]
            return TaskDefinitionResource(
                definition, composed: DefinitionDSL.isComposed(definition.dslText), composedTaskElement: children.contains(definition.name),
                lastExecution: last, manifest: last.flatMap { manifests[$0.executionId] },
                composedStatus: last.flatMap { statuses[$0.executionId] }, base: base)
        }
    }
}
