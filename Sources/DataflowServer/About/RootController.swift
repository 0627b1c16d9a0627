import Hummingbird

/// `GET /`: the link relations Data Flow 2.11 clients look up at start (the Java client asserts
/// each of them) and `"api.revision": 14`. Relations of disabled features are absent.
struct RootController: Sendable {
    let features: Features

    /// Data Flow's REST API revision.
    static let apiRevision = 14

    func addRoutes(to router: Router<ServerRequestContext>) {
        router.get("/", use: root)
    }

    @Sendable func root(_ request: Request, context: ServerRequestContext) async throws -> Response {
        // A browser asking for a page gets the dashboard; Data Flow's clients ask for JSON.
        if let accept = request.headers[.accept], accept.contains("text/html") {
            return DashboardResponses.redirect(to: "/dashboard")
        }
        let base = RequestBase(request, fallback: "")
        func link(_ path: String) -> Link { Link(base.url + path, templated: path.contains("{") ? true : nil) }
        var relations: [(String, String)] = [("dashboard", "/dashboard"), ("audit-records", "/audit-records")]
        if features.streams {
            relations += [("streams/definitions", "/streams/definitions")]
        }
        if features.tasks {
            relations += [
                ("tasks/platforms", "/tasks/platforms"),
                ("jobs/executions", "/jobs/executions"),
                ("jobs/executions/name", "/jobs/executions{?name}"),
                ("jobs/executions/status", "/jobs/executions{?status}"),
                ("jobs/executions/execution", "/jobs/executions/{id}"),
                ("jobs/executions/execution/steps", "/jobs/executions/{jobExecutionId}/steps"),
                ("jobs/executions/execution/steps/step", "/jobs/executions/{jobExecutionId}/steps/{stepId}"),
                ("jobs/executions/execution/steps/step/progress", "/jobs/executions/{jobExecutionId}/steps/{stepId}/progress"),
                ("jobs/instances/name", "/jobs/instances{?name}"),
                ("jobs/instances/instance", "/jobs/instances/{id}"),
                ("jobs/thinexecutions", "/jobs/thinexecutions"),
                ("jobs/thinexecutions/name", "/jobs/thinexecutions{?name}"),
                ("jobs/thinexecutions/jobInstanceId", "/jobs/thinexecutions{?jobInstanceId}"),
                ("jobs/thinexecutions/taskExecutionId", "/jobs/thinexecutions{?taskExecutionId}"),
                ("tasks/definitions", "/tasks/definitions"),
                ("tasks/definitions/definition", "/tasks/definitions/{name}"),
                ("tasks/executions", "/tasks/executions"),
                ("tasks/executions/name", "/tasks/executions{?name}"),
                ("tasks/executions/current", "/tasks/executions/current"),
                ("tasks/executions/execution", "/tasks/executions/{id}"),
                ("tasks/executions/launch", "/tasks/executions/launch{?name,properties,arguments}"),
                ("tasks/validation", "/tasks/validation/{name}"),
                ("tasks/info/executions", "/tasks/info/executions{?completed,name}"),
                ("tasks/logs", "/tasks/logs/{taskExternalExecutionId}{?platformName}"),
                ("tasks/thinexecutions", "/tasks/thinexecutions"),
                ("tasks/thinexecutions/name", "/tasks/thinexecutions{?name}"),
            ]
        }
        if features.tasks && features.schedules {
            relations += [
                ("tasks/schedules", "/tasks/schedules"),
                ("tasks/schedules/instances", "/tasks/schedules/instances/{taskDefinitionName}"),
            ]
        }
        relations += [
            ("about", "/about"),
            ("completions/stream", "/completions/stream{?start,detailLevel}"),
            ("completions/task", "/completions/task{?start,detailLevel}"),
            ("apps", "/apps"),
        ]
        return try Responses.json(Root(links: Links(relations.map { ($0.0, link($0.1)) }), apiRevision: Self.apiRevision))
    }

    struct Root: Encodable {
        var links: Links
        var apiRevision: Int
        enum CodingKeys: String, CodingKey {
            case links = "_links"
            case apiRevision = "api.revision"
        }
    }
}

/// The features switched on (`spring.cloud.dataflow.features.*-enabled`).
public struct Features: Sendable, Hashable {
    /// Streams (always off: this server runs tasks; kept for `/about`).
    public var streams: Bool
    /// Tasks and jobs.
    public var tasks: Bool
    /// Schedules.
    public var schedules: Bool

    /// Creates a value.
    public init(streams: Bool = false, tasks: Bool = true, schedules: Bool = true) {
        self.streams = streams
        self.tasks = tasks
        self.schedules = schedules
    }
}
