import Foundation
import TaskRuntime

/// A task execution as `/tasks/executions` shows it (Data Flow 2.11's `TaskExecutionResource`):
/// every field always present, `null` where the row has no value, secret argument values masked.
struct TaskExecutionResource: Encodable, Sendable {
    var execution: TaskExecution
    var manifest: LaunchManifest?
    /// The job status of a composed run (``ComposedJobStatus``), else nil.
    var composedStatus: String?
    var links: Links

    init(_ execution: TaskExecution, manifest: LaunchManifest?, composedStatus: String?, base: RequestBase) {
        self.execution = execution
        self.manifest = manifest
        self.composedStatus = composedStatus
        self.links = Links.init([("self", base.link("/tasks/executions/\(execution.executionId)"))])
    }

    enum Keys: String, CodingKey {
        case executionId, exitCode, taskName, startTime, endTime, exitMessage, arguments, jobExecutionIds, errorMessage
        case externalExecutionId, parentExecutionId, resourceUrl, appProperties, deploymentProperties, platformName
        case taskExecutionStatus, composedTaskJobExecutionStatus, schemaTarget
        case links = "_links"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(execution.executionId, forKey: .executionId)
        try container.encode(execution.exitCode, forKey: .exitCode)
        try container.encode(execution.taskName, forKey: .taskName)
        try container.encode(execution.startTime.map(WireTime.string), forKey: .startTime)
        try container.encode(execution.endTime.map(WireTime.string), forKey: .endTime)
        try container.encode(execution.exitMessage, forKey: .exitMessage)
        try container.encode(SecretMasking.arguments(execution.arguments), forKey: .arguments)
        try container.encode(execution.jobExecutionIds, forKey: .jobExecutionIds)
        try container.encode(execution.errorMessage, forKey: .errorMessage)
        try container.encode(execution.externalExecutionId, forKey: .externalExecutionId)
        try container.encode(execution.parentExecutionId, forKey: .parentExecutionId)
        try container.encode(manifest?.resourceURL, forKey: .resourceUrl)
        try container.encode(masked(manifest?.appProperties ?? [:]), forKey: .appProperties)
        try container.encode(masked(manifest?.deploymentProperties ?? [:]), forKey: .deploymentProperties)
        try container.encode(manifest?.platformName, forKey: .platformName)
        try container.encode(status.rawValue, forKey: .taskExecutionStatus)
        try container.encode(composedStatus, forKey: .composedTaskJobExecutionStatus)
        try container.encode(SchemaTarget.name, forKey: .schemaTarget)
        try container.encode(links, forKey: .links)
    }

    /// The status shown: a composed run's follows its job.
    var status: TaskStatus { ComposedJobStatus.taskStatus(of: execution, composedStatus: composedStatus) }

    private func masked(_ properties: [String: String]) -> [String: String] {
        Dictionary(uniqueKeysWithValues: properties.map { ($0.key, SecretMasking.value($0.value, key: $0.key)) })
    }
}

/// The thin form (`/tasks/thinexecutions`): no arguments, properties or job ids.
struct TaskExecutionThinResource: Encodable, Sendable {
    var execution: TaskExecution
    /// The job status of a composed run (``ComposedJobStatus``), else nil.
    var composedStatus: String?
    var links: Links

    enum Keys: String, CodingKey {
        case executionId, parentExecutionId, exitCode, taskName, startTime, endTime, exitMessage, externalExecutionId
        case errorMessage, taskExecutionStatus, composedTaskJobExecutionStatus, schemaTarget
        case links = "_links"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(execution.executionId, forKey: .executionId)
        try container.encode(execution.parentExecutionId, forKey: .parentExecutionId)
        try container.encode(execution.exitCode, forKey: .exitCode)
        try container.encode(execution.taskName, forKey: .taskName)
        try container.encode(execution.startTime.map(WireTime.string), forKey: .startTime)
        try container.encode(execution.endTime.map(WireTime.string), forKey: .endTime)
        try container.encode(execution.exitMessage, forKey: .exitMessage)
        try container.encode(execution.externalExecutionId, forKey: .externalExecutionId)
        try container.encode(execution.errorMessage, forKey: .errorMessage)
        try container.encode(ComposedJobStatus.taskStatus(of: execution, composedStatus: composedStatus).rawValue, forKey: .taskExecutionStatus)
        try container.encode(composedStatus, forKey: .composedTaskJobExecutionStatus)
        try container.encode(SchemaTarget.name, forKey: .schemaTarget)
        try container.encode(links, forKey: .links)
    }
}

/// Data Flow 2.11's schema target: `boot2` names the unprefixed `TASK_`/`BATCH_` tables, the ones this schema has.
enum SchemaTarget {
    static let name = "boot2"
}

/// What a launch stored about itself (Data Flow's `task_execution_metadata` manifest): the app's
/// URI, its properties and the platform.
public struct LaunchManifest: Sendable, Hashable, Codable {
    /// The app's URI.
    public var resourceURL: String?
    /// The app's properties (`app.<name>.` stripped).
    public var appProperties: [String: String]
    /// The deployer's properties (`deployer.<name>.` stripped).
    public var deploymentProperties: [String: String]
    /// The platform (account) it launched on.
    public var platformName: String?

    /// Creates a manifest.
    public init(resourceURL: String?, appProperties: [String: String], deploymentProperties: [String: String], platformName: String?) {
        self.resourceURL = resourceURL
        self.appProperties = appProperties
        self.deploymentProperties = deploymentProperties
        self.platformName = platformName
    }
}
