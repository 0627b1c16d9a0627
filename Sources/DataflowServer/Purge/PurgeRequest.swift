import BatchRuntime
import TaskRuntime

/// The parameters of a purge request, read strictly: a misspelt parameter would silently widen
/// what a purge deletes (`olderthan=30d&keepLast=5` would keep five and delete the rest), so
/// any parameter the purge does not take is refused.
struct PurgeRequest: Sendable, Hashable {
    /// The parameters a purge takes.
    static let names = ["olderThan", "keepLast", "name", "includeRestartable", "dryRun", "batchSize"]
    /// The largest batch a request may ask for.
    static let maximumBatchSize = 10_000

    /// `olderThan` as given (`30d`), and as a duration.
    var olderThanText: String?
    var olderThan: Duration?
    var keepLast: Int?
    var name: String?
    var includeRestartable = false
    var dryRun = false
    var batchSize = JobPurgePolicy.defaultBatchSize

    /// Reads and checks the parameters.
    /// - Throws: ``ServerError`` `badRequest` with a message naming the parameter and what it takes.
    init(_ parameters: RequestParameters) throws {
        if let unknown = parameters.pairs.map(\.0).first(where: { !Self.names.contains($0) }) {
            throw ServerError(
                .badRequest,
                "The parameter '\(unknown)' is not one a purge takes; give \(Self.names.joined(separator: ", "))")
        }
        if let text = parameters.string("olderThan") {
            olderThanText = text
            olderThan = try Self.duration(text)
        }
        if let keepLast = try parameters.integer("keepLast") {
            guard keepLast >= 0 else {
                throw ServerError(.badRequest, "The parameter 'keepLast' must be a number of executions to keep, 0 or more, not \(keepLast)")
            }
            self.keepLast = keepLast
        }
        guard olderThan != nil || keepLast != nil else {
            throw ServerError(
                .badRequest,
                "Give 'olderThan' (such as 30d), 'keepLast' (such as 10) or both; to purge every execution that may go, say olderThan=0s")
        }
        name = parameters.string("name").flatMap { $0.isEmpty ? nil : $0 }
        includeRestartable = try parameters.bool("includeRestartable") ?? false
        dryRun = try parameters.bool("dryRun") ?? false
        if let size = try parameters.integer("batchSize") {
            guard (1...Self.maximumBatchSize).contains(size) else {
                throw ServerError(.badRequest, "The parameter 'batchSize' must be from 1 to \(Self.maximumBatchSize), not \(size)")
            }
            batchSize = size
        }
    }

    /// The age in Spring's notation with a unit (``PurgeAge``).
    static func duration(_ text: String) throws -> Duration {
        do {
            return try PurgeAge.parse(text)
        } catch {
            throw ServerError(.badRequest, "The parameter 'olderThan' must be a duration with a unit: \(error.message)")
        }
    }

    var jobPolicy: JobPurgePolicy {
        JobPurgePolicy(olderThan: olderThan, keepLast: keepLast, jobName: name, includeRestartable: includeRestartable, batchSize: batchSize)
    }

    var taskPolicy: TaskPurgePolicy {
        TaskPurgePolicy(olderThan: olderThan, keepLast: keepLast, taskName: name, includeRestartable: includeRestartable, batchSize: batchSize)
    }
}
