import Database
import Foundation
import TaskRuntime

extension TaskLaunchService {
    /// What relaunching a task execution runs, checked before anything is written: the task's
    /// definition (or, beyond Data Flow, the task app registered under the task's name when the
    /// execution ran without one), the original launch's properties and its platform.
    struct Relaunch: Sendable {
        /// The definition, or one standing for the app launched directly.
        var definition: TaskDefinition
        /// Whether ``definition`` is only the app, with no definition behind it.
        var appOnly: Bool
        /// The launch's properties: the original manifest's, with its platform.
        var launchProperties: [String: String]
        /// The original launch's arguments (``RestartArguments/original(manifest:recorded:)``).
        var originalArguments: [String]
        /// The platform account it runs on.
        var platform: String
    }

    /// Finds what relaunching task execution `execution` needs, as Data Flow's restart does:
    /// the definition named like the task (else a task app of that name), the platform of the
    /// original launch's manifest (else the only platform).
    /// - Throws: ``ServerError`` `noSuchTaskDefinition` (404) when neither a definition nor an app
    ///   has the task's name, `badRequest` (400) when no platform can be told.
    func relaunchPlan(of execution: TaskExecution) async throws -> Relaunch {
        let name = execution.taskName ?? ""
        let stored = try await pool.withConnection {
            try await LaunchManifestStore.manifests(of: [execution.executionId], on: $0)[execution.executionId]
        }
        var definition = try await definitions.definition(named: name)
        let appOnly = definition == nil
        if definition == nil {
            guard try await registry.app(type: .task, name: name) != nil else {
                throw ServerError(
                    .noSuchTaskDefinition,
                    "Could not find task definition named \(name); no task app of that name is registered either, so task execution \(execution.executionId) cannot be launched again")
            }
            definition = TaskDefinition(name: name, dslText: name)
        }
        guard let platform = stored?.manifest.platformName ?? (platforms.all.count == 1 ? platforms.defaultName : nil) else {
            throw ServerError(
                .badRequest,
                "Did not find platform for taskName=[\(name)] , taskId=[\(execution.executionId)]: its launch has no manifest and this server has several platforms (\(platforms.names.joined(separator: ", ")))")
        }
        var properties = stored?.launchProperties
        if properties == nil {
            properties = try await pool.withConnection { try await LaunchManifestStore.latest(taskName: name, on: $0) }?.launchProperties
        }
        var launchProperties = properties ?? [:]
        launchProperties["spring.cloud.dataflow.task.platformName"] = platform
        return Relaunch(
            definition: definition!, appOnly: appOnly, launchProperties: launchProperties,
            originalArguments: RestartArguments.original(manifest: stored?.arguments, recorded: execution.arguments),
            platform: platform)
    }

    /// Launches `relaunch` with exactly `arguments`, through the normal launch path (a new
    /// `TASK_EXECUTION`, its manifest, the queue, the audit record TASK/DEPLOY).
    /// - Returns: The new task execution's id.
    func relaunch(_ relaunch: Relaunch, arguments: [String], user: String?) async throws -> Int64 {
        do {
            var plan = try await plan(relaunch.definition, launchProperties: relaunch.launchProperties, arguments: [])
            // A composed task's runner gets this server's URI and graph, not the first launch's.
            plan.arguments = DefinitionDSL.isComposed(relaunch.definition.dslText)
                ? ComposedTaskLaunch.refreshed(arguments, runnerArguments: plan.arguments) : arguments
            let (execution, queued) = try await record(plan, priority: 0, user: user)
            if !queued { try await start(executionId: execution) }
            ServerMetrics.launched(task: plan.definition.name, platform: plan.platform.account.name, outcome: queued ? "queued" : "launched")
            return execution
        } catch {
            ServerMetrics.launched(task: relaunch.definition.name, platform: relaunch.platform, outcome: ErrorCategory.of(error).rawValue)
            throw error
        }
    }
}
