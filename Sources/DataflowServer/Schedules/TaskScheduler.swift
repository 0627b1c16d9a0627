import Database
import Foundation
import Logging
import ServiceLifecycle
import TaskRuntime

/// Fires the schedules of the local platform, as a `Service` beside the HTTP server.
///
/// Nothing lives only in memory: each pass reads the due schedules from `SB_TASK_SCHEDULE`
/// (by its index on `NEXT_FIRE_TIME`), fires them, and sleeps until the next due time, this
/// server's next change to a schedule, or `pollInterval` (what another server changed is seen
/// then). A fire is taken by moving the schedule's next fire time forward under its version: of
/// two servers on one database exactly one takes it, and a killed server loses at most the fire
/// it had taken (each fire happens at most once).
///
/// Missed fires (a due time older than `misfireThreshold`: the server was down or stalled) are
/// one fire under ``TaskSchedule/MisfirePolicy/runOnce`` and none under ``TaskSchedule/MisfirePolicy/skip``;
/// either way the schedule then waits for its next time after now. While the previous fire's
/// execution still runs, ``TaskSchedule/ConcurrencyPolicy`` says whether to launch beside it,
/// skip, or stop it and launch.
public struct TaskScheduler: Service {
    let schedules: TaskSchedules
    let launcher: TaskLaunchService
    let pollInterval: Duration
    let misfireThreshold: Duration
    let logger: Logger

    /// Creates the scheduler.
    /// - Parameters:
    ///   - pollInterval: The longest sleep between two looks at the table.
    ///   - misfireThreshold: How late a fire may be and still count as on time (Quartz's default, 60 s).
    public init(
        schedules: TaskSchedules, launcher: TaskLaunchService, pollInterval: Duration = .seconds(5),
        misfireThreshold: Duration = .seconds(60), logger: Logger
    ) {
        self.schedules = schedules
        self.launcher = launcher
        self.pollInterval = pollInterval
        self.misfireThreshold = misfireThreshold
        self.logger = logger
    }

