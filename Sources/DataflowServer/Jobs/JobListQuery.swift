import BatchRuntime
import Foundation

/// The filters of the job execution lists, read from a request. Data Flow 2.11 takes `name` and
/// `status` on `/jobs/executions`, and one of `name`, `fromDate`+`toDate`, `jobInstanceId` or
/// `taskExecutionId` on `/jobs/thinexecutions`; here both lists take all of them, together.
///
/// - `name`: a job's name; with a `%` in it, a `LIKE` pattern as Data Flow matches names (`%` any
///   text, `_` any one character). Empty means any job.
/// - `status`: one of Spring Batch's statuses.
/// - `fromDate`, `toDate`: executions started in between, both included, as
///   `yyyy-MM-dd'T'HH:mm:ss,SSS` in UTC; one without the other is refused.
/// - `jobInstanceId`, `taskExecutionId`: executions of that instance, run by that task execution.
struct JobListQuery: Sendable {
    var filter = JobExecutionFilter()
    /// The name asked for, when given: a list that finds nothing answers 404 when no job has it.
    var name: String?

    init(_ parameters: RequestParameters) throws {
        if let name = parameters.string("name"), !name.isEmpty {
            self.name = name
            if name.contains("%") { filter.jobNameLike = name } else { filter.jobName = name }
        }
        if let status = parameters.string("status"), !status.isEmpty {
            filter.statuses = [try Self.status(status)]
        }
        switch (try Self.date(parameters, "fromDate"), try Self.date(parameters, "toDate")) {
        case (nil, nil): break
        case (let from?, let to?):
            guard from <= to else {
                throw ServerError(.badRequest, "The parameter 'fromDate' (\(parameters.string("fromDate")!)) must not be after 'toDate' (\(parameters.string("toDate")!))")
            }
            filter.startedFrom = from
            filter.startedTo = to
        case (nil, _?), (_?, nil):
            throw ServerError(.badRequest, "The parameters 'fromDate' and 'toDate' go together: give both, in the format \(JobTimes.parameterFormat)")
        }
        filter.instanceId = try parameters.integer("jobInstanceId").map(Int64.init)
        filter.taskExecutionId = try parameters.integer("taskExecutionId").map(Int64.init)
    }

    /// A Spring Batch status, any case.
    static func status(_ text: String) throws -> BatchStatus {
        guard let status = BatchStatus(rawValue: text.uppercased()) else {
            throw ServerError(
                .badRequest,
                "The parameter 'status' must contain one of the following values: '\(BatchStatus.allCases.map(\.rawValue).joined(separator: ", "))'")
        }
        return status
    }

    private static func date(_ parameters: RequestParameters, _ name: String) throws -> Date? {
        guard let text = parameters.string(name), !text.isEmpty else { return nil }
        guard let date = JobTimes.parseParameter(text) else {
            throw ServerError(
                .badRequest,
                "The parameter '\(name)' must be a date and time as \(JobTimes.parameterFormat) (such as 2024-03-13T10:02:28,000, in UTC), not '\(text)'")
        }
        return date
    }

    /// Data Flow's 404 for a name no job has.
    static func noSuchJob(_ name: String) -> ServerError {
        ServerError(.noSuchJob, "No Job with that name either current or historic: [\(name)]")
    }
}
