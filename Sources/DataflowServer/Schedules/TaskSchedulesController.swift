import Hummingbird

/// `/tasks/schedules`: create, list, show and delete schedules, with Data Flow's parameters.
struct TaskSchedulesController: Sendable {
    let schedules: TaskSchedules

    func addRoutes(to router: Router<ServerRequestContext>) {
        router.post("/tasks/schedules", use: create)
        router.get("/tasks/schedules", use: list)
        router.get("/tasks/schedules/instances/:definition", use: instances)
        router.put("/tasks/schedules/instances/:definition", use: instances)
        router.get("/tasks/schedules/:name", use: show)
        router.delete("/tasks/schedules/:name", use: delete)
    }

    /// 201 with no body, as Data Flow answers.
    @Sendable func create(_ request: Request, context: ServerRequestContext) async throws -> Response {
        var request = request
        let parameters = try await RequestParameters.read(&request)
        try await schedules.create(
            name: try parameters.required("scheduleName"), definitionName: try parameters.required("taskDefinitionName"),
            properties: parameters.string("properties"), arguments: parameters.string("arguments"),
            platform: parameters.string("platform").flatMap { $0.isEmpty ? nil : $0 }, user: context.user)
        return Responses.empty(.created)
    }

    @Sendable func list(_ request: Request, context: ServerRequestContext) async throws -> Response {
        try await page(request, definition: nil, path: "/tasks/schedules")
    }

    @Sendable func instances(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let definition = try context.path("definition")
        return try await page(request, definition: definition, path: "/tasks/schedules/instances/\(definition)")
    }

    @Sendable func show(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let schedule = try await schedules.require(try context.path("name"))
        return try Responses.json(ScheduleInfoResource(schedule, base: RequestBase(request, fallback: "")))
    }

    @Sendable func delete(_ request: Request, context: ServerRequestContext) async throws -> Response {
        try await schedules.delete(try context.path("name"), user: context.user)
        return Responses.empty(.ok)
    }

    private func page(_ request: Request, definition: String?, path: String) async throws -> Response {
        var request = request
        let parameters = try await RequestParameters.read(&request)
        let page = try await schedules.schedules(definition: definition, page: try parameters.pageRequest())
        let base = RequestBase(request, fallback: "")
        let resources = page.elements.map { ScheduleInfoResource($0, base: base) }
        return try Responses.json(
            Paging.resources(page, resources, collection: "scheduleInfoResourceList", path: path, base: base, parameters: parameters))
    }
}
