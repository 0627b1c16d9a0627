import Database
import Foundation
import Logging
import NIOPosix
import ServiceLifecycle
import TaskRuntime

/// Watches the server's launches, as a `Service` beside the HTTP server: records the end of each
/// launch whose process ended (for apps that never record their own end, from the exit code),
/// enforces the watchdogs (start timeout, maximum run time), escalates a stop to SIGKILL after
/// the grace period, and starts queued launches as slots free. On its first pass it adopts what
/// a previous server left: launches that ended while it was down get their end recorded, launches
/// still running are watched again. It stops with the server; the launched tasks keep running.
public struct LaunchMonitor: Service {
    let service: TaskLaunchService
    let interval: Duration
    /// When this server began: launches recorded since are its own, never a previous run's to adopt.
    let startedAt: Date

    /// Creates the monitor; it checks every `interval` (a `stat` per running launch).
    public init(service: TaskLaunchService, interval: Duration = .milliseconds(200)) {
        self.service = service
        self.interval = interval
        self.startedAt = Date()
    }

    /// Runs until graceful shutdown or cancellation.
    public func run() async throws {
        do {
            try await service.adopt(before: startedAt)
        } catch {
            service.logger.error("cannot adopt the launches of the previous server run: \(ErrorText.line(error))")
        }
        do {
            try await cancelWhenGracefulShutdown {
                while !Task.isCancelled {
                    do {
                        try await service.monitorOnce()
                    } catch is CancellationError {
                        return
                    } catch {
                        // The database may be away for a while: log and try again on the next pass.
                        service.logger.warning("launch monitor: \(ErrorText.line(error))")
                    }
                    try await Task.sleep(for: interval)
                }
            }
        } catch is CancellationError {
            // Shutdown: the launched tasks keep running; the next server adopts them.
        }
    }
}

extension TaskLaunchService {
    /// The first pass after a start: launches caught in LAUNCHING by a stopped server are judged
    /// from their directories (started: running; not started: failed). Launches this server
    /// recorded itself (at or after `start`) are being started right now and are left alone: the
    /// first requests can arrive before this pass runs.
    func adopt(before start: Date) async throws {
        let launching = try await pool.withConnection { try await TaskLaunchStore.list(state: .launching, on: $0) }
            .filter { $0.queuedAt < start }
        for (var launch, status) in try await platformStatuses(of: launching) {
            switch status {
            case .running:
                launch.state = .running
                launch.launchedAt = launch.launchedAt ?? launch.queuedAt
                try await pool.transaction { try await TaskLaunchStore.update(launch, on: $0) }
                logger.notice("adopted launch \(launch.launchId ?? "") of task execution \(launch.executionId), still running")
            case .ended(let code, let error):
                try await finish(launch, exitCode: code, error: error)
            }
        }
    }

    /// One pass over the running launches and the queue.
    func monitorOnce(now: Date = Date()) async throws {
        let running = try await pool.withConnection { try await TaskLaunchStore.list(state: .running, on: $0) }
        for (launch, status) in try await platformStatuses(of: running) {
            switch status {
            case .ended(let code, let error):
                try await finish(launch, exitCode: code, error: error)
            case .running:
                guard let entry = platforms[launch.platformName] else { continue }
                try await watch(launch, entry: entry, now: now)
            }
        }
        try await dispatchQueued()
        try await pool.withConnection { connection in
            for entry in platforms.all {
                let name = entry.account.name
                let running = try await TaskLaunchStore.countBusy(platform: name, on: connection)
                let queued = try await TaskLaunchStore.count(state: .queued, platform: name, on: connection)
                ServerMetrics.load(platform: name, running: running, queued: queued)
            }
        }
    }

    /// How each launch stands on its platform (launches of platforms this server does not have
    /// are left out). The local platform reads files and `/proc`: blocking calls, made on NIO's
    /// thread pool, one hop per pass, never on the cooperative pool.
    private func platformStatuses(of launches: [TaskLaunchRecord]) async throws -> [(TaskLaunchRecord, PlatformStatus)] {
        guard !launches.isEmpty else { return [] }
        return try await NIOThreadPool.singleton.runIfActive { [platforms] in
            launches.compactMap { launch in platforms[launch.platformName].map { (launch, $0.platform.status(of: launch)) } }
        }
    }

