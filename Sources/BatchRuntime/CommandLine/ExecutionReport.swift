import Foundation
import TaskRuntime

/// The JSON shape of a job execution with its steps (`execution --json`, `executions --json`),
/// in the conventions of ``ReportFormat`` (the same as `dataflow task`'s), secrets masked.
struct ExecutionReport: Codable {
    struct Parameter: Codable {
        var name: String
        var type: String
        var value: String
        var identifying: Bool
    }

    struct StepReport: Codable {
        var id: Int64
        var name: String
        var status: String
        var exitCode: String
        var exitMessage: String
        var readCount, writeCount, filterCount, commitCount, rollbackCount: Int64
        var readSkipCount, processSkipCount, writeSkipCount: Int64
        var startTime: Date?
        var endTime: Date?
    }

    var id: Int64
    var jobName: String
    var instanceId: Int64
    var status: String
    var exitCode: String
    var exitMessage: String
    var createTime: Date
    var startTime: Date?
    var endTime: Date?
    var lastUpdated: Date?
    var parameters: [Parameter]
    var steps: [StepReport]?

    init(_ execution: JobExecution, steps: [StepExecution]?) {
        id = execution.id
        jobName = execution.jobName
        instanceId = execution.instance.id
        status = execution.status.rawValue
        exitCode = execution.exitStatus.exitCode
        exitMessage = execution.exitStatus.exitDescription
        createTime = execution.createTime
        startTime = execution.startTime
        endTime = execution.endTime
        lastUpdated = execution.lastUpdated
        parameters = execution.parameters.entries.map {
            Parameter(
                name: $0.name, type: $0.parameter.javaType, value: SecretMasking.value($0.parameter.storedValue, key: $0.name),
                identifying: $0.parameter.identifying)
        }
        self.steps = steps?.map { step in
            StepReport(
                id: step.id, name: step.stepName, status: step.status.rawValue, exitCode: step.exitStatus.exitCode,
                exitMessage: step.exitStatus.exitDescription, readCount: step.counts.read, writeCount: step.counts.write,
                filterCount: step.counts.filter, commitCount: step.counts.commit, rollbackCount: step.counts.rollback,
                readSkipCount: step.counts.readSkip, processSkipCount: step.counts.processSkip,
                writeSkipCount: step.counts.writeSkip, startTime: step.startTime, endTime: step.endTime)
        }
    }

    static func json<T: Encodable>(_ value: T) throws -> String {
        try ReportFormat.json(value)
    }

    /// The human-readable summary: one line for the job, one per step.
    static func text(_ execution: JobExecution, steps: [StepExecution]) -> String {
        var lines = ["job \(execution.jobName) execution \(execution.id) (instance \(execution.instance.id)): \(execution.status.rawValue)"]
        if let start = execution.startTime {
            let end = execution.endTime ?? Date()
            lines[0] += String(format: " in %.1f s", end.timeIntervalSince(start))
        }
        lines.append("  parameters: \(execution.parameters)")
        if !execution.exitStatus.exitDescription.isEmpty {
            lines.append("  exit: \(execution.exitStatus.exitCode): \(execution.exitStatus.exitDescription)")
        }
        for step in steps {
            let counts = step.counts
            lines.append(
                "  step \(step.stepName) (\(step.id)): \(step.status.rawValue), read \(counts.read), written \(counts.write), filtered \(counts.filter), commits \(counts.commit), rollbacks \(counts.rollback)"
            )
            if step.status != .completed, !step.exitStatus.exitDescription.isEmpty {
                lines.append("    \(step.exitStatus.exitCode): \(step.exitStatus.exitDescription)")
            }
        }
        return lines.joined(separator: "\n")
    }
}
