import BatchRuntime
import Foundation
import Hummingbird
import TaskRuntime

/// `GET /dashboard/tasks/executions/{id}`: one task execution: its status, times, exit code and
/// messages, the job executions it ran and the actions its state allows (a live region on topic
/// `task:ID`, fetched again from `…/{id}/live`); its arguments and launch properties with secret
/// values masked; and its log, the end of it rendered and the rest streamed as the task writes it.
struct TaskExecutionPage: Sendable {
    let dashboard: Dashboard

    struct Model: Sendable {
        var live: Live
        var arguments: [String]
        var hasArguments: Bool
        /// Whether the arguments are the launch's (the app recorded none, as a plain script does not).
        var argumentsAsLaunched: Bool
        var properties: [SettingView]
        var hasProperties: Bool
        var resourceURL: String?
        var log: TaskLogView
        var logLimit: String
    }

    /// The header, the linked jobs and the actions (live topic `task:ID`).
    struct Live: Sendable {
        var version: String
        var task: TaskExecutionView
        var platform: String?
        /// Whether the launch waits in its platform's queue.
        var queued: Bool
        var jobs: [JobExecutionView]
        var hasJobs: Bool
        var stoppable: Bool
        var cleanable: Bool
        var hasActions: Bool
    }

    func addRoutes(to router: Router<ServerRequestContext>) {
        router.get("/dashboard/tasks/executions/:id", use: page)
        router.get("/dashboard/tasks/executions/:id/live") { request, context in
            let id = try context.id("id")
            let version = try await dashboard.versions.version(of: .task(id))
            let execution = try await self.execution(id)
            let launch = try await dashboard.services.launcher.launchRecord(executionId: id)
            return dashboard.fragment(
                "fragment-task-live", try await live(execution, launch: launch, version: version), request: request, context: context)
        }
        TaskExecutionActions(page: self).addRoutes(to: router)
    }

    @Sendable func page(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let id = try context.id("id")
        let version = try await dashboard.versions.version(of: .task(id))
        let execution = try await self.execution(id)
        let launch = try await dashboard.services.launcher.launchRecord(executionId: id)
        let manifest = try await dashboard.services.manifests([id])[id]
        let properties = SettingView.masked(manifest?.deploymentProperties ?? [:])
        let asLaunched = execution.arguments.isEmpty && !(launch?.request.arguments.isEmpty ?? true)
        let arguments = SecretMasking.arguments(asLaunched ? launch?.request.arguments ?? [] : execution.arguments)
        let model = Model(
            live: try await live(execution, launch: launch, version: version), arguments: arguments, hasArguments: !arguments.isEmpty,
            argumentsAsLaunched: asLaunched,
            properties: properties, hasProperties: !properties.isEmpty, resourceURL: manifest?.resourceURL,
            log: try await TaskLogView.read(id: id, launch: launch, platforms: dashboard.services.launcher.platforms),
            logLimit: TaskLogView.limitText)
        return dashboard.page(
            "task-execution", model, title: "\(execution.taskName ?? "Task") #\(id)", section: .taskExecutions, request: request, context: context)
    }

    /// The execution, or the 404 the REST API answers.
    func execution(_ id: Int64) async throws -> TaskExecution {
        guard let execution = try await dashboard.services.taskExplorer.taskExecution(id: id) else {
            throw TaskExecutionsController.noSuchExecution(id)
        }
        return execution
    }

    /// The live region. `version` must be read before `execution`: read after, it could
    /// already count a change (the task's start) that `execution` does not show, and the page
    /// would never be told of it.
    func live(_ execution: TaskExecution, launch: TaskLaunchRecord?, version: String) async throws -> Live {
        let explorer = dashboard.jobs.explorer
        let jobs = try await explorer.jobExecutions(ids: execution.jobExecutionIds)
        let states = try await explorer.states(of: jobs)
        let actions = Self.actions(execution, launch: launch)
        return Live(
            version: version, task: TaskExecutionView(execution), platform: launch?.platformName, queued: launch?.state == .queued,
            jobs: jobs.map { JobExecutionView($0, state: states[$0.id]) }, hasJobs: !jobs.isEmpty, stoppable: actions.stop,
            cleanable: actions.cleanup, hasActions: actions.stop || actions.cleanup)
    }

    /// What the execution's state allows: stopping a launch of this server that has not ended
    /// (a queued one leaves the queue); cleaning up an execution that is not running.
    static func actions(_ execution: TaskExecution, launch: TaskLaunchRecord?) -> (stop: Bool, cleanup: Bool) {
        let launchActive = launch.map { $0.state != .ended } ?? false
        let stop = execution.endTime == nil && launchActive
        let cleanup = execution.endTime != nil || (execution.startTime == nil && !launchActive)
        return (stop, cleanup)
    }
}
