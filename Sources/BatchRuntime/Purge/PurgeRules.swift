/// The executions of one job instance, as a purge judges them.
struct InstanceHistory: Sendable, Hashable {
    /// One execution of the instance.
    struct Execution: Sendable, Hashable {
        var id: Int64
        var status: BatchStatus
        /// Old enough for the policy's age (true when the policy has none).
        var oldEnough: Bool
    }

    var executions: [Execution]

    /// One of its executions runs (by status: alive or dead).
    var hasRunning: Bool { executions.contains { $0.status.isRunning } }

    /// A restart would resume it, as Spring's repository allows one: no execution is COMPLETED
    /// or ABANDONED, and the latest is FAILED or STOPPED. A restart reads the earlier
    /// executions' steps and contexts, so all of them stay.
    var awaitsRestart: Bool {
        guard !executions.contains(where: { $0.status == .completed || $0.status == .abandoned }),
            let latest = executions.max(by: { $0.id < $1.id })
        else { return false }
        return latest.status == .failed || latest.status == .stopped
    }
}

/// What a purge does with one execution.
enum PurgeVerdict: Sendable, Hashable {
    /// It goes.
    case purge
    /// The policy does not select it: it runs, is too recent, or among the newest to keep.
    case notSelected
    /// Selected, but another execution of its instance runs.
    case keptWithRunning
    /// Selected, but its instance may still be restarted.
    case keptForRestart
}

/// The rules of ``JobPurgePolicy`` over what the stores read.
///
/// Whether an instance awaits a restart is judged once, when a purge first reads it: deleting
/// its COMPLETED executions must not make the rest look restartable halfway through the purge
/// (a dry run, which deletes nothing, would judge them differently). Instances with one
/// execution are not remembered (when that execution goes, nothing is left to judge).
struct JobPurgeRules: Sendable {
    var includeRestartable: Bool
    /// With `keepLast`: per job, the lowest id kept (every newer one is kept too); a job that
    /// is absent keeps all its executions (it has fewer, or it is new). Nil without `keepLast`.
    var lowestKeptIds: [String: Int64]?
    /// The first judgement of instances with several executions.
    private var awaiting: [Int64: Bool] = [:]

    init(includeRestartable: Bool, lowestKeptIds: [String: Int64]? = nil) {
        self.includeRestartable = includeRestartable
        self.lowestKeptIds = lowestKeptIds
    }

    /// Whether instance `id` awaits a restart: as first judged, else as `history` says now.
    mutating func awaitsRestart(_ id: Int64, _ history: InstanceHistory) -> Bool {
        if let judged = awaiting[id] { return judged }
        let judged = history.awaitsRestart
        if history.executions.count > 1 { awaiting[id] = judged }
        return judged
    }

    /// The verdict on an execution of `jobName` in instance `instanceId`.
    mutating func verdict(
        _ execution: InstanceHistory.Execution, jobName: String, instanceId: Int64, instance: InstanceHistory
    ) -> PurgeVerdict {
        if execution.status.isRunning || !execution.oldEnough { return .notSelected }
        if let lowestKeptIds, execution.id >= lowestKeptIds[jobName] ?? Int64.min { return .notSelected }
        if instance.hasRunning { return .keptWithRunning }
        if !includeRestartable && awaitsRestart(instanceId, instance) { return .keptForRestart }
        return .purge
    }

    /// Whether a job execution may go with the task execution that ran it: it does not run, its
    /// instance runs nothing, and (unless restartable ones are included) awaits no restart.
    mutating func jobMayGo(status: BatchStatus, instanceId: Int64, instance: InstanceHistory) -> PurgeVerdict {
        if status.isRunning || instance.hasRunning { return .keptWithRunning }
        if !includeRestartable && awaitsRestart(instanceId, instance) { return .keptForRestart }
        return .purge
    }
}
