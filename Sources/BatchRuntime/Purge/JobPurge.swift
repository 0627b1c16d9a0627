import Database
import Foundation
import Logging

/// One purge of job executions by a ``JobPurgePolicy``: the executions are read in id order,
/// judged outside any transaction, then deleted a batch at a time, each batch in its own short
/// transaction that locks the batch's instances, judges its executions again (a run may have
/// started meanwhile) and deletes them in foreign-key order. A dry run judges the same batches
/// and counts their rows instead.
struct JobPurge {
    let pool: ConnectionPool
    let policy: JobPurgePolicy
    let dryRun: Bool
    let participant: (any PurgeParticipant)?
    let logger: Logger
    /// Executions that ended (or, never started, were created) before this are old enough.
    let cutoff: Date?
    private var rules: JobPurgeRules
    /// The last execution judged: the next scan continues after it.
    private var cursor: Int64 = 0
    private var exhausted = false
    private var run: PurgeRun

    /// One batch, chosen outside any transaction.
    struct Selection {
        var ids: [Int64] = []
        /// The instance of each chosen execution.
        var instanceOf: [Int64: Int64] = [:]
        /// The job of each instance read.
        var jobOf: [Int64: String] = [:]
        /// The executions of each instance read.
        var histories: [Int64: InstanceHistory] = [:]
    }

    init(pool: ConnectionPool, policy: JobPurgePolicy, dryRun: Bool, participant: (any PurgeParticipant)?, logger: Logger, now: Date) {
        self.pool = pool
        self.policy = policy
        self.dryRun = dryRun
        self.participant = participant
        self.logger = logger
        self.cutoff = policy.olderThan.map { PurgeRun.cutoff(now: now, olderThan: $0) }
        self.rules = JobPurgeRules(includeRestartable: policy.includeRestartable)
        self.run = PurgeRun(pool: pool, dryRun: dryRun, participant: participant, logger: logger)
    }

    mutating func purge() async throws -> PurgeReport {
        if let keepLast = policy.keepLast { rules.lowestKeptIds = try await lowestKeptIds(keepLast) }
        while true {
            try Task.checkCancellation()
            let selection = try await select()
            guard !selection.ids.isEmpty else { break }
            if dryRun {
                let emptied = emptiedInstances(selection, upTo: cursor)
                let pool = self.pool
                try await run.count {
                    var rows = try await pool.withConnection { try await JobDataPurge.count(jobExecutionIds: selection.ids, on: $0) }
                    rows.jobInstances = emptied
                    return rows
                }
            } else {
                try await deleteBatch(selection)
            }
        }
        return run.finish()
    }

    /// Per job, the lowest id of the `keepLast` newest executions (jobs with fewer keep all).
    private func lowestKeptIds(_ keepLast: Int) async throws -> [String: Int64] {
        try await pool.withConnection { connection in
            var ids: [String: Int64] = [:]
            for name in try await JobPurgeStore.jobNames(policy.jobName, on: connection) {
                ids[name] = try await JobPurgeStore.lowestKeptId(jobName: name, keepLast: keepLast, on: connection)
            }
            return ids
        }
    }

    /// The next batch: up to `batchSize` executions the policy lets go, in id order.
    private mutating func select() async throws -> Selection {
        var selection = Selection()
        let limit = policy.batchSize
        while selection.ids.count < limit && !exhausted {
            let page = try await pool.withConnection { connection in
                let page = try await JobPurgeStore.scan(after: cursor, cutoff: cutoff, jobName: policy.jobName, limit: limit, on: connection)
                let unread = Set(page.map(\.instanceId)).subtracting(selection.histories.keys)
                return (page, try await JobPurgeStore.histories(of: Array(unread), cutoff: cutoff, on: connection))
            }
            selection.histories.merge(page.1) { current, _ in current }
            for row in page.0 {
                cursor = row.id
                selection.jobOf[row.instanceId] = row.jobName
                let history = selection.histories[row.instanceId] ?? InstanceHistory(executions: [])
                let execution = history.executions.first { $0.id == row.id }
                    ?? InstanceHistory.Execution(id: row.id, status: row.status, oldEnough: true)
                switch rules.verdict(execution, jobName: row.jobName, instanceId: row.instanceId, instance: history) {
                case .purge:
                    selection.ids.append(row.id)
                    selection.instanceOf[row.id] = row.instanceId
                case let verdict: run.kept(verdict)
                }
                if selection.ids.count == limit { break }
            }
            exhausted = page.0.count < limit && cursor == (page.0.last?.id ?? cursor)
        }
        return selection
    }

    /// The instances a real run deletes with this batch: every execution of them goes, in this
    /// batch or an earlier one (ids up to `cursor`).
    private mutating func emptiedInstances(_ selection: Selection, upTo cursor: Int64) -> Int {
        Set(selection.instanceOf.values).filter { instanceId in
            guard let history = selection.histories[instanceId], let jobName = selection.jobOf[instanceId] else { return false }
            return history.executions.allSatisfy { execution in
                execution.id <= cursor
                    && rules.verdict(execution, jobName: jobName, instanceId: instanceId, instance: history) == .purge
            }
        }.count
    }

    /// Deletes a batch in one transaction, after judging it again under the instances' locks.
    private mutating func deleteBatch(_ selection: Selection) async throws {
        var rules = self.rules
        let cutoff = self.cutoff
        let logger = self.logger
        try await run.delete { connection in
            let instanceIds = Array(Set(selection.instanceOf.values))
            try await JobPurgeStore.lockInstances(instanceIds, on: connection)
            let histories = try await JobPurgeStore.histories(of: instanceIds, cutoff: cutoff, on: connection)
            let ids = selection.ids.filter { id in
                let instanceId = selection.instanceOf[id]!
                guard let history = histories[instanceId], let execution = history.executions.first(where: { $0.id == id }),
                    let jobName = selection.jobOf[instanceId]
                else { return false }
                return rules.verdict(execution, jobName: jobName, instanceId: instanceId, instance: history) == .purge
            }
            if ids.count < selection.ids.count {
                logger.debug(
                    "job executions changed while the purge ran; kept", metadata: ["batch.purge.kept": "\(selection.ids.count - ids.count)"])
            }
            return ([], ids, try await JobDataPurge.delete(jobExecutionIds: ids, on: connection))
        }
        self.rules = rules
    }
}
