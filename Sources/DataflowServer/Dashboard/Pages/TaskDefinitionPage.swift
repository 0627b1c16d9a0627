import Foundation
import Hummingbird
import TaskRuntime

/// `GET /dashboard/tasks/definitions/{name}`: one definition with its DSL, its apps, its newest
/// executions, the button that destroys it (`POST …/destroy`) and the launch form
/// (`POST …/launch`), filled in with the properties of its last launch, which stick to it.
struct TaskDefinitionPage: Sendable {
    let dashboard: Dashboard

    struct Model: Sendable {
        var name: String
        var dsl: String
        var description: String?
        var apps: [String]
        /// A composed definition's graph (SVG), each app coloured by its child's last run.
        var graph: String?
        var executions: [TaskExecutionView]
        var hasExecutions: Bool
        var executionCount: Int64
        var showsNewest: Bool
        var newestCount: Int
        var allExecutionsHref: String
        var destroyAction: String
        var launch: LaunchForm
    }

    /// The launch form.
    struct LaunchForm: Sendable {
        var action: String
        /// The text area: the last launch's properties, one `key=value` a line, secrets masked.
        var properties: String
        /// The keys shown, posted back so that a deleted line clears its property.
        var shownKeys: String
        var sticky: [SettingView]
        var hasSticky: Bool
        var platforms: [SelectOption]
        var hasPlatformChoice: Bool
        var platform: String
    }

    /// The launch form's fields.
    struct LaunchFields: Decodable, Sendable {
        var properties: String?
        var arguments: String?
        var shown: String?
        var platform: String?
    }

    /// How many executions the page lists.
    static let executionLimit = 20

    func addRoutes(to router: Router<ServerRequestContext>) {
        router.get("/dashboard/tasks/definitions/:name", use: page)
        router.post("/dashboard/tasks/definitions/:name/launch", use: launch)
        router.post("/dashboard/tasks/definitions/:name/destroy", use: destroy)
    }

    @Sendable func page(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let name = try context.path("name")
        let services = dashboard.services
        let definition = try await services.definitions.require(name)
        let filter = TaskExecutionFilter(taskName: name)
        let executions = try await services.taskExplorer.taskExecutions(filter, limit: Self.executionLimit, arguments: false)
        let count = try await services.taskExplorer.taskExecutionCount(filter)
        let path = "/dashboard/tasks/definitions/\(DashboardResponses.pathEscaped(name))"
        let model = Model(
            name: name, dsl: definition.dslText, description: definition.description,
            // Each app once, in the order written (a composed definition may run one app under several labels).
            apps: ((try? DefinitionDSL.parse(definition.dslText, definitionName: name).apps) ?? [])
                .reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } },
            graph: try await graph(of: definition),
            executions: executions.map { TaskExecutionView($0) }, hasExecutions: !executions.isEmpty, executionCount: count,
            showsNewest: count > Int64(executions.count), newestCount: executions.count,
            allExecutionsHref: "/dashboard/tasks/executions?name=\(DashboardResponses.queryEscaped(name))",
            destroyAction: path + "/destroy", launch: try await launchForm(name, action: path + "/launch"))
        return dashboard.page("task-definition", model, title: "Task \(name)", section: .definitions, request: request, context: context)
    }

    /// The SVG of a composed definition's graph, with its children's last statuses (one query); nil for one app.
    func graph(of definition: TaskDefinition) async throws -> String? {
        guard let graph = try? TaskDSL.parse(definition.dslText, definitionName: definition.name), graph.isComposed else { return nil }
        let children = graph.appReferences(definitionName: definition.name).map(\.childDefinitionName)
        let latest = try await dashboard.services.taskExplorer.latestExecutions(names: children)
        return TaskGraphDiagram(graph: graph, definitionName: definition.name, statuses: latest.mapValues(\.status)).svg()
    }

    func launchForm(_ name: String, action: String) async throws -> LaunchForm {
        let launcher = dashboard.services.launcher
        let sticky = try await launcher.stickyLaunch(of: name)
        let choice = launcher.platforms.names.count > 1
        let shown = sticky.properties.filter { !choice || $0.key != LaunchFormText.platformKey }
        return LaunchForm(
            action: action, properties: LaunchFormText.shown(shown, platformSelect: choice), shownKeys: shown.keys.sorted().joined(separator: ","),
            sticky: SettingView.masked(shown), hasSticky: !shown.isEmpty,
            platforms: SelectOption.list(launcher.platforms.names, chosen: sticky.platform), hasPlatformChoice: choice, platform: sticky.platform)
    }

    @Sendable func launch(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let name = try context.path("name")
        let launcher = dashboard.services.launcher
        let back = "/dashboard/tasks/definitions/\(DashboardResponses.pathEscaped(name))"
        return try await dashboard.act(request, context, as: LaunchFields.self, fallback: back) { form, user in
            let shown = (form.shown ?? "").split(separator: ",").map(String.init)
            let properties = try LaunchFormText.properties(form.properties ?? "", shown: shown, platform: form.platform)
            let arguments = try LaunchFormText.arguments(form.arguments ?? "")
            let id = try await launcher.launch(name: name, properties: properties, arguments: arguments, user: user)
            return ("/dashboard/tasks/executions/\(id)", .success("Launched \(name) as task execution \(id)."))
        }
    }

    @Sendable func destroy(_ request: Request, context: ServerRequestContext) async throws -> Response {
        struct Empty: Decodable, Sendable {}
        let name = try context.path("name")
        let services = dashboard.services
        let back = "/dashboard/tasks/definitions/\(DashboardResponses.pathEscaped(name))"
        return try await dashboard.act(request, context, as: Empty.self, fallback: back) { _, user in
            try await services.definitions.destroy(name, user: user)
            return (
                "/dashboard/tasks/definitions",
                .success("Destroyed task definition \(name). Its executions are kept; clean them up from their pages.")
            )
        }
    }
}
