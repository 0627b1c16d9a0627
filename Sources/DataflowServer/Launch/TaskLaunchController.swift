import Database
import Foundation
import Hummingbird
import TaskRuntime

/// The write side of `/tasks/executions` (launch, stop, cleanup) and `/tasks/logs`,
/// `/tasks/executions/current`, `/tasks/platforms`.
struct TaskLaunchController: Sendable {
    let launcher: TaskLaunchService
    let cleanup: TaskCleanup
    let platforms: Platforms

    func addRoutes(to router: Router<ServerRequestContext>) {
        router.post("/tasks/executions/launch", use: launch)
        router.post("/tasks/executions", use: launchLegacy)
        router.post("/tasks/executions/:id", use: stop)
        router.delete("/tasks/executions/:id", use: cleanupSome)
        router.delete("/tasks/executions", use: cleanupAll)
        router.get("/tasks/executions/current", use: current)
        router.get("/tasks/logs/:launchId", use: log)
        router.get("/tasks/platforms", use: platformList)
    }

    @Sendable func launch(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let id = try await launched(request, context: context)
        let base = RequestBase(request, fallback: "")
        return try Responses.json(LaunchResponse(executionId: id, links: .this(base.url + "/tasks/executions/\(id)")), status: .created)
    }

    /// Data Flow's older endpoint: the same launch, answering the bare id.
    @Sendable func launchLegacy(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let id = try await launched(request, context: context)
        return try Responses.json(id, status: .created)
    }

    private func launched(_ request: Request, context: ServerRequestContext) async throws -> Int64 {
        var request = request
        let parameters = try await RequestParameters.read(&request)
        return try await launcher.launch(
            name: try parameters.required("name"), properties: parameters.string("properties"), arguments: parameters.string("arguments"),
            priority: try parameters.integer("priority") ?? 0, user: context.user)
    }

    @Sendable func stop(_ request: Request, context: ServerRequestContext) async throws -> Response {
        try await launcher.stop(try context.ids("id"), user: context.user)
        return Responses.empty(.ok)
    }

    @Sendable func cleanupSome(_ request: Request, context: ServerRequestContext) async throws -> Response {
        var request = request
        let parameters = try await RequestParameters.read(&request)
        try await cleanup.cleanup(ids: try context.ids("id"), actions: try TaskCleanup.Actions.parse(parameters.all("action")), user: context.user)
        return Responses.empty(.ok)
    }

    /// Data Flow's bulk cleanup: `completed` (required true: running executions are never
    /// cleaned), `name`, `days`, `action`.
    @Sendable func cleanupAll(_ request: Request, context: ServerRequestContext) async throws -> Response {
        var request = request
        let parameters = try await RequestParameters.read(&request)
        let days = try parameters.days()
        let name = parameters.string("name").flatMap { $0.isEmpty ? nil : $0 }
        try await cleanup.cleanupAll(
            actions: try TaskCleanup.Actions.parse(parameters.all("action")), taskName: name, days: days, user: context.user)
        return Responses.empty(.ok)
    }

    @Sendable func current(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let counts = try await launcher.runningCounts()
        let base = RequestBase(request, fallback: "")
        return try Responses.json(platforms.all.map { entry in
            CurrentExecutions(
                name: entry.account.name, type: entry.platform.type, maximumTaskExecutions: entry.account.maximumConcurrentTasks,
                runningExecutionCount: counts[entry.account.name] ?? 0, links: .this(base.url + "/tasks/executions/current"))
        })
    }

    @Sendable func log(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let text = try await launcher.log(
            launchId: try context.path("launchId"), platformName: request.uri.queryParameters["platformName"].map(String.init))
        return Responses.text(text)
    }

    @Sendable func platformList(_ request: Request, context: ServerRequestContext) async throws -> Response {
        var request = request
        let parameters = try await RequestParameters.read(&request)
        let base = RequestBase(request, fallback: "")
        let resources = platforms.all.map { entry in
            Launcher(
                name: entry.account.name, type: entry.platform.type,
                description: "local processes, at most \(entry.account.maximumConcurrentTasks) at once\(entry.account.queueEnabled ? ", the rest queued" : "")",
                links: .this(base.url + "/tasks/platforms"))
        }
        let page = Page(elements: resources, number: 0, size: max(resources.count, 1), totalElements: Int64(resources.count))
        return try Responses.json(Paging.resources(page, resources, collection: "launcherResourceList", path: "/tasks/platforms", base: base, parameters: parameters))
    }

    struct LaunchResponse: Encodable {
        var executionId: Int64
        var schemaTarget = SchemaTarget.name
        var links: Links
        enum CodingKeys: String, CodingKey { case executionId, schemaTarget, links = "_links" }
    }

    struct CurrentExecutions: Encodable {
        var name: String
        var type: String
        var maximumTaskExecutions: Int
        var runningExecutionCount: Int
        var links: Links
        enum CodingKeys: String, CodingKey { case name, type, maximumTaskExecutions, runningExecutionCount, links = "_links" }
    }

    struct Launcher: Encodable, Sendable {
        var name: String
        var type: String
        var description: String
        var options: [String] = []
        var links: Links
        enum CodingKeys: String, CodingKey { case name, type, description, options, links = "_links" }
    }
}
