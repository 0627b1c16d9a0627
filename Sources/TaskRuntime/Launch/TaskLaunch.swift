import Database

/// The launch contract written the other way: what a launcher (the server's platforms, a
/// composed-task runner) starts a task application with, so that ``TaskSettings`` and
/// `DataSourceSettings` read back exactly these values.
///
/// The arguments are the user's (without any contract property they already carry, as Data
/// Flow removes an earlier `--spring.cloud.task.executionid`), then the app properties as
/// `--key=value` sorted by key, then `--spring.cloud.task.name`, `--spring.cloud.task.executionid`
/// and, when set, `--spring.cloud.task.parent-execution-id` and
/// `--spring.cloud.task.external-execution-id`. The datasource goes into the environment
/// (`SPRING_DATASOURCE_URL`, `_USERNAME`, `_PASSWORD`), not the arguments: arguments are
/// visible to every user of the machine (`ps`) and stored in `TASK_EXECUTION_PARAMS`.
///
/// ```swift
/// let launch = TaskLaunch(executionId: 42, taskName: "nightly", dataSource: settings, arguments: ["--full"])
/// let (arguments, environment) = launch.render()
/// ```
public struct TaskLaunch: Sendable, Hashable {
    /// The `TASK_EXECUTION` row the launcher created.
    public var executionId: Int64
    /// `TASK_NAME`: the definition's name.
    public var taskName: String
    /// The task execution that launched this one (composed tasks).
    public var parentExecutionId: Int64?
    /// The platform's id of this launch.
    public var externalExecutionId: String?
    /// Where the app records its run; nil leaves the app to its own default.
    public var dataSource: DataSourceSettings?
    /// Application properties (`app.<name>.<key>=<value>` of a launch, without the prefix).
    public var appProperties: [String: String]
    /// The user's command-line arguments, in order.
    public var arguments: [String]

    /// The contract's own properties; an argument setting one of them is replaced, not repeated.
    public static let contractProperties = [
        "spring.cloud.task.executionid", "spring.cloud.task.name", "spring.cloud.task.parent-execution-id",
        "spring.cloud.task.external-execution-id",
    ]

    /// Creates a launch.
    public init(
        executionId: Int64, taskName: String, parentExecutionId: Int64? = nil, externalExecutionId: String? = nil,
        dataSource: DataSourceSettings? = nil, appProperties: [String: String] = [:], arguments: [String] = []
    ) {
        self.executionId = executionId
        self.taskName = taskName
        self.parentExecutionId = parentExecutionId
        self.externalExecutionId = externalExecutionId
        self.dataSource = dataSource
        self.appProperties = appProperties
        self.arguments = arguments
    }

    /// The argument list and the environment variables to start the app with (added to the
    /// launcher's own environment).
    public func render() -> (arguments: [String], environment: [String: String]) {
        let contract = Set(Self.contractProperties.map(LaunchProperties.canonical))
        var rendered = arguments.filter { argument in
            guard argument.hasPrefix("--") else { return true }
            let name = argument.dropFirst(2).prefix { $0 != "=" }
            return !contract.contains(LaunchProperties.canonical(String(name)))
        }
        for key in appProperties.keys.sorted() where !contract.contains(LaunchProperties.canonical(key)) {
            rendered.append(LaunchProperties.argument(key, appProperties[key]!))
        }
        rendered.append(LaunchProperties.argument("spring.cloud.task.name", taskName))
        rendered.append(LaunchProperties.argument("spring.cloud.task.executionid", String(executionId)))
        if let parentExecutionId {
            rendered.append(LaunchProperties.argument("spring.cloud.task.parent-execution-id", String(parentExecutionId)))
        }
        if let externalExecutionId {
            rendered.append(LaunchProperties.argument("spring.cloud.task.external-execution-id", externalExecutionId))
        }
        var environment: [String: String] = [:]
        if let dataSource {
            let values = [("url", dataSource.url), ("username", dataSource.username), ("password", dataSource.password)]
            for case (let name, let value?) in values {
                environment[LaunchProperties.environmentVariable(for: "spring.datasource.\(name)")] = value
            }
        }
        return (rendered, environment)
    }
}
