import Database
import Foundation
import TaskRuntime

extension TaskLaunchService {
    /// Stops running executions (and their running children): SIGTERM now, SIGKILL after the
    /// platform's grace period if still running (the monitor escalates). A queued launch is
    /// taken out of the queue and recorded as stopped.
    /// - Throws: ``ServerError`` `noSuchTaskExecution` for an unknown id (nothing is stopped then),
    ///   `invalidState` (422) for an execution that is not running or was not launched by this server.
    public func stop(_ ids: [Int64], user: String?) async throws {
        let explorer = TaskExplorer(pool: pool)
        var targets: [TaskLaunchRecord] = []
        for id in ids {
            guard let execution = try await explorer.taskExecution(id: id) else {
                throw ServerError(.noSuchTaskExecution, "Could not find TaskExecution with id \(id)")
            }
            guard execution.endTime == nil else {
                throw ServerError(
                    .invalidState,
                    "Task execution \(id) is not running: it ended at \(WireTime.string(execution.endTime!)) with exit code \(execution.exitCode.map(String.init) ?? "none"); there is nothing to stop")
            }
            let children = try await explorer.taskExecutions(TaskExecutionFilter(parentExecutionId: id, ended: false), limit: 1000)
            for candidate in [execution] + children {
                guard let launch = try await pool.withConnection({ try await TaskLaunchStore.find(executionId: candidate.executionId, on: $0) }),
                    launch.state != .ended
                else {
                    if candidate.executionId == id {
                        throw ServerError(
                            .invalidState,
                            "Task execution \(id) was not launched by this server, so it cannot stop it; stop the process where it runs")
                    }
                    continue
                }
                targets.append(launch)
            }
        }
        for var launch in targets {
            // A launch asked to stop before is not signalled again (a second SIGTERM makes a batch
            // app exit at once); the monitor kills it after the grace period if it still runs.
            let signalled = launch.stopRequested != nil
            launch.stopRequested = launch.stopRequested ?? Date()
            if !signalled && launch.state != .queued && launch.state != .ended {
                // Signal first, record after: on SQLite an app committing chunk after chunk can
                // keep the write lock long enough that a stop waiting for it to be recorded
                // reached the app only after its work was done (seen in CI: a 400,000-row import
                // asked to stop after 3 chunks ran to COMPLETED).
                platforms[launch.platformName]?.platform.stop(launch, force: false)
            }
            if launch.state == .queued {
                try await repository.recordPlatformEnd(
                    executionId: launch.executionId, startTime: Date(), exitCode: 1, exitMessage: "STOPPED",
                    errorMessage: "stopped while waiting in the launch queue; it never ran")
                launch.state = .ended
                launch.endedAt = Date()
            }
            try await pool.transaction { connection in
                try await TaskLaunchStore.update(launch, on: connection)
                try await AuditTrail.record(
                    AuditRecord(action: .undeploy, operation: .task, correlationId: "\(launch.executionId)", data: nil, createdBy: user,
                                platformName: launch.platformName), on: connection)
            }
        }
    }

    /// The log of a launch by its platform launch id (`EXTERNAL_EXECUTION_ID`), also while it runs.
    public func log(launchId: String, platformName: String?) async throws -> String {
        guard let launch = try await pool.withConnection({ try await TaskLaunchStore.find(launchId: launchId, on: $0) }),
            platformName.map({ $0.isEmpty || $0 == launch.platformName }) ?? true,
            let entry = platforms[launch.platformName]
        else {
            throw ServerError(.noSuchTaskExecution, "No log for launch '\(launchId)': no launch of this server has that id\(platformName.map { " on platform \($0)" } ?? "")")
        }
        return try entry.platform.log(of: launch)
    }

    /// The launch record of an execution, if this server launched it.
    public func launchRecord(executionId: Int64) async throws -> TaskLaunchRecord? {
        try await pool.withConnection { try await TaskLaunchStore.find(executionId: executionId, on: $0) }
    }

    /// The task executions whose launches run now, on any platform, newest first.
    public func runningExecutionIds(limit: Int = 1000) async throws -> [Int64] {
        try await pool.withConnection { connection in
            try await TaskLaunchStore.list(state: .running, limit: limit, on: connection).map(\.executionId)
        }
    }

    /// How many launches each platform runs now.
    public func runningCounts() async throws -> [String: Int] {
        try await pool.withConnection { connection in
            var counts: [String: Int] = [:]
            for entry in platforms.all {
                counts[entry.account.name] = try await TaskLaunchStore.countBusy(platform: entry.account.name, on: connection)
            }
            return counts
        }
    }
}
