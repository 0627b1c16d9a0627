import BatchRuntime
import Foundation

/// A step's progress as `/jobs/executions/{id}/steps/{stepId}/progress` shows it (Data Flow
/// 2.11's `StepExecutionProgressInfoResource`): the step, the history of its earlier executions,
/// `percentageComplete` (a fraction: ``StepProgress``), `finished` and `duration` (ms); besides
/// Data Flow's fields, what the estimate rests on (`percentageCompleteBasis`) and `dead` and
/// `deadReason`: a dead step is not finished, and says so.
struct StepExecutionProgressResource: Encodable, Sendable {
    var step: StepExecution
    var jobParameters: JobParameters
    var history: StepExecutionHistory
    var progress: StepProgress
    var state: JobExecutionState
    var links: Links

    init(
        _ step: StepExecution, jobParameters: JobParameters, history: StepExecutionHistory, state: JobExecutionState,
        base: RequestBase, now: Date = Date()
    ) {
        self.step = step
        self.jobParameters = jobParameters
        self.history = history
        self.progress = StepProgress(step, history: history, now: now)
        self.state = state
        self.links = StepExecutionResource.links(step, base: base)
    }

    enum Keys: String, CodingKey {
        case stepExecution, stepExecutionHistory, percentageComplete, finished, duration, percentageCompleteBasis, dead, deadReason
        case links = "_links"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        let dead = state.isDead(step)
        try container.encode(StepExecutionJSON(step: step, jobParameters: jobParameters), forKey: .stepExecution)
        try container.encode(history, forKey: .stepExecutionHistory)
        try container.encode(progress.percentageComplete, forKey: .percentageComplete)
        try container.encode(progress.finished, forKey: .finished)
        try container.encode(progress.duration, forKey: .duration)
        try container.encode(progress.basis, forKey: .percentageCompleteBasis)
        try container.encode(dead, forKey: .dead)
        try container.encode(dead ? state.deathReason : nil, forKey: .deadReason)
        try container.encode(links, forKey: .links)
    }
}
