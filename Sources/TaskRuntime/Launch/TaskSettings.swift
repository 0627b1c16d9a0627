import Database
import Foundation
import MetricsRSocket

/// What a task run is told from outside: the launch contract of Spring Cloud Data Flow servers,
/// read from `--spring.cloud.task.*` arguments and from `SPRING_CLOUD_TASK_*` environment
/// variables (arguments win), with Spring's relaxed binding: `single-instance-enabled`,
/// `singleInstanceEnabled` and `SPRING_CLOUD_TASK_SINGLEINSTANCEENABLED` are one property.
///
/// | Property | Meaning |
/// |---|---|
/// | `spring.cloud.task.executionid` | start on this pre-created `TASK_EXECUTION` row instead of inserting one |
/// | `spring.cloud.task.name` (else `spring.application.name`) | `TASK_NAME`; default: the application's name |
/// | `spring.cloud.task.parent-execution-id` | `PARENT_EXECUTION_ID` |
/// | `spring.cloud.task.external-execution-id` | `EXTERNAL_EXECUTION_ID` |
/// | `spring.cloud.task.single-instance-enabled` | take the name's lock in `TASK_LOCK`; a second instance fails |
/// | `spring.cloud.task.single-instance-lock-ttl` | milliseconds after which a lock of a holder without liveness information expires |
/// | `spring.cloud.task.batch.fail-on-job-failure` | a failed job fails the task (default `true`; Spring's default is `false`) |
/// | `spring.cloud.task.autoconfiguration.enabled` | `false` turns task recording off in batch applications |
///
/// The database comes from `--spring.datasource.*` / `SPRING_DATASOURCE_*` (see `DataSourceSettings`).
public struct TaskSettings: Sendable, Hashable {
    /// The pre-created execution to start on.
    public var executionId: Int64?
    /// The task's name.
    public var taskName: String
    /// The parent task execution.
    public var parentExecutionId: Int64?
    /// The platform's or launcher's id of this run.
    public var externalExecutionId: String?
    /// Whether only one execution of this task name may run at a time.
    public var singleInstanceEnabled: Bool
    /// How long a lock whose holder gives no liveness information (a Spring app) is respected;
    /// Spring's default is `Integer.MAX_VALUE` milliseconds (24.8 days). Locks of swift-batch
    /// holders are released as soon as the holder is dead, whatever this says.
    public var singleInstanceLockTTL: Duration
    /// Whether a failed batch job fails the task (exit code 1).
    public var failOnJobFailure: Bool
    /// Whether batch applications record their runs as tasks.
    public var recordingEnabled: Bool
    /// Every raw argument, stored in `TASK_EXECUTION_PARAMS`.
    public var arguments: [String]
    /// Pushing metrics to a Prometheus RSocket proxy (`management.metrics.export.prometheus.rsocket.*`,
    /// `micrometer.prometheus.rsocket.*`, `management.metrics.tags.*`); off by default.
    public var metrics: PrometheusRSocketSettings

    /// The longest task name `TASK_EXECUTION.TASK_NAME` holds.
    public static let maximumNameLength = 100

    /// Creates settings directly (for embedding and tests).
    public init(
        taskName: String, executionId: Int64? = nil, parentExecutionId: Int64? = nil, externalExecutionId: String? = nil,
        singleInstanceEnabled: Bool = false, singleInstanceLockTTL: Duration = .milliseconds(Int64(Int32.max)),
        failOnJobFailure: Bool = true, recordingEnabled: Bool = true, arguments: [String] = [],
        metrics: PrometheusRSocketSettings = PrometheusRSocketSettings()
    ) throws(TaskError) {
        self.taskName = taskName
        self.executionId = executionId
        self.parentExecutionId = parentExecutionId
        self.externalExecutionId = externalExecutionId
        self.singleInstanceEnabled = singleInstanceEnabled
        self.singleInstanceLockTTL = singleInstanceLockTTL
        self.failOnJobFailure = failOnJobFailure
        self.recordingEnabled = recordingEnabled
        self.arguments = arguments
        self.metrics = metrics
        try validate()
    }

