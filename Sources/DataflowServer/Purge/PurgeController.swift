import BatchRuntime
import Hummingbird

/// `DELETE /jobs/executions/purge` and `DELETE /tasks/executions/purge`: the retention purge,
/// answering 200 with what went (or, with `dryRun=true`, what would) as JSON.
///
/// Both take the same parameters: `olderThan` (Spring's notation: `30d`, `12h`, `PT1H`),
/// `keepLast` (the newest executions of each job or task to keep), `name` (one job or task),
/// `includeRestartable`, `dryRun` and `batchSize`; at least one of `olderThan` and `keepLast`.
///
/// Why a sibling of Data Flow's `DELETE /tasks/executions` and not more parameters on it: that
/// endpoint deletes every ended execution matched by `name` and `days`, restartable job data
/// included, and answers an empty body. The purge keeps what a restart needs, keeps the newest
/// executions, can count without deleting and answers a report. Had the new parameters joined
/// the old endpoint, adding `dryRun=false` to a cleanup would quietly have changed which rows
/// it deletes; as its own resource, each endpoint means one thing, Data Flow's clients keep
/// theirs, and jobs and tasks are purged with the same parameters and the same report.
/// Deleting takes the DESTROY role when security is on (as every DELETE does).
struct PurgeController: Sendable {
    let purge: ExecutionPurge

    func addRoutes(to router: Router<ServerRequestContext>) {
        router.delete("/jobs/executions/purge", use: purgeJobs)
        router.delete("/tasks/executions/purge", use: purgeTasks)
    }

    @Sendable func purgeJobs(_ request: Request, context: ServerRequestContext) async throws -> Response {
        var request = request
        let given = try PurgeRequest(try await RequestParameters.read(&request))
        let report = try await purge.purgeJobs(given.jobPolicy, dryRun: given.dryRun, user: context.user)
        return try Responses.json(PurgeResource(report: report, request: given, link: RequestBase(request, fallback: "").url + "/jobs/executions/purge"))
    }

    @Sendable func purgeTasks(_ request: Request, context: ServerRequestContext) async throws -> Response {
        var request = request
        let given = try PurgeRequest(try await RequestParameters.read(&request))
        let report = try await purge.purgeTasks(given.taskPolicy, dryRun: given.dryRun, user: context.user)
        return try Responses.json(PurgeResource(report: report, request: given, link: RequestBase(request, fallback: "").url + "/tasks/executions/purge"))
    }
}

/// The answer: the report's counts (``PurgeReport``'s JSON) with the policy applied.
struct PurgeResource: Encodable {
    var report: PurgeReport
    var request: PurgeRequest
    var link: String

    struct Policy: Encodable {
        var olderThan: String?
        var keepLast: Int?
        var name: String?
        var includeRestartable: Bool
        var batchSize: Int
    }

    private enum CodingKeys: String, CodingKey { case policy, links = "_links" }

    func encode(to encoder: any Encoder) throws {
        try report.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(
            Policy(
                olderThan: request.olderThanText, keepLast: request.keepLast, name: request.name,
                includeRestartable: request.includeRestartable, batchSize: request.batchSize),
            forKey: .policy)
        try container.encode(Links.this(link), forKey: .links)
    }
}
