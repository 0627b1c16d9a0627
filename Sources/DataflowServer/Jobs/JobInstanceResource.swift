import BatchRuntime
import Foundation

/// A job instance as `/jobs/instances` shows it (Data Flow 2.11's `JobInstanceResource`): its
/// name, its id and all its executions, newest first, as full job execution resources (dead
/// ones say so there).
struct JobInstanceResource: Encodable, Sendable {
    var instance: JobInstance
    var executions: [JobExecutionResource]
    var links: Links

    init(_ detail: JobInstanceDetail, facts: [Int64: JobExecutionFacts], base: RequestBase, now: Date = Date()) {
        instance = detail.instance
        executions = detail.executions.compactMap { execution in
            facts[execution.id].map { JobExecutionResource(execution, facts: $0, base: base, now: now) }
        }
        links = Links([("self", base.link("/jobs/instances/\(detail.instance.id)"))])
    }

    enum Keys: String, CodingKey {
        case jobName, jobInstanceId, jobExecutions
        case links = "_links"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(instance.jobName, forKey: .jobName)
        try container.encode(instance.id, forKey: .jobInstanceId)
        try container.encode(executions, forKey: .jobExecutions)
        try container.encode(links, forKey: .links)
    }
}
