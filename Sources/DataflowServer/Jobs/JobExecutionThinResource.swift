import BatchRuntime
import Foundation

/// A job execution as `/jobs/thinexecutions` shows it (Data Flow 2.11's
/// `JobExecutionThinResource`): no `JobExecution` JSON, no contexts and no steps, only their
/// number; the instance id, the status and the start as a date-time besides the full resource's
/// texts and flags, and the same `dead` and `deadReason`.
struct JobExecutionThinResource: Encodable, Sendable {
    var summary: JobExecutionSummary
    var facts: JobExecutionFacts
    var links: Links
    var now: Date

    init(_ summary: JobExecutionSummary, facts: JobExecutionFacts, base: RequestBase, now: Date = Date()) {
        self.summary = summary
        self.facts = facts
        self.links = facts.links(executionId: summary.execution.id, base: base)
        self.now = now
    }

    enum Keys: String, CodingKey {
        case executionId, stepExecutionCount, jobId, taskExecutionId, instanceId, name, startDate, startTime, startDateTime
        case duration, jobParameters, jobParametersString, restartable, abandonable, stoppable, defined, timeZone, status
        case schemaTarget, dead, deadReason
        case links = "_links"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        let execution = summary.execution
        try JobExecutionTexts(execution, now: now).encode(into: &container, Keys.self)
        try container.encode(execution.id, forKey: .executionId)
        try container.encode(summary.stepCount, forKey: .stepExecutionCount)
        try container.encode(execution.instance.id, forKey: .jobId)
        try container.encode(execution.taskExecutionId, forKey: .taskExecutionId)
        try container.encode(execution.instance.id, forKey: .instanceId)
        try container.encode(execution.jobName, forKey: .name)
        try container.encode(execution.startTime.map(WireTime.string), forKey: .startDateTime)
        try container.encode(facts.state.restartable, forKey: .restartable)
        try container.encode(facts.state.abandonable, forKey: .abandonable)
        try container.encode(facts.state.stoppable, forKey: .stoppable)
        try container.encode(facts.defined, forKey: .defined)
        try container.encode(JobTimes.timeZone, forKey: .timeZone)
        try container.encode(execution.status.rawValue, forKey: .status)
        try container.encode(SchemaTarget.name, forKey: .schemaTarget)
        try container.encode(facts.state.isDead, forKey: .dead)
        try container.encode(facts.state.deathReason, forKey: .deadReason)
        try container.encode(links, forKey: .links)
    }
}
