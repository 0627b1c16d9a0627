import Database
import Foundation
import Properties
import TaskRuntime

extension TaskLaunchService {
    /// Writes the launch in one transaction: the `TASK_EXECUTION` row, its manifest, the
    /// definition's platform on its first launch, the launch record (LAUNCHING, or QUEUED when
    /// the platform is full and queues) and the audit record.
    /// - Returns: The execution id and whether the launch waits in the queue.
    func record(_ plan: Plan, priority: Int, user: String?) async throws -> (Int64, Bool) {
        let account = plan.platform.account
        let platform = plan.platform.platform
        let (arguments, environment) = Self.appProperties(plan)
        let request = LaunchRequest(
            resource: plan.app.uri, arguments: arguments, environment: environment,
            deployerProperties: plan.deployerProperties, serverAccess: plan.callsServer ? ServerAccess(user: user) : nil)
        let planned = platform.plan(taskName: plan.definition.name)
        return try await pool.transaction { connection in
            try await TaskDeploymentStore.lockPlatform(account.name, on: connection)
            let running = try await TaskLaunchStore.countBusy(platform: account.name, on: connection)
            let queuedAhead = try await TaskLaunchStore.count(state: .queued, platform: account.name, on: connection)
            let definitionRunning = try await definitionLoad(plan.definition.name, account: account, on: connection)
            // A composed task's runner holds no slot (it only waits for its children), so only the
            // definition's own limit applies to it: runners can never fill the platform and wait
            // for ever for children that find no room.
            let full = plan.callsServer
                ? definitionRunning : running >= account.maximumConcurrentTasks || definitionRunning || queuedAhead > 0
            if full && !account.queueEnabled {
                throw ServerError(
                    .limitReached,
                    "Cannot launch task \(plan.definition.name). The maximum concurrent task executions is at its limit [\(account.maximumConcurrentTasks)].")
            }
            if full && queuedAhead >= account.queueCapacity {
                throw ServerError(
                    .limitReached,
                    "Cannot launch task \(plan.definition.name). The launch queue of platform \(account.name) is full [\(account.queueCapacity)]; try again when launches have started")
            }
            let execution = try await TaskRepository.createTaskExecution(
                name: plan.definition.name, parentExecutionId: ComposedTaskLaunch.parentExecutionId(in: plan.arguments), on: connection)
            let manifest = LaunchManifest(
                resourceURL: plan.app.uri, appProperties: plan.appProperties, deploymentProperties: plan.launchProperties,
                platformName: account.name)
            try await LaunchManifestStore.insert(
                .init(taskName: plan.definition.name, manifest: manifest, launchProperties: plan.launchProperties, arguments: plan.arguments),
                executionId: execution.executionId, on: connection)
            if try await TaskDeploymentStore.platform(of: plan.definition.name, on: connection) == nil {
                try await TaskDeploymentStore.insert(
                    definition: plan.definition.name, platform: account.name, launchId: planned.launchId, on: connection)
            }
            let now = Date()
            let launch = TaskLaunchRecord(
                executionId: execution.executionId, taskName: plan.definition.name, platformName: account.name,
                launchId: full ? nil : planned.launchId, state: full ? .queued : .launching, priority: priority, queuedAt: now,
                launchedAt: nil, endedAt: nil, host: planned.host, pid: nil, processStart: nil,
                workDirectory: full ? nil : planned.workDirectory, startDeadline: nil, runDeadline: nil, stopRequested: nil,
                exitCode: nil, request: request)
            try await TaskLaunchStore.insert(launch, on: connection)
            try await AuditTrail.record(
                AuditRecord(
                    action: .deploy, operation: .task, correlationId: plan.definition.name,
                    data: Self.auditData(plan), createdBy: user, platformName: account.name), on: connection)
            return (execution.executionId, full)
        }
    }

    /// Whether the definition is at its own limit on `account`.
    private func definitionLoad(_ name: String, account: PlatformAccount, on connection: SQLConnection) async throws -> Bool {
        guard let limit = account.maximumPerDefinition else { return false }
        let running = try await TaskLaunchStore.countBusy(platform: account.name, taskName: name, on: connection)
        return running >= limit
    }

