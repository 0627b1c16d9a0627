import Database
import Foundation
import MetricsRSocket

/// What a task run is told from outside: the launch contract of Spring Cloud Data Flow servers,
/// read through ``LaunchProperties`` from `--spring.cloud.task.*` arguments,
/// `SPRING_APPLICATION_JSON` and `SPRING_CLOUD_TASK_*` environment variables (in that
/// precedence), with Spring's relaxed binding: `single-instance-enabled`,
/// `singleInstanceEnabled` and `SPRING_CLOUD_TASK_SINGLEINSTANCEENABLED` are one property.
/// ``TaskLaunch`` writes the same contract for launchers.
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

    /// Reads the launch contract from raw arguments and the environment (see ``init(properties:defaultName:)``).
    public init(arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment, defaultName: String)
        throws(TaskError)
    {
        try self.init(properties: LaunchProperties(arguments: arguments, environment: environment), defaultName: defaultName)
    }

    /// Reads the launch contract.
    /// - Parameters:
    ///   - properties: The launch properties; all raw arguments are also kept for `TASK_EXECUTION_PARAMS`.
    ///   - defaultName: The task name when neither `spring.cloud.task.name` nor `spring.application.name` is set.
    /// - Throws: ``TaskError/Code/invalidArguments`` naming the property and what is wrong with it.
    public init(properties: LaunchProperties, defaultName: String) throws(TaskError) {
        do {
            let name = properties["spring.cloud.task.name"] ?? properties["spring.application.name"]
            let positive = "a positive integer (a TASK_EXECUTION_ID)"
            try self.init(
                taskName: name?.text ?? defaultName,
                executionId: try properties.integer("spring.cloud.task.executionid", in: 1...Int64.max, expected: positive),
                parentExecutionId: try properties.integer(
                    "spring.cloud.task.parent-execution-id", in: 1...Int64.max, expected: positive),
                externalExecutionId: properties.text("spring.cloud.task.external-execution-id"),
                singleInstanceEnabled: try properties.bool("spring.cloud.task.single-instance-enabled") ?? false,
                singleInstanceLockTTL: try properties.integer(
                    "spring.cloud.task.single-instance-lock-ttl", in: 1...Int64.max, expected: "a positive number of milliseconds"
                ).map { .milliseconds($0) } ?? .milliseconds(Int64(Int32.max)),
                failOnJobFailure: try properties.bool("spring.cloud.task.batch.fail-on-job-failure") ?? true,
                recordingEnabled: try properties.bool("spring.cloud.task.autoconfiguration.enabled") ?? true,
                arguments: properties.arguments,
                metrics: try PrometheusRSocketSettings(properties: properties))
        } catch let error as TaskError {
            throw error
        } catch let error as PropertyError {
            throw TaskError(.invalidArguments, error.message)
        } catch let error as MetricsRSocketError {
            throw TaskError(.invalidArguments, error.message)
        } catch {
            throw TaskError(.invalidArguments, ErrorText.describe(error))
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
}
