import BatchRuntime
import Foundation

/// A job execution as Data Flow 2.11 writes Spring Batch 4's `JobExecution`: its row, its
/// instance, its parameters and context, and its step executions; `running` and `stopping` as
/// Spring computes them (started and not ended; `STOPPING`), `jobId` the instance's id.
struct JobExecutionJSON: Encodable, Sendable {
    let execution: JobExecution
    let steps: [StepExecution]

    enum Keys: String, CodingKey {
        case id, version, jobParameters, jobInstance, stepExecutions, status, startTime, createTime, endTime, lastUpdated
        case exitStatus, executionContext, failureExceptions, jobConfigurationName, stopping, allFailureExceptions, running, jobId
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(execution.id, forKey: .id)
        try container.encode(execution.version, forKey: .version)
        try container.encode(JobParametersJSON(execution.parameters), forKey: .jobParameters)
        try container.encode(JobInstanceJSON(instance: execution.instance), forKey: .jobInstance)
        try container.encode(steps.map { StepExecutionJSON(step: $0, jobParameters: execution.parameters) }, forKey: .stepExecutions)
        try container.encode(execution.status.rawValue, forKey: .status)
        try container.encode(execution.startTime.map(WireTime.string), forKey: .startTime)
        try container.encode(WireTime.string(execution.createTime), forKey: .createTime)
        try container.encode(execution.endTime.map(WireTime.string), forKey: .endTime)
        try container.encode(execution.lastUpdated.map(WireTime.string), forKey: .lastUpdated)
        try container.encode(ExitStatusJSON(execution.exitStatus), forKey: .exitStatus)
        try container.encode(ExecutionContextJSON(execution.executionContext), forKey: .executionContext)
        try container.encode([String](), forKey: .failureExceptions)
        try container.encode(nil as String?, forKey: .jobConfigurationName)
        try container.encode(execution.status == .stopping, forKey: .stopping)
        try container.encode([String](), forKey: .allFailureExceptions)
        try container.encode(execution.startTime != nil && execution.endTime == nil, forKey: .running)
        try container.encode(execution.instance.id, forKey: .jobId)
    }
}

/// Spring Batch 4's `JobInstance` JSON: `{"id","version","jobName","instanceId"}`.
struct JobInstanceJSON: Encodable, Sendable {
    let instance: JobInstance

    enum Keys: String, CodingKey { case id, version, jobName, instanceId }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(instance.id, forKey: .id)
        try container.encode(instance.version, forKey: .version)
        try container.encode(instance.jobName, forKey: .jobName)
        try container.encode(instance.id, forKey: .instanceId)
    }
}
