import BatchRuntime
import Foundation

/// A step execution as `/jobs/executions/{id}/steps` shows it (Data Flow 2.11's
/// `StepExecutionResource`): `{jobExecutionId, stepExecution, stepType, schemaTarget}` with links
/// to itself and to its progress, and `dead`/`deadReason` as the job execution's resources have
/// them (a step is dead when its status says it runs and its job's process is gone).
struct StepExecutionResource: Encodable, Sendable {
    var step: StepExecution
    var jobParameters: JobParameters
    var state: JobExecutionState
    var links: Links

    init(_ step: StepExecution, jobParameters: JobParameters, state: JobExecutionState, base: RequestBase) {
        self.step = step
        self.jobParameters = jobParameters
        self.state = state
        self.links = Self.links(step, base: base)
    }

    /// `self` (the step) and `progress`.
    static func links(_ step: StepExecution, base: RequestBase) -> Links {
        let path = "/jobs/executions/\(step.jobExecutionId)/steps/\(step.id)"
        return Links([("self", base.link(path)), ("progress", base.link(path + "/progress"))])
    }

    enum Keys: String, CodingKey {
        case jobExecutionId, stepExecution, stepType, schemaTarget, dead, deadReason
        case links = "_links"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        let dead = state.isDead(step)
        try container.encode(step.jobExecutionId, forKey: .jobExecutionId)
        try container.encode(StepExecutionJSON(step: step, jobParameters: jobParameters), forKey: .stepExecution)
        try container.encode(Self.stepType(step.executionContext), forKey: .stepType)
        try container.encode(SchemaTarget.name, forKey: .schemaTarget)
        try container.encode(dead, forKey: .dead)
        try container.encode(dead ? state.deathReason : nil, forKey: .deadReason)
        try container.encode(links, forKey: .links)
    }

    /// Data Flow's step type: from the tasklet class (`batch.taskletType`) or else the step class
    /// (`batch.stepType`) a Spring app records in the context, by display name where Data Flow
    /// knows the class, else the class name; empty when neither is recorded.
    static func stepType(_ context: ExecutionContext) -> String {
        if let tasklet = context.string("batch.taskletType") {
            return taskletTypes[tasklet] ?? tasklet
        }
        if let step = context.string("batch.stepType") {
            return stepTypes[step] ?? step
        }
        return ""
    }

    private static let taskletTypes = [
        "org.springframework.batch.core.step.item.ChunkOrientedTasklet": "Chunk Oriented Step",
        "org.springframework.batch.core.step.tasklet.SystemCommandTasklet": "System Command Step",
        "org.springframework.batch.core.step.tasklet.CallableTaskletAdapter": "Callable Tasklet Adapter Step",
        "org.springframework.batch.core.step.tasklet.MethodInvokingTaskletAdapter": "Method Invoking Tasklet Adapter Step",
    ]

    private static let stepTypes = [
        "org.springframework.batch.core.step.tasklet.TaskletStep": "Tasklet Step",
        "org.springframework.batch.core.job.flow.FlowStep": "Flow Step",
        "org.springframework.batch.core.step.job.JobStep": "Job Step",
        "org.springframework.batch.core.partition.support.PartitionStep": "Partition Step",
    ]
}
