import BatchRuntime
import Foundation

/// A job execution as `/jobs/executions` shows it (Data Flow 2.11's `JobExecutionResource`):
/// Spring's `JobExecution` JSON with its steps and contexts, the parameters as a map and a
/// string, the start as date and time texts, the flags from the execution's state, `defined`,
/// and two fields Data Flow lacks: `dead` (its status says running but its process is gone; the
/// status stays as stored, as a Spring tool shows it) and `deadReason`.
struct JobExecutionResource: Encodable, Sendable {
    var detail: JobExecutionDetail
    var facts: JobExecutionFacts
    var links: Links
    /// When "now" is, for the duration of a running execution.
    var now: Date

    init(_ detail: JobExecutionDetail, facts: JobExecutionFacts, base: RequestBase, now: Date = Date()) {
        self.detail = detail
        self.facts = facts
        self.links = facts.links(executionId: detail.execution.id, base: base)
        self.now = now
    }

    enum Keys: String, CodingKey {
        case executionId, stepExecutionCount, jobId, taskExecutionId, name, startDate, startTime, duration, jobExecution
        case jobParameters, jobParametersString, restartable, abandonable, stoppable, defined, timeZone, schemaTarget
        case dead, deadReason
        case links = "_links"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        let execution = detail.execution
        try JobExecutionTexts(execution, now: now).encode(into: &container, Keys.self)
        try container.encode(execution.id, forKey: .executionId)
        try container.encode(detail.steps.count, forKey: .stepExecutionCount)
        try container.encode(execution.instance.id, forKey: .jobId)
        try container.encode(execution.taskExecutionId, forKey: .taskExecutionId)
        try container.encode(execution.jobName, forKey: .name)
        try container.encode(JobExecutionJSON(execution: execution, steps: detail.steps), forKey: .jobExecution)
        try container.encode(facts.state.restartable, forKey: .restartable)
        try container.encode(facts.state.abandonable, forKey: .abandonable)
        try container.encode(facts.state.stoppable, forKey: .stoppable)
        try container.encode(facts.defined, forKey: .defined)
        try container.encode(JobTimes.timeZone, forKey: .timeZone)
        try container.encode(SchemaTarget.name, forKey: .schemaTarget)
        try container.encode(facts.state.isDead, forKey: .dead)
        try container.encode(facts.state.deathReason, forKey: .deadReason)
        try container.encode(links, forKey: .links)
    }
}

/// The fields the full and the thin resource share that are texts of the execution's row:
/// `startDate`, `startTime`, `duration` (empty before the start; a running execution's lasts
/// until now), `jobParameters` and `jobParametersString`.
struct JobExecutionTexts {
    let execution: JobExecution
    let now: Date

    init(_ execution: JobExecution, now: Date) {
        self.execution = execution
        self.now = now
    }

    /// Writes the texts into a container whose keys have these names.
    func encode<Key: CodingKey>(into container: inout KeyedEncodingContainer<Key>, _ keys: Key.Type) throws {
        func key(_ name: String) -> Key { Key(stringValue: name)! }
        let start = execution.startTime
        try container.encode(start.map(JobTimes.date) ?? "", forKey: key("startDate"))
        try container.encode(start.map(JobTimes.time) ?? "", forKey: key("startTime"))
        try container.encode(start.map { JobTimes.duration(from: $0, to: execution.endTime ?? now) } ?? "", forKey: key("duration"))
        var properties = container.nestedContainer(keyedBy: DynamicKey.self, forKey: key("jobParameters"))
        for (name, value) in JobParametersJSON.properties(execution.parameters) { try properties.encode(value, forKey: DynamicKey(name)) }
        try container.encode(JobParametersJSON.string(execution.parameters), forKey: key("jobParametersString"))
    }
}
