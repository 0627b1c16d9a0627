import BatchRuntime
import Foundation

/// What a purge must delete, decided from the seeded history by the rules written out plainly:
/// the answer the tests hold the database and the report to.
extension PurgeHistory {
    /// Whether an instance awaits a restart: no COMPLETED or ABANDONED execution, the latest FAILED or STOPPED.
    func awaitsRestart(_ instanceId: Int64) -> Bool {
        let executions = jobs.filter { $0.instanceId == instanceId }
        if executions.contains(where: { $0.status == .completed || $0.status == .abandoned }) { return false }
        guard let latest = executions.max(by: { $0.id < $1.id }) else { return false }
        return latest.status == .failed || latest.status == .stopped
    }

    func runs(_ instanceId: Int64) -> Bool {
        jobs.contains { $0.instanceId == instanceId && $0.status.isRunning }
    }

    /// The newest `keepLast` ids of each name.
    static func newest<T>(_ items: [T], keepLast: Int?, name: (T) -> String, id: (T) -> Int64) -> Set<Int64> {
        guard let keepLast else { return [] }
        return Set(Dictionary(grouping: items, by: name).values.flatMap { $0.map(id).sorted(by: >).prefix(keepLast) })
    }

    /// Whether `time` is before the cutoff of `olderThan` (every time is, without one).
    static func older(_ time: Date?, _ olderThan: Duration?) -> Bool {
        guard let olderThan else { return true }
        guard let time else { return false }
        return time < Date().addingTimeInterval(-Double(olderThan.components.seconds))
    }

    /// The job executions the policy selects, whether they go or stay.
    func selectedJobs(_ policy: JobPurgePolicy) -> [Job] {
        let kept = Self.newest(jobs, keepLast: policy.keepLast, name: \.name, id: \.id)
        return jobs.filter { job in
            !job.status.isRunning && Self.older(job.age, policy.olderThan) && (policy.jobName.map { $0 == job.name } ?? true)
                && !kept.contains(job.id)
        }
    }

    /// The job executions a job purge by `policy` deletes.
    func expectedJobs(_ policy: JobPurgePolicy) -> Set<Int64> {
        Set(selectedJobs(policy).filter { !runs($0.instanceId) && (policy.includeRestartable || !awaitsRestart($0.instanceId)) }.map(\.id))
    }

    /// How many selected job executions stay because their instance runs, and because it awaits a restart.
    func expectedKept(_ policy: JobPurgePolicy) -> (running: Int, restart: Int) {
        let selected = selectedJobs(policy)
        let running = selected.filter { runs($0.instanceId) }
        let restart = selected.filter { !runs($0.instanceId) && !policy.includeRestartable && awaitsRestart($0.instanceId) }
        return (running.count, restart.count)
    }

    /// The task executions, and their job executions, a task purge by `policy` deletes.
    func expectedTasks(_ policy: TaskPurgePolicy) -> (tasks: Set<Int64>, jobs: Set<Int64>, families: Int) {
        let kept = Self.newest(tasks, keepLast: policy.keepLast, name: \.name, id: \.id)
        var goneTasks = Set<Int64>()
        var goneJobs = Set<Int64>()
        var families = 0
        for root in tasks where root.parentId == nil && root.ended && Self.older(root.endTime, policy.olderThan) {
            if let name = policy.taskName, name != root.name { continue }
            if kept.contains(root.id) { continue }
            let family = [root] + tasks.filter { $0.parentId == root.id }
            if family.contains(where: { !$0.ended }) { continue }
            let jobIds = family.flatMap(\.jobIds)
            let mustStay = jobIds.contains { id in
                let job = jobs.first { $0.id == id }!
                return job.status.isRunning || runs(job.instanceId) || (!policy.includeRestartable && awaitsRestart(job.instanceId))
            }
            if mustStay { continue }
            families += 1
            goneTasks.formUnion(family.map(\.id))
            goneJobs.formUnion(jobIds)
        }
        return (goneTasks, goneJobs, families)
    }
}