    /// Starts a recorded launch (LAUNCHING, or QUEUED when its turn came): renders the contract,
    /// starts the process and records it RUNNING with its launch id. A start that fails ends the
    /// execution with the error.
    func start(executionId: Int64) async throws {
        guard var launch = try await pool.withConnection({ try await TaskLaunchStore.find(executionId: executionId, on: $0) }),
            let entry = platforms[launch.platformName]
        else { throw ServerError(.noSuchTaskExecution, "no launch is recorded for task execution \(executionId)") }
        var planned = PlatformLaunch(launchId: launch.launchId ?? "", host: launch.host ?? "", pid: nil, processStart: nil, workDirectory: launch.workDirectory)
        if launch.launchId == nil {
            planned = entry.platform.plan(taskName: launch.taskName)
            launch.launchId = planned.launchId
            launch.workDirectory = planned.workDirectory
            launch.state = .launching
            try await pool.transaction { try await TaskLaunchStore.update(launch, on: $0) }
        }
        let contract = TaskLaunch(
            executionId: executionId, taskName: launch.taskName,
            parentExecutionId: ComposedTaskLaunch.parentExecutionId(in: launch.request.arguments), dataSource: appDataSource,
            arguments: launch.request.arguments)
        var (arguments, environment) = contract.render()
        if composed.issuesTokens, var access = launch.request.serverAccess {
            // Recorded before the process starts: its first request may come at once.
            let token = LaunchToken.issue(executionId: executionId)
            access.tokenDigest = token.digest
            launch.request.serverAccess = access
            try await pool.transaction { try await TaskLaunchStore.update(launch, on: $0) }
            environment[LaunchToken.environmentVariable] = token.text
        }
        var request = launch.request
        request.arguments = arguments
        do {
            let started = try await entry.platform.launch(request, as: planned, environment: environment)
            let now = Date()
            launch.state = .running
            launch.launchedAt = now
            launch.pid = started.pid
            launch.processStart = started.processStart
            launch.startDeadline = Self.deadline(request.deployerProperties["start-timeout"], from: now)
            launch.runDeadline = Self.deadline(request.deployerProperties["maximum-run-time"], from: now)
            try await pool.transaction { connection in
                try await TaskLaunchStore.update(launch, on: connection)
                try await TaskRepository.updateExternalExecutionId(
                    executionId: executionId, externalExecutionId: started.launchId, on: connection)
            }
            logger.info("launched \(launch.taskName)", metadata: ["task.execution_id": "\(executionId)", "task.launch_id": "\(started.launchId)"])
        } catch {
            try await fail(launch, error: error)
            throw error
        }
    }

    /// Ends a launch that could not start: the execution ends with exit code 1 and the error.
    func fail(_ launch: TaskLaunchRecord, error: any Error) async throws {
        var launch = launch
        let message = "the launch of \(launch.taskName) failed: \(ErrorText.line(error))"
        try await repository.recordPlatformEnd(
            executionId: launch.executionId, startTime: Date(), exitCode: 1, exitMessage: "LAUNCH_FAILED", errorMessage: message)
        launch.state = .ended
        launch.endedAt = Date()
        launch.exitCode = 1
        try await pool.transaction { try await TaskLaunchStore.update(launch, on: $0) }
        logger.error("\(message)", metadata: ["task.execution_id": "\(launch.executionId)"])
    }

    /// The launch's arguments and environment with its app properties (`app.<app>.k=v`, the
    /// prefix stripped) handed to the app as Data Flow's local deployer hands them: in
    /// `SPRING_APPLICATION_JSON` (over one given in `environment-variables`), or as `--k=v`
    /// arguments after the launch's own with `deployer.<app>.local.use-spring-application-json=false`
    /// (or the account's `use-spring-application-json=false`).
    static func appProperties(_ plan: Plan) -> (arguments: [String], environment: [String: String]) {
        var environment = environment(plan.deployerProperties["environment-variables"])
        let properties = plan.appProperties
        guard !properties.isEmpty else { return (plan.arguments, environment) }
        let useJSON = plan.deployerProperties["use-spring-application-json"].map { $0.lowercased() != "false" }
            ?? plan.platform.account.useSpringApplicationJSON
        if !useJSON {
            return (plan.arguments + properties.keys.sorted().map { LaunchProperties.argument($0, properties[$0]!) }, environment)
        }
        var object: [String: Any] = [:]
        if let given = environment["SPRING_APPLICATION_JSON"], let data = given.data(using: .utf8),
            let parsed = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        {
            object = parsed
        }
        for (key, value) in properties { object[key] = value }
        if let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) {
            environment["SPRING_APPLICATION_JSON"] = String(decoding: data, as: UTF8.self)
        }
        return (plan.arguments, environment)
    }

    /// `deployer.<app>.local.environment-variables=A=1,B=2` (Data Flow's form) as a map.
    static func environment(_ text: String?) -> [String: String] {
        guard let text else { return [:] }
        var result: [String: String] = [:]
        for pair in text.split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { result[parts[0].trimmingCharacters(in: .whitespaces)] = String(parts[1]) }
        }
        return result
    }

    /// `now + duration` for a Spring duration text (`30s`, `2h`, `PT1M`), or nil.
    static func deadline(_ text: String?, from now: Date) -> Date? {
        guard let text, let duration = SpringDuration.parse(text, defaultUnit: .seconds) else { return nil }
        return now.addingTimeInterval(Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
    }

    static func auditData(_ plan: Plan) -> String {
        let masked = plan.launchProperties.map { "\($0.key)=\(SecretMasking.value($0.value, key: $0.key))" }.sorted()
        let object: [String: Any] = [
            "taskName": plan.definition.name, "deploymentProperties": masked,
            "commandlineArguments": SecretMasking.arguments(plan.arguments),
        ]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
