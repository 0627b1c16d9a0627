import Hummingbird

/// `PUT /jobs/executions/{id}` with `stop=true` or `restart=true` (Data Flow's), or
/// `abandon=true` (Spring's `JobOperator.abandon`, which Data Flow does not offer).
///
/// Stop and abandon answer 200 with an empty body, as Data Flow does; restart answers 200 with
/// `{"taskExecutionId": N}`, the task execution it launched (Data Flow's clients ignore the body).
/// Restart also reads `useJsonJobParameters` and `jobParameters` (see ``JobOperations/RestartOptions``).
struct JobOperationsController: Sendable {
    let operations: JobOperations

    func addRoutes(to router: Router<ServerRequestContext>) {
        router.put("/jobs/executions/:id", use: operate)
    }

    @Sendable func operate(_ request: Request, context: ServerRequestContext) async throws -> Response {
        var request = request
        let parameters = try await RequestParameters.read(&request)
        let id = try context.id("id")
        let asked = try ["stop", "restart", "abandon"].filter { try parameters.bool($0) == true }
        guard asked.count == 1 else {
            throw ServerError(
                .badRequest,
                asked.isEmpty
                    ? "Say what to do with job execution \(id): stop=true, restart=true or abandon=true"
                    : "Give one of stop=true, restart=true or abandon=true, not \(asked.map { "\($0)=true" }.joined(separator: " and "))")
        }
        switch asked[0] {
        case "stop":
            try await operations.stop(jobExecutionId: id, user: context.user)
            return Responses.empty(.ok)
        case "abandon":
            try await operations.abandon(jobExecutionId: id, user: context.user)
            return Responses.empty(.ok)
        default:
            let options = JobOperations.RestartOptions(
                useJsonJobParameters: try parameters.bool("useJsonJobParameters") ?? false, jobParameters: parameters.all("jobParameters"))
            let launched = try await operations.restart(jobExecutionId: id, options: options, user: context.user)
            return try Responses.json(Restarted(taskExecutionId: launched))
        }
    }

    struct Restarted: Encodable {
        var taskExecutionId: Int64
    }
}
