import BatchRuntime
import Foundation

/// A step execution as Data Flow 2.11 writes Spring Batch 4's `StepExecution` (its mix-in leaves
/// out the back reference to the job execution): the counters, times, context and exit status,
/// `jobExecutionId`, the job's parameters, `skipCount` and Spring's `summary` text.
struct StepExecutionJSON: Encodable, Sendable {
    let step: StepExecution
    let jobParameters: JobParameters

    enum Keys: String, CodingKey {
        case id, version, stepName, status, readCount, writeCount, commitCount, rollbackCount, readSkipCount
        case processSkipCount, writeSkipCount, startTime, endTime, lastUpdated, executionContext, exitStatus
        case terminateOnly, filterCount, failureExceptions, jobExecutionId, skipCount, jobParameters, summary
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        let counts = step.counts
        try container.encode(step.id, forKey: .id)
        try container.encode(step.version, forKey: .version)
        try container.encode(step.stepName, forKey: .stepName)
        try container.encode(step.status.rawValue, forKey: .status)
        try container.encode(counts.read, forKey: .readCount)
        try container.encode(counts.write, forKey: .writeCount)
        try container.encode(counts.commit, forKey: .commitCount)
        try container.encode(counts.rollback, forKey: .rollbackCount)
        try container.encode(counts.readSkip, forKey: .readSkipCount)
        try container.encode(counts.processSkip, forKey: .processSkipCount)
        try container.encode(counts.writeSkip, forKey: .writeSkipCount)
        try container.encode(step.startTime.map(WireTime.string), forKey: .startTime)
        try container.encode(step.endTime.map(WireTime.string), forKey: .endTime)
        try container.encode(step.lastUpdated.map(WireTime.string), forKey: .lastUpdated)
        try container.encode(ExecutionContextJSON(step.executionContext), forKey: .executionContext)
        try container.encode(ExitStatusJSON(step.exitStatus), forKey: .exitStatus)
        try container.encode(false, forKey: .terminateOnly)
        try container.encode(counts.filter, forKey: .filterCount)
        try container.encode([String](), forKey: .failureExceptions)
        try container.encode(step.jobExecutionId, forKey: .jobExecutionId)
        try container.encode(counts.readSkip + counts.processSkip + counts.writeSkip, forKey: .skipCount)
        try container.encode(JobParametersJSON(jobParameters), forKey: .jobParameters)
        try container.encode(Self.summary(step), forKey: .summary)
    }

    /// `StepExecution.getSummary()` of Spring Batch 4.
    static func summary(_ step: StepExecution) -> String {
        let counts = step.counts
        return "StepExecution: id=\(step.id), version=\(step.version), name=\(step.stepName), status=\(step.status.rawValue), "
            + "exitStatus=\(step.exitStatus.exitCode), readCount=\(counts.read), filterCount=\(counts.filter), "
            + "writeCount=\(counts.write) readSkipCount=\(counts.readSkip), writeSkipCount=\(counts.writeSkip), "
            + "processSkipCount=\(counts.processSkip), commitCount=\(counts.commit), rollbackCount=\(counts.rollback)"
    }
}

/// Spring Batch's `ExitStatus` JSON: `{"exitCode","exitDescription","running"}` (running while
/// the code is `EXECUTING` or `UNKNOWN`, as Spring says).
struct ExitStatusJSON: Encodable, Sendable {
    let status: ExitStatus

    init(_ status: ExitStatus) {
        self.status = status
    }

    enum Keys: String, CodingKey { case exitCode, exitDescription, running }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(status.exitCode, forKey: .exitCode)
        try container.encode(status.exitDescription, forKey: .exitDescription)
        try container.encode(status.exitCode == "EXECUTING" || status.exitCode == "UNKNOWN", forKey: .running)
    }
}