    /// Runs until graceful shutdown or cancellation.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                var wait = pollInterval
                do {
                    if let next = try await fireDue(now: Date()) {
                        wait = min(wait, Self.duration(until: next))
                    }
                } catch is CancellationError {
                    return
                } catch {
                    // The database may be away for a while: log and look again after the poll interval.
                    logger.warning("scheduler: \(ErrorText.line(error))")
                }
                await schedules.wakeup.wait(upTo: wait)
            }
        }
        // Shutdown: what falls due while no server runs is fired by the next one (misfire policy).
    }

    /// Fires every schedule due at `now`, up to ``concurrentFires`` at once (a fire spends most
    /// of its time starting a process). - Returns: The earliest due time left.
    func fireDue(now: Date) async throws -> Date? {
        let due = try await schedules.pool.withConnection { try await TaskScheduleStore.due(at: now, limit: 100, on: $0) }
        await withTaskGroup(of: Void.self) { group in
            for (index, schedule) in due.enumerated() {
                if index >= Self.concurrentFires { await group.next() }
                if Task.isCancelled { break }
                group.addTask { await fire(schedule, now: Date()) }
            }
        }
        try Task.checkCancellation()
        if due.count == 100 { return now }  // more are due: look again at once
        return try await schedules.pool.withConnection { try await TaskScheduleStore.earliestDue(on: $0) }
    }

    /// How many fires start at once.
    static let concurrentFires = 8

    /// Takes and fires one due schedule; failures are logged and recorded on the schedule, never thrown.
    func fire(_ schedule: TaskSchedule, now: Date) async {
        guard let due = schedule.nextFireTime else { return }
        var metadata: Logger.Metadata = ["dataflow.schedule.name": "\(schedule.name)", "dataflow.task.name": "\(schedule.definitionName)"]
        do {
            guard let cron = try? CronExpression(schedule.cronExpression), let zone = TimeZone(identifier: schedule.timeZone) else {
                // Stop it, once: a schedule written by a newer server this one cannot read.
                guard try await take(schedule, due: due, next: nil) else { return }
                try await record(
                    schedule, due: due, pickedUp: now, executionId: nil,
                    "not fired, and stopped: this server cannot read its cron expression '\(schedule.cronExpression)' or time zone '\(schedule.timeZone)'; recreate the schedule")
                return
            }
            let late = now.timeIntervalSince(due)
            let missed = late > Double(misfireThreshold.components.seconds)
            // After a miss the schedule resumes after now (the missed times collapse into this one fire);
            // an on-time fire moves to its next time after this one.
            let next = cron.next(after: missed ? now : due, in: zone)
            guard try await take(schedule, due: due, next: next) else { return }  // another server fired it, or the schedule changed
            if missed && schedule.misfirePolicy == .skip {
                let text = "skipped: due at \(WireTime.string(due)), it was missed by \(Self.seconds(late)) (no server ran); misfire policy skip"
                logger.notice("schedule \(schedule.name) \(text)", metadata: metadata)
                try await record(schedule, due: due, pickedUp: now, executionId: nil, text)
                return
            }
            if let previous = schedule.lastTaskExecutionId, schedule.concurrencyPolicy != .allow,
                try await TaskExplorer(pool: schedules.pool).taskExecution(id: previous)?.endTime == nil,
                try await launcher.launchRecord(executionId: previous) != nil
            {
                if schedule.concurrencyPolicy == .forbid {
                    let text = "skipped: task execution \(previous) of its previous fire still runs; concurrency policy Forbid"
                    logger.notice("schedule \(schedule.name) \(text)", metadata: metadata)
                    try await record(schedule, due: due, pickedUp: now, executionId: nil, text)
                    return
                }
                logger.notice("schedule \(schedule.name) stops task execution \(previous) of its previous fire (concurrency policy Replace)", metadata: metadata)
                try? await launcher.stop([previous], user: "scheduler")
            }
            var properties = schedule.launchProperties
            properties["spring.cloud.dataflow.task.platformName"] = schedule.platform
            let arguments = try LaunchParameters.arguments(schedule.arguments)
            let id = try await launcher.launch(name: schedule.definitionName, given: properties, arguments: arguments, user: "scheduler:\(schedule.name)")
            metadata["task.execution_id"] = "\(id)"
            let lateness = missed ? ", \(Self.seconds(late)) after its missed time \(WireTime.string(due)) (misfire policy run-once)" : ""
            logger.info("schedule \(schedule.name) launched task execution \(id)\(lateness)", metadata: metadata)
            ServerMetrics.scheduleFired(schedule: schedule.name, lateness: late, outcome: "launched")
            try await record(schedule, due: due, pickedUp: now, executionId: id, "launched task execution \(id)\(lateness)")
        } catch {
            let text = "failed: \(ErrorText.line(error))"
            logger.error("schedule \(schedule.name) \(text)", metadata: metadata)
            ServerMetrics.scheduleFired(schedule: schedule.name, lateness: now.timeIntervalSince(due), outcome: ErrorCategory.of(error).rawValue)
            try? await record(schedule, due: due, pickedUp: now, executionId: nil, text)
        }
    }

    private func take(_ schedule: TaskSchedule, due: Date, next: Date?) async throws -> Bool {
        try await schedules.pool.withConnection { connection in
            try await TaskScheduleStore.take(name: schedule.name, version: schedule.version, due: due, next: next, on: connection)
        }
    }

    /// Records how the fire due at `due` went on the schedule and in the audit trail (one
    /// record per fire taken: the trail shows each due time fired once, and how late the
    /// scheduler picked it up: `due 2026-12-07T02:00:00.000+00:00 (picked up +3 ms): launched ...`).
    private func record(_ schedule: TaskSchedule, due: Date, pickedUp: Date, executionId: Int64?, _ outcome: String) async throws {
        let late = Int64((pickedUp.timeIntervalSince(due) * 1000).rounded())
        try await schedules.pool.transaction { connection in
            try await TaskScheduleStore.recordOutcome(name: schedule.name, executionId: executionId, outcome: outcome, on: connection)
            try await AuditTrail.record(
                AuditRecord(
                    action: .deploy, operation: .schedule, correlationId: schedule.name, data: "due \(WireTime.string(due)) (picked up +\(late) ms): \(outcome)",
                    createdBy: "scheduler", platformName: schedule.platform), on: connection)
        }
    }

    static func duration(until date: Date) -> Duration {
        let seconds = max(0, date.timeIntervalSinceNow)
        return .milliseconds(Int64((seconds * 1000).rounded(.up)))
    }

    static func seconds(_ value: Double) -> String {
        value < 120 ? String(format: "%.1f s", value) : String(format: "%.0f min", value / 60)
    }
}
