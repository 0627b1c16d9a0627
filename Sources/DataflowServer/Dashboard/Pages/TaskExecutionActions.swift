import Foundation
import Hummingbird
import TaskRuntime

/// Stop and clean up of one task execution, each behind a confirmation page
/// (`GET /dashboard/tasks/executions/{id}/stop|cleanup`) whose form posts to the same path.
///
/// Clean up offers the two things users mean by it, each on its own button: removing what the
/// launch left on its platform (the log and working directory; the record stays, so its history
/// and exit code stay visible), or deleting the execution altogether (the log, the task record,
/// its launch manifest and the job executions it ran, with their steps).
struct TaskExecutionActions: Sendable {
    let page: TaskExecutionPage
    var dashboard: Dashboard { page.dashboard }

    /// A confirmation page.
    struct Confirmation: Sendable {
        var task: TaskExecutionView
        var action: String
        var stop: Bool
        var jobCount: Int
        var hasJobs: Bool
        /// Why the viewer may not confirm (the page then offers no button), nil when they may.
        var refusal: String?
    }

    /// The cleanup form's field: `files` (the log and working directory) or `all` (the data too).
    struct CleanupFields: Decodable, Sendable {
        var scope: String?
    }

    func addRoutes(to router: Router<ServerRequestContext>) {
        for action in ["stop", "cleanup"] {
            router.get("/dashboard/tasks/executions/:id/\(action)") { request, context in try await confirm(action, request, context) }
        }
        router.post("/dashboard/tasks/executions/:id/stop", use: stop)
        router.post("/dashboard/tasks/executions/:id/cleanup", use: cleanup)
    }

    func confirm(_ action: String, _ request: Request, _ context: ServerRequestContext) async throws -> Response {
        let id = try context.id("id")
        let execution = try await page.execution(id)
        let task = TaskExecutionView(execution)
        let model = Confirmation(
            task: task, action: action, stop: action == "stop", jobCount: execution.jobExecutionIds.count,
            hasJobs: !execution.jobExecutionIds.isEmpty, refusal: dashboard.viewer(request, context).refusal("tasks/executions/\(id)/\(action)"))
        let verb = action == "stop" ? "Stop" : "Clean up"
        return dashboard.page(
            "task-confirm", model, title: "\(verb) \(task.name) #\(id)?", section: .taskExecutions, request: request, context: context)
    }

    @Sendable func stop(_ request: Request, context: ServerRequestContext) async throws -> Response {
        struct Empty: Decodable, Sendable {}
        let id = try context.id("id")
        let launcher = dashboard.services.launcher
        let back = "/dashboard/tasks/executions/\(id)"
        return try await dashboard.act(request, context, as: Empty.self, fallback: back) { _, user in
            try await launcher.stop([id], user: user)
            return (back, .success("Asked task execution \(id) to stop: it got SIGTERM, and is killed if it still runs after the platform's grace period."))
        }
    }

    @Sendable func cleanup(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let id = try context.id("id")
        let cleanup = dashboard.services.cleanup
        let back = "/dashboard/tasks/executions/\(id)"
        return try await dashboard.act(request, context, as: CleanupFields.self, fallback: back) { form, user in
            switch form.scope {
            case "files":
                try await cleanup.cleanup(ids: [id], actions: [.cleanup], user: user)
                return (back, .success("Removed the log and working directory of task execution \(id); its record stays."))
            case "all":
                try await cleanup.cleanup(ids: [id], actions: [.cleanup, .removeData], user: user)
                return (
                    "/dashboard/tasks/executions",
                    .success("Deleted task execution \(id) with its log and any job executions it ran.")
                )
            default:
                throw ServerError(.badRequest, "Choose what to clean up: the log and files only, or the execution with its data")
            }
        }
    }
}
