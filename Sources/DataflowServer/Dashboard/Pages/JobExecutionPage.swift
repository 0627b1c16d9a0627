import BatchRuntime
import Foundation
import Hummingbird

/// `GET /dashboard/jobs/executions/{id}`: one job execution with its parameters, each step's
/// counters, duration and live progress, the actions its state allows (each behind a
/// confirmation page), and the durations of the job's last 50 executions.
struct JobExecutionPage: Sendable {
    let dashboard: Dashboard

    struct Model: Sendable {
        var live: Live
        var parameters: [Parameter]
        var hasParameters: Bool
        var chart: String?
    }

    /// The header and steps (live topic `job:ID`).
    struct Live: Sendable {
        var version: String
        var job: JobExecutionView
        var steps: [StepView]
        var hasActions: Bool
    }

    struct Parameter: Sendable {
        var name: String
        var value: String
        var type: String
        var identifying: Bool
    }

    /// A confirmation page of one action.
    struct Confirmation: Sendable {
        var job: JobExecutionView
        var action: String
        var verb: String
        var consequence: String
        var danger: Bool
        /// Why the viewer may not confirm (the page then offers no button), nil when they may.
        var refusal: String?
    }

    func addRoutes(to router: Router<ServerRequestContext>) {
        router.get("/dashboard/jobs/executions/:id", use: page)
        router.get("/dashboard/jobs/executions/:id/live") { request, context in
            dashboard.fragment("fragment-job-live", try await live(try context.id("id")), request: request, context: context)
        }
        for action in ["restart", "stop", "abandon"] {
            router.get("/dashboard/jobs/executions/:id/\(action)") { request, context in try await confirm(action, request, context) }
            router.post("/dashboard/jobs/executions/:id/\(action)") { request, context in try await perform(action, request, context) }
        }
    }

    @Sendable func page(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let id = try context.id("id")
        let live = try await live(id)
        guard let execution = try await dashboard.jobs.explorer.jobExecution(id: id) else { throw JobExecutionsController.noSuchExecution(id) }
        let parameters = execution.parameters.entries.map {
            Parameter(
                name: $0.name, value: SecretMasking.isSecret(key: $0.name) ? "******" : $0.parameter.storedValue, type: $0.parameter.javaType,
                identifying: $0.parameter.identifying)
        }
        let model = Model(live: live, parameters: parameters, hasParameters: !parameters.isEmpty, chart: try await chart(execution.jobName))
        return dashboard.page(
            "job-execution", model, title: "\(execution.jobName) #\(id)", section: .jobExecutions, request: request, context: context)
    }

    func live(_ id: Int64) async throws -> Live {
        let version = try await dashboard.versions.version(of: .job(id))
        guard let execution = try await dashboard.jobs.explorer.jobExecution(id: id) else { throw JobExecutionsController.noSuchExecution(id) }
        let state = try await dashboard.jobs.explorer.state(of: execution)
        let job = JobExecutionView(execution, state: state)
        let steps = try await StepViews(queries: dashboard.jobs).steps(of: execution, state: state)
        return Live(version: version, job: job, steps: steps, hasActions: job.stoppable || job.restartable || job.abandonable)
    }

    /// The durations of the job's last 50 executions, as SVG.
    func chart(_ jobName: String) async throws -> String? {
        let executions = try await dashboard.jobs.explorer.recentExecutions(jobName: jobName, limit: 50)
        return DurationChart(jobName: jobName, executions: executions).svg()
    }

    func confirm(_ action: String, _ request: Request, _ context: ServerRequestContext) async throws -> Response {
        let id = try context.id("id")
        guard let execution = try await dashboard.jobs.explorer.jobExecution(id: id) else { throw JobExecutionsController.noSuchExecution(id) }
        let job = JobExecutionView(execution, state: try await dashboard.jobs.explorer.state(of: execution))
        let (verb, consequence, danger): (String, String, Bool) = switch action {
        case "restart":
            ("Restart", "A new task execution runs the job again from where execution \(id) stopped; completed steps are not run again.", false)
        case "stop": ("Stop", "The job stops at its next chunk boundary and is recorded STOPPED; it can be restarted later.", true)
        default: ("Abandon", "The execution is recorded ABANDONED and its job instance can never be restarted.", true)
        }
        return dashboard.page(
            "job-confirm",
            Confirmation(
                job: job, action: action, verb: verb, consequence: consequence, danger: danger,
                refusal: dashboard.viewer(request, context).refusal("jobs/executions/\(id)/\(action)")),
            title: "\(verb) \(execution.jobName) #\(id)?", section: .jobExecutions, request: request, context: context)
    }

    func perform(_ action: String, _ request: Request, _ context: ServerRequestContext) async throws -> Response {
        struct Empty: Decodable, Sendable {}
        let id = try context.id("id")
        let back = "/dashboard/jobs/executions/\(id)"
        let operations = dashboard.services.jobOperations
        return try await dashboard.act(request, context, as: Empty.self, fallback: back) { _, user in
            switch action {
            case "restart":
                let taskExecutionId = try await operations.restart(jobExecutionId: id, user: user)
                return ("/dashboard/tasks/executions/\(taskExecutionId)", .success("Restarted job execution \(id) as task execution \(taskExecutionId)."))
            case "stop":
                try await operations.stop(jobExecutionId: id, user: user)
                return (back, .success("Asked job execution \(id) to stop; it stops at its next chunk boundary."))
            default:
                _ = try await operations.abandon(jobExecutionId: id, user: user)
                return (back, .success("Job execution \(id) is abandoned."))
            }
        }
    }
}
