import Foundation
import TaskRuntime

/// A task execution as the dashboard's lists and headers show it.
struct TaskExecutionView: Sendable {
    var id: Int64
    var href: String
    var name: String
    var status: StatusView
    var start: TimeView?
    var end: TimeView?
    var duration: String?
    /// The exit code, or nil while it runs.
    var exitCode: String?
    var exitMessage: String?
    var errorMessage: String?
    var externalExecutionId: String?
    var running: Bool

    init(_ execution: TaskExecution, now: Date = Date()) {
        id = execution.executionId
        href = "/dashboard/tasks/executions/\(execution.executionId)"
        name = execution.taskName ?? ""
        status = StatusView(execution.status.rawValue)
        start = TimeView(execution.startTime)
        end = TimeView(execution.endTime)
        duration = execution.startTime.flatMap { DurationText.text((execution.endTime ?? now).timeIntervalSince($0)) }
        exitCode = execution.exitCode.map(String.init)
        exitMessage = execution.exitMessage.flatMap { $0.isEmpty ? nil : $0 }
        errorMessage = execution.errorMessage.flatMap { $0.isEmpty ? nil : $0 }
        externalExecutionId = execution.externalExecutionId.flatMap { $0.isEmpty ? nil : $0 }
        running = execution.endTime == nil
    }
}

/// A `key = value` the pages show, its value masked when the key names a secret.
struct SettingView: Sendable {
    var key: String
    var value: String

    /// `properties` sorted by key, secret values masked (``SecretMasking``).
    static func masked(_ properties: [String: String]) -> [SettingView] {
        properties.sorted { $0.key < $1.key }.map { SettingView(key: $0.key, value: SecretMasking.value($0.value, key: $0.key)) }
    }
}
