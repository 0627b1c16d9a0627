import BatchRuntime
import Database
import Foundation
import Hummingbird

/// The step executions of a job execution (`/jobs/executions/{id}/steps`), one of them, and a
/// step's progress estimated from its reader's position or from earlier executions of the step.
struct JobStepsController: Sendable {
    let queries: JobQueries
    /// How many of the job's latest executions a step's history looks through.
    var historyDepth = 100

    func addRoutes(to router: Router<ServerRequestContext>) {
        router.get("/jobs/executions/:id/steps", use: list)
        router.get("/jobs/executions/:id/steps/:stepId", use: show)
        router.get("/jobs/executions/:id/steps/:stepId/progress", use: progress)
    }

    /// The steps in the order they started, paged (`page`, `size`).
    @Sendable func list(_ request: Request, context: ServerRequestContext) async throws -> Response {
        var request = request
        let parameters = try await RequestParameters.read(&request)
        let pageRequest = try parameters.pageRequest()
        let id = try context.id("id")
        guard let detail = try await queries.explorer.jobExecutionDetail(id: id) else {
            throw ServerError(.noSuchJobExecution, "No JobExecution with id=\(id)")
        }
        let state = try await queries.facts(detail.execution).state
        let base = RequestBase(request, fallback: "")
        let steps = detail.steps.dropFirst(min(pageRequest.offset, detail.steps.count)).prefix(pageRequest.size)
        let resources = steps.map { StepExecutionResource($0, jobParameters: detail.execution.parameters, state: state, base: base) }
        let page = Page(elements: Array(steps), number: pageRequest.number, size: pageRequest.size, totalElements: Int64(detail.steps.count))
        return try Responses.json(
            Paging.resources(
                page, resources, collection: "stepExecutionResourceList", path: "/jobs/executions/\(id)/steps", base: base,
                parameters: parameters))
    }

    @Sendable func show(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let (execution, step) = try await find(context)
        let state = try await queries.facts(execution).state
        return try Responses.json(
            StepExecutionResource(step, jobParameters: execution.parameters, state: state, base: RequestBase(request, fallback: "")))
    }

    @Sendable func progress(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let (execution, step) = try await find(context)
        let state = try await queries.facts(execution).state
        let earlier = try await queries.explorer.stepExecutionHistory(
            jobName: execution.jobName, stepName: step.stepName, lastExecutions: historyDepth)
        let history = StepExecutionHistory(stepName: step.stepName, steps: earlier)
        return try Responses.json(
            StepExecutionProgressResource(
                step, jobParameters: execution.parameters, history: history, state: state, base: RequestBase(request, fallback: "")))
    }

    /// The job execution and its step the path names, with Data Flow's 404s.
    private func find(_ context: ServerRequestContext) async throws -> (JobExecution, StepExecution) {
        let jobExecutionId = try context.id("id")
        let stepId = try context.id("stepId")
        guard let execution = try await queries.explorer.jobExecutions(ids: [jobExecutionId]).first else {
            throw JobExecutionsController.noSuchExecution(jobExecutionId)
        }
        guard let step = try await queries.explorer.stepExecution(id: stepId, ofJobExecution: jobExecutionId) else {
            throw ServerError(.noSuchStepExecution, "There is no StepExecution with jobExecutionId=\(jobExecutionId) and id=\(stepId)")
        }
        return (execution, step)
    }
}
