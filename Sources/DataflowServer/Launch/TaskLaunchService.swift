import Database
import Foundation
import Logging
import TaskRuntime

/// Launches task definitions on their platforms, as Data Flow's launch contract says: the
/// properties (`app.<app>.k`, `deployer.<app>.k`, `deployer.*.k`, `version.<app>`) merged over the
/// previous launch's (they stick to the definition), the `TASK_EXECUTION` row created first, the
/// manifest stored, the app started with the contract (execution id, task name, the datasource
/// in its environment), the platform's launch id stored as `EXTERNAL_EXECUTION_ID`.
///
/// Beyond Data Flow: the platform's concurrency limit queues launches when the account's queue is
/// on (persisted, first in first out within a priority); a launch that fails to start ends its
/// execution at once with the error; watchdogs (start timeout, maximum run time) come from
/// `deployer.<app>.local.start-timeout` and `...maximum-run-time`.
public struct TaskLaunchService: Sendable {
    let pool: ConnectionPool
    let definitions: TaskDefinitions
    let registry: AppRegistry
    let repository: TaskRepository
    let platforms: Platforms
    let appDataSource: DataSourceSettings
    let logger: Logger
    /// How composed definitions launch (their runner's arguments, the server's URI).
    var composed = ComposedTaskLaunch(settings: ComposedTaskSettings(), address: "127.0.0.1", port: 0)

    /// Creates the service.
    public init(
        pool: ConnectionPool, definitions: TaskDefinitions, registry: AppRegistry, platforms: Platforms,
        appDataSource: DataSourceSettings, logger: Logger
    ) {
        self.pool = pool
        self.definitions = definitions
        self.registry = registry
        self.repository = TaskRepository(pool: pool, logger: logger)
        self.platforms = platforms
        self.appDataSource = appDataSource
        self.logger = logger
    }

    /// Launches `name` with Data Flow's `properties` and `arguments` strings.
    /// - Returns: The new task execution's id (running, queued, or ended at once when its start failed: then the error is thrown).
    /// - Throws: ``ServerError``: `noSuchTaskDefinition`, `noSuchApp`, `badRequest` (properties, arguments, platform),
    ///   `limitReached` (the platform is at its limit and has no queue), `platformRefused` (recorded on the execution).
    public func launch(name: String, properties: String?, arguments: String?, priority: Int = 0, user: String?) async throws -> Int64 {
        let given: [String: String]
        let launchArguments: [String]
        do {
            given = Dictionary(try LaunchParameters.properties(properties).map { ($0.key, $0.value) }, uniquingKeysWith: { $1 })
            launchArguments = try LaunchParameters.arguments(arguments)
        } catch {
            ServerMetrics.launched(task: name, platform: "", outcome: ErrorCategory.of(error).rawValue)
            throw error
        }
        return try await launch(name: name, given: given, arguments: launchArguments, priority: priority, user: user)
    }

    /// ``launch(name:properties:arguments:priority:user:)`` with the properties and arguments already parsed
    /// (a schedule's fire).
    public func launch(name: String, given: [String: String], arguments: [String], priority: Int = 0, user: String?) async throws -> Int64 {
        do {
            let plan = try await prepare(name: name, given: given, arguments: arguments)
            let (execution, queued) = try await record(plan, priority: priority, user: user)
            if !queued { try await start(executionId: execution) }
            ServerMetrics.launched(task: name, platform: plan.platform.account.name, outcome: queued ? "queued" : "launched")
            return execution
        } catch {
            ServerMetrics.launched(task: name, platform: "", outcome: ErrorCategory.of(error).rawValue)
            throw error
        }
    }

    /// Everything a launch needs, checked before anything is written.
    struct Plan {
        var definition: TaskDefinition
        var app: AppRegistration
        var platform: Platforms.Entry
        var launchProperties: [String: String]
        var appProperties: [String: String]
        var deployerProperties: [String: String]
        var arguments: [String]
        /// Whether the process calls the server back (a composed definition's runner).
        var callsServer = false
    }

    func prepare(name: String, given: [String: String], arguments launchArguments: [String]) async throws -> Plan {
        let definition = try await definitions.require(name)
        let previous = try await pool.withConnection { try await LaunchManifestStore.latest(taskName: name, on: $0) }
        var merged = previous?.launchProperties ?? [:]
        for (key, value) in given {
            if value.isEmpty { merged[key] = nil } else { merged[key] = value }
        }
        return try await plan(definition, launchProperties: merged, arguments: launchArguments)
    }

    /// The plan of launching `definition` with the properties already merged: its app (the
    /// version `version.<app>` names), its platform, the app and deployer properties scoped to
    /// it, and the DSL's arguments followed by `arguments`.
    func plan(_ definition: TaskDefinition, launchProperties merged: [String: String], arguments launchArguments: [String])
        async throws -> Plan
    {
        let name = definition.name
        let parsed = try DefinitionDSL.parse(definition.dslText, definitionName: definition.name)
        // A composed definition launches its runner (ComposedTaskLaunch).
        let dslApp = parsed.graph.singleApp ?? TaskApp(name: ComposedTaskLaunch.runnerAppName)
        let appName = dslApp.name
        let version = merged["version.\(appName)"] ?? merged["version.\(dslApp.label ?? appName)"]
        guard let app = try await registry.app(type: .task, name: appName, version: version) else {
            throw ServerError(
                .noSuchApp,
                "Unknown task app: \(appName)\(version.map { " version \($0)" } ?? ""); register it with POST /apps/task/\(appName) before launching \(name)")
        }
        let platform = try await choosePlatform(definition: name, requested: merged["spring.cloud.dataflow.task.platformName"])
        let keys = [dslApp.label, appName].compactMap { $0 }
        let appProperties = Self.scoped(merged, prefix: "app.", names: keys)
        var deployer = Self.scoped(merged, prefix: "deployer.", names: keys + ["*"])
        for (key, value) in deployer where key.hasPrefix("local.") {
            deployer[String(key.dropFirst("local.".count))] = value
            deployer[key] = nil
        }
        let dslArguments = parsed.graph.isComposed
            ? composed.runnerArguments(definitionName: name, graph: parsed.graph, properties: merged)
            : dslApp.arguments.map { "--\($0.name)=\($0.value)" }
        return Plan(
            definition: definition, app: app, platform: platform, launchProperties: merged, appProperties: appProperties,
            deployerProperties: deployer, arguments: dslArguments + launchArguments, callsServer: parsed.graph.isComposed)
    }

    /// The properties under `prefix<name>.` for each of `names` (later names lose to earlier ones), without that prefix.
    static func scoped(_ properties: [String: String], prefix: String, names: [String]) -> [String: String] {
        var result: [String: String] = [:]
        for name in names.reversed() {
            let scope = "\(prefix)\(name)."
            for (key, value) in properties where key.hasPrefix(scope) { result[String(key.dropFirst(scope.count))] = value }
        }
        return result
    }

    private func choosePlatform(definition: String, requested: String?) async throws -> Platforms.Entry {
        let stored = try await pool.withConnection { try await TaskDeploymentStore.platform(of: definition, on: $0) }
        let name = requested ?? stored ?? platforms.defaultName
        guard let entry = platforms[name] else {
            throw ServerError(.badRequest, "Unknown platform \(name); the platforms are: \(platforms.names.joined(separator: ", "))")
        }
        return entry
    }
}