    /// Reads the launch contract.
    /// - Parameters:
    ///   - arguments: The raw command-line arguments (all of them are also kept for `TASK_EXECUTION_PARAMS`).
    ///   - environment: The process environment.
    ///   - defaultName: The task name when neither `spring.cloud.task.name` nor `spring.application.name` is set.
    /// - Throws: ``TaskError/Code/invalidArguments`` naming the property and what is wrong with it.
    public init(arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment, defaultName: String)
        throws(TaskError)
    {
        let properties = Self.properties(arguments: arguments, environment: environment)
        func value(_ key: String) -> (text: String, source: String)? { properties[Self.canonical(key)] }
        let name = value("spring.cloud.task.name") ?? value("spring.application.name")
        try self.init(
            taskName: name?.text ?? defaultName,
            executionId: try Self.id(value("spring.cloud.task.executionid")),
            parentExecutionId: try Self.id(value("spring.cloud.task.parent-execution-id")),
            externalExecutionId: value("spring.cloud.task.external-execution-id")?.text,
            singleInstanceEnabled: try Self.bool(value("spring.cloud.task.single-instance-enabled")) ?? false,
            singleInstanceLockTTL: try Self.milliseconds(value("spring.cloud.task.single-instance-lock-ttl"))
                ?? .milliseconds(Int64(Int32.max)),
            failOnJobFailure: try Self.bool(value("spring.cloud.task.batch.fail-on-job-failure")) ?? true,
            recordingEnabled: try Self.bool(value("spring.cloud.task.autoconfiguration.enabled")) ?? true,
            arguments: arguments,
            metrics: try Self.metrics(arguments: arguments, environment: environment))
    }

    private static func metrics(arguments: [String], environment: [String: String]) throws(TaskError) -> PrometheusRSocketSettings {
        do {
            return try PrometheusRSocketSettings(arguments: arguments, environment: environment)
        } catch {
            throw TaskError(.invalidArguments, error.message, cause: nil)
        }
    }

    private func validate() throws(TaskError) {
        if taskName.isEmpty {
            throw TaskError(.invalidArguments, "the task name is empty; give --spring.cloud.task.name=NAME")
        }
        if taskName.count > Self.maximumNameLength {
            throw TaskError(
                .invalidArguments,
                "task name '\(taskName.prefix(40))...' is \(taskName.count) characters long; TASK_EXECUTION.TASK_NAME holds at most \(Self.maximumNameLength): give a shorter --spring.cloud.task.name")
        }
        if let externalExecutionId, externalExecutionId.count > 255 {
            throw TaskError(
                .invalidArguments,
                "--spring.cloud.task.external-execution-id is \(externalExecutionId.count) characters long; EXTERNAL_EXECUTION_ID holds at most 255")
        }
    }

    /// Properties from the environment, then the arguments over them, by canonical name.
    static func properties(arguments: [String], environment: [String: String]) -> [String: (text: String, source: String)] {
        var properties: [String: (text: String, source: String)] = [:]
        for (key, value) in environment where key.hasPrefix("SPRING_CLOUD_TASK_") || key == "SPRING_APPLICATION_NAME" {
            properties[canonical(key.lowercased().replacingOccurrences(of: "_", with: "."))] = (value, key)
        }
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("--spring.") else { continue }
            let body = argument.dropFirst(2)
            if let equals = body.firstIndex(of: "=") {
                let name = String(body[..<equals])
                properties[canonical(name)] = (String(body[body.index(after: equals)...]), "--\(name)")
            } else if index < arguments.count, !arguments[index].hasPrefix("-") {
                properties[canonical(String(body))] = (arguments[index], "--\(body)")
                index += 1
            } else {
                properties[canonical(String(body))] = ("true", "--\(body)")
            }
        }
        return properties
    }

    /// Relaxed binding: lower case, and no `-`, `_` or `.` after the `spring.cloud.task.` prefix.
    static func canonical(_ name: String) -> String {
        let lower = name.lowercased()
        let prefix = "spring.cloud.task."
        guard lower.hasPrefix(prefix) else { return lower.filter { $0 != "-" && $0 != "_" } }
        return prefix + lower.dropFirst(prefix.count).filter { $0 != "-" && $0 != "_" && $0 != "." }
    }

    private static func id(_ value: (text: String, source: String)?) throws(TaskError) -> Int64? {
        guard let value else { return nil }
        guard let id = Int64(value.text.trimmingCharacters(in: .whitespaces)), id > 0 else {
            throw TaskError(
                .invalidArguments, "\(value.source) must be a positive integer (a TASK_EXECUTION_ID), not '\(value.text)'")
        }
        return id
    }

    private static func bool(_ value: (text: String, source: String)?) throws(TaskError) -> Bool? {
        guard let value else { return nil }
        switch value.text.lowercased() {
        case "true": return true
        case "false": return false
        default: throw TaskError(.invalidArguments, "\(value.source) must be true or false, not '\(value.text)'")
        }
    }

    private static func milliseconds(_ value: (text: String, source: String)?) throws(TaskError) -> Duration? {
        guard let value else { return nil }
        guard let number = Int64(value.text), number > 0 else {
            throw TaskError(.invalidArguments, "\(value.source) must be a positive number of milliseconds, not '\(value.text)'")
        }
        return .milliseconds(number)
    }
}
