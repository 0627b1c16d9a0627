import Foundation
import TaskRuntime

/// How task executions are shown: a table, a detail view, and JSON, in the conventions of
/// ``ReportFormat`` (the same as a batch application's `executions`), secrets masked.
struct TaskReport: Encodable {
    struct Job: Encodable {
        var id: Int64
        var name: String?
        var status: String?
    }

    var executionId: Int64
    var taskName: String?
    var status: String
    var startTime: Date?
    var endTime: Date?
    var exitCode: Int32?
    var exitMessage: String?
    var errorMessage: String?
    var externalExecutionId: String?
    var parentExecutionId: Int64?
    var arguments: [String]
    var jobExecutions: [Job]?

    init(_ execution: TaskExecution, jobs: [Job]?) {
        executionId = execution.executionId
        taskName = execution.taskName
        status = execution.status.rawValue
        startTime = execution.startTime
        endTime = execution.endTime
        exitCode = execution.exitCode
        exitMessage = execution.exitMessage
        errorMessage = execution.errorMessage
        externalExecutionId = execution.externalExecutionId
        parentExecutionId = execution.parentExecutionId
        arguments = SecretMasking.arguments(execution.arguments)
        jobExecutions = jobs
    }

    static func json<T: Encodable>(_ value: T) throws -> String {
        try ReportFormat.json(value)
    }

    static func time(_ date: Date?) -> String {
        ReportFormat.time(date)
    }

    static func table(_ executions: [TaskExecution]) -> String {
        func cell(_ text: String, _ width: Int) -> String { text.padding(toLength: width, withPad: " ", startingAt: 0) }
        var lines = [cell("ID", 8) + cell("TASK", 26) + cell("STATUS", 10) + cell("EXIT", 6) + cell("START", 26) + cell("END", 26) + "MESSAGE"]
        for execution in executions {
            let message = execution.errorMessage ?? execution.exitMessage ?? ""
            lines.append(
                cell(String(execution.executionId), 8) + cell(execution.taskName ?? "-", 26) + cell(execution.status.rawValue, 10)
                    + cell(execution.exitCode.map(String.init) ?? "-", 6) + cell(time(execution.startTime), 26)
                    + cell(time(execution.endTime), 26) + String(message.split(whereSeparator: \.isNewline).first ?? "").prefix(80))
        }
        return lines.joined(separator: "\n")
    }

    func text() -> String {
        var lines = [
            "task execution \(executionId): \(taskName ?? "-") \(status)",
            "  start:      \(Self.time(startTime))",
            "  end:        \(Self.time(endTime))",
            "  exit code:  \(exitCode.map(String.init) ?? "-")",
        ]
        if let exitMessage { lines.append("  exit message:  \(exitMessage)") }
        if let errorMessage { lines.append("  error message: \(errorMessage)") }
        if let externalExecutionId { lines.append("  external id:   \(externalExecutionId)") }
        if let parentExecutionId { lines.append("  parent:        \(parentExecutionId)") }
        lines.append("  arguments:  \(arguments.isEmpty ? "-" : arguments.map { $0.contains(" ") ? "'\($0)'" : $0 }.joined(separator: " "))")
        if let jobExecutions, !jobExecutions.isEmpty {
            lines.append("  job executions:")
            for job in jobExecutions { lines.append("    \(job.id)  \(job.name ?? "(deleted)")  \(job.status ?? "-")") }
        } else {
            lines.append("  job executions: none")
        }
        return lines.joined(separator: "\n")
    }
}