    /// Watchdogs and stop escalation for a running launch.
    private func watch(_ launch: TaskLaunchRecord, entry: Platforms.Entry, now: Date) async throws {
        var launch = launch
        if let requested = launch.stopRequested {
            let grace = entry.account.stopGracePeriod
            if now.timeIntervalSince(requested) >= Double(grace.components.seconds) + Double(grace.components.attoseconds) / 1e18 {
                entry.platform.stop(launch, force: true)
            }
            return
        }
        if let deadline = launch.startDeadline, now >= deadline {
            let execution = try await TaskExplorer(pool: pool).taskExecution(id: launch.executionId)
            if execution?.startTime == nil {
                launch.stopRequested = now
                try await pool.transaction { try await TaskLaunchStore.update(launch, on: $0) }
                try await repository.recordPlatformEnd(
                    executionId: launch.executionId, startTime: now, exitCode: 1, exitMessage: "START_TIMEOUT",
                    errorMessage: "no start was recorded within the start timeout (\(launch.request.deployerProperties["start-timeout"] ?? "")): the task was stopped; check its log (GET /tasks/logs/\(launch.launchId ?? ""))")
                entry.platform.stop(launch, force: false)
                return
            }
            launch.startDeadline = nil
            try await pool.transaction { try await TaskLaunchStore.update(launch, on: $0) }
        }
        if let deadline = launch.runDeadline, now >= deadline {
            launch.stopRequested = now
            try await pool.transaction { try await TaskLaunchStore.update(launch, on: $0) }
            logger.warning("task execution \(launch.executionId) ran past its maximum run time; stopping it")
            entry.platform.stop(launch, force: false)
        }
    }

    /// Records the end of a launch whose process ended: the app's own end stays when it recorded
    /// one; otherwise the exit code (and the reason a launch never started, or a watchdog's) is recorded.
    func finish(_ launch: TaskLaunchRecord, exitCode: Int32?, error: String?) async throws {
        var launch = launch
        let overran = launch.runDeadline.map { launch.stopRequested != nil && $0 <= (launch.stopRequested ?? .distantPast) } ?? false
        let message: String? = error ?? (overran ? "stopped after its maximum run time (\(launch.request.deployerProperties["maximum-run-time"] ?? ""))" : nil)
        let code = exitCode ?? 1
        try await repository.recordPlatformEnd(
            executionId: launch.executionId, startTime: launch.launchedAt ?? Date(), exitCode: code,
            exitMessage: overran ? "MAXIMUM_RUN_TIME" : nil,
            errorMessage: message ?? (code == 0 ? nil : "the task's process exited with code \(code)"))
        launch.state = .ended
        launch.endedAt = Date()
        launch.exitCode = code
        try await pool.transaction { try await TaskLaunchStore.update(launch, on: $0) }
        logger.info("task execution \(launch.executionId) ended", metadata: ["task.execution_id": "\(launch.executionId)", "task.exit_code": "\(code)"])
    }

    /// Starts queued launches while their platforms have free slots: highest priority first,
    /// then oldest; a definition at its own limit waits without holding up the others.
    func dispatchQueued() async throws {
        for entry in platforms.all where entry.account.queueEnabled {
            let next: TaskLaunchRecord? = try await pool.transaction { connection in
                try await TaskDeploymentStore.lockPlatform(entry.account.name, on: connection)
                let busy = try await TaskLaunchStore.countBusy(platform: entry.account.name, on: connection)
                guard busy < entry.account.maximumConcurrentTasks else { return nil }
                for candidate in try await TaskLaunchStore.list(state: .queued, platform: entry.account.name, limit: 100, on: connection) {
                    if let limit = entry.account.maximumPerDefinition {
                        let mine = try await TaskLaunchStore.countBusy(platform: entry.account.name, taskName: candidate.taskName, on: connection)
                        if mine >= limit { continue }
                    }
                    var claimed = candidate
                    let plan = entry.platform.plan(taskName: candidate.taskName)
                    claimed.state = .launching
                    claimed.launchId = plan.launchId
                    claimed.workDirectory = plan.workDirectory
                    claimed.host = plan.host
                    try await TaskLaunchStore.update(claimed, on: connection)
                    return claimed
                }
                return nil
            }
            guard let next else { continue }
            do {
                try await start(executionId: next.executionId)
            } catch {
                // Recorded on the execution by start(); the queue goes on.
            }
            try await dispatchQueued()
            return
        }
    }
}
