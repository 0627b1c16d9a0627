import Database
import Foundation
import Logging

/// One purge of task executions by a ``TaskPurgePolicy``: ended executions without a parent
/// (each with the children a composed task launched) are read in id order and judged by the
/// job executions they ran outside any transaction, then deleted a batch at a time, each batch
/// in its own short transaction that locks the job instances, judges them again and deletes
/// the task rows, then the job rows, in foreign-key order. A dry run counts instead.
struct TaskPurge {
    let pool: ConnectionPool
    let policy: TaskPurgePolicy
    let dryRun: Bool
    let logger: Logger
    /// Executions that ended before this are old enough.
    let cutoff: Date?
    private var rules: JobPurgeRules
    /// With `keepLast`: per task name, the lowest id kept; a name that is absent keeps all.
    private var lowestKeptIds: [String?: Int64]?
    private var cursor: Int64 = 0
    private var exhausted = false
    private var run: PurgeRun
    /// Dry run: the job executions of instances with several executions counted as gone so far.
    private var goneShared: Set<Int64> = []

    /// A task execution with the children it launched and the job executions they all ran.
    struct Family {
        var members: [Int64]
        var jobExecutionIds: [Int64]
    }

    /// One batch, chosen outside any transaction.
    struct Selection {
        var families: [Family] = []
        /// The instance and status of every job execution read.
        var jobs: [Int64: (instanceId: Int64, status: BatchStatus)] = [:]
        /// The executions of every instance read.
        var histories: [Int64: InstanceHistory] = [:]

        var taskExecutionIds: [Int64] { families.flatMap(\.members) }
        /// Each job execution once (a job execution linked to two of the tasks counts once).
        var jobExecutionIds: [Int64] { Array(Set(families.flatMap(\.jobExecutionIds))).sorted() }
    }

    init(pool: ConnectionPool, policy: TaskPurgePolicy, dryRun: Bool, participant: (any PurgeParticipant)?, logger: Logger, now: Date) {
        self.pool = pool
        self.policy = policy
        self.dryRun = dryRun
        self.logger = logger
        self.cutoff = policy.olderThan.map { PurgeRun.cutoff(now: now, olderThan: $0) }
        self.rules = JobPurgeRules(includeRestartable: policy.includeRestartable)
        self.run = PurgeRun(pool: pool, dryRun: dryRun, participant: participant, logger: logger)
    }

    mutating func purge() async throws -> PurgeReport {
        if let keepLast = policy.keepLast { lowestKeptIds = try await lowestKeptIds(keepLast) }
        while true {
            try Task.checkCancellation()
            let selection = try await select()
            guard !selection.families.isEmpty else { break }
            if dryRun {
                let emptied = emptiedInstances(selection)
                let pool = self.pool
                try await run.count {
                    try await Self.count(selection, emptiedInstances: emptied, on: pool)
                }
            } else {
                try await deleteBatch(selection)
            }
        }
        return run.finish()
    }

    private func lowestKeptIds(_ keepLast: Int) async throws -> [String?: Int64] {
        try await pool.withConnection { connection in
            var ids: [String?: Int64] = [:]
            for name in try await TaskPurgeStore.taskNames(policy.taskName, on: connection) {
                ids[name] = try await TaskPurgeStore.lowestKeptId(taskName: name, keepLast: keepLast, on: connection)
            }
            return ids
        }
    }

    /// What one page of ended executions brought: the executions, their children and links.
    private struct Page {
        var roots: [TaskPurgeStore.Root]
        var children: [Int64: [TaskPurgeStore.Child]]
        var links: [Int64: [Int64]]
    }

    /// The next batch: up to `batchSize` task executions the policy lets go, in id order.
    private mutating func select() async throws -> Selection {
        var selection = Selection()
        let limit = policy.batchSize
        while selection.families.count < limit && !exhausted {
            let page = try await read(after: cursor, into: &selection)
            for root in page.roots {
                cursor = root.id
                if let lowestKeptIds, root.id >= lowestKeptIds[root.name] ?? Int64.min { continue }
                let children = page.children[root.id] ?? []
                let members = [root.id] + children.map(\.id)
                let family = Family(members: members, jobExecutionIds: members.flatMap { page.links[$0] ?? [] })
                let verdict =
                    children.allSatisfy(\.ended)
                    ? Self.judge(family, jobs: selection.jobs, histories: selection.histories, rules: &rules) : .keptWithRunning
                guard verdict == .purge else {
                    run.kept(verdict)
                    continue
                }
                selection.families.append(family)
                if selection.families.count == limit { break }
            }
            exhausted = page.roots.count < limit && cursor == (page.roots.last?.id ?? cursor)
        }
        return selection
    }

    private func read(after cursor: Int64, into selection: inout Selection) async throws -> Page {
        let (page, jobs, histories) = try await pool.withConnection { [selection] connection in
            let roots = try await TaskPurgeStore.roots(
                after: cursor, endedBefore: cutoff, taskName: policy.taskName, limit: policy.batchSize, on: connection)
            let children = Dictionary(grouping: try await TaskPurgeStore.children(of: roots.map(\.id), on: connection), by: \.parentId)
            let links = try await TaskPurgeStore.jobExecutionIds(of: roots.map(\.id) + children.values.joined().map(\.id), on: connection)
            let jobs = try await JobPurgeStore.executions(ids: Array(Set(links.values.joined())), on: connection)
            let unread = Set(jobs.values.map(\.instanceId)).subtracting(selection.histories.keys)
            let histories = try await JobPurgeStore.histories(of: Array(unread), cutoff: nil, on: connection)
            return (Page(roots: roots, children: children, links: links), jobs, histories)
        }
        selection.jobs.merge(jobs) { current, _ in current }
        selection.histories.merge(histories) { current, _ in current }
        return page
    }

    /// Whether every job execution of the family may go: the most severe verdict of them.
    private static func judge(
        _ family: Family, jobs: [Int64: (instanceId: Int64, status: BatchStatus)], histories: [Int64: InstanceHistory],
        rules: inout JobPurgeRules
    ) -> PurgeVerdict {
        var verdict = PurgeVerdict.purge
        for id in family.jobExecutionIds {
            guard let job = jobs[id] else { continue }  // a link to a job execution that is gone
            let history = histories[job.instanceId] ?? InstanceHistory(executions: [])
            switch rules.jobMayGo(status: job.status, instanceId: job.instanceId, instance: history) {
            case .keptWithRunning: return .keptWithRunning
            case .keptForRestart: verdict = .keptForRestart
            case .purge, .notSelected: break
            }
        }
        return verdict
    }

    /// The instances a real run deletes with this batch: every execution of them goes, in this
    /// batch or an earlier one.
    private mutating func emptiedInstances(_ selection: Selection) -> Int {
        let batch = Set(selection.jobExecutionIds)
        var emptied = 0
        for instanceId in Set(batch.compactMap { selection.jobs[$0]?.instanceId }) {
            guard let history = selection.histories[instanceId] else { continue }
            let ids = history.executions.map(\.id)
            if ids.allSatisfy({ batch.contains($0) || goneShared.contains($0) }) { emptied += 1 }
            if ids.count > 1 { goneShared.formUnion(ids.filter(batch.contains)) }
        }
        return emptied
    }

    /// What a real run would delete with this batch, counted.
    private static func count(_ selection: Selection, emptiedInstances: Int, on pool: ConnectionPool) async throws -> PurgeReport {
        let (tasks, jobs) = try await pool.withConnection { connection in
            (
                try await TaskExecutionPurge.count(taskExecutionIds: selection.taskExecutionIds, on: connection),
                try await JobDataPurge.count(jobExecutionIds: selection.jobExecutionIds, on: connection)
            )
        }
        var rows = jobs
        rows.jobInstances = emptiedInstances
        // The links of these task executions go with them; the job side then finds only the
        // links other task executions had to the same job executions.
        let ownLinks = selection.families.reduce(0) { $0 + $1.jobExecutionIds.count }
        rows.taskExecutions = tasks.executions
        rows.taskParameters = tasks.parameters
        rows.taskLinks = tasks.links + jobs.taskLinks - ownLinks
        return rows
    }

    /// Deletes a batch in one transaction, after judging its job executions again under their
    /// instances' locks.
    private mutating func deleteBatch(_ selection: Selection) async throws {
        var rules = self.rules
        let participant = run.participant
        let logger = self.logger
        try await run.delete { connection in
            let jobIds = selection.jobExecutionIds
            let fresh = try await JobPurgeStore.executions(ids: jobIds, on: connection)
            let instanceIds = Array(Set(fresh.values.map(\.instanceId)))
            try await JobPurgeStore.lockInstances(instanceIds, on: connection)
            let histories = try await JobPurgeStore.histories(of: instanceIds, cutoff: nil, on: connection)
            var current = Selection(families: [], jobs: fresh, histories: histories)
            for family in selection.families
            where Self.judge(family, jobs: fresh, histories: histories, rules: &rules) == .purge {
                current.families.append(family)
            }
            if current.families.count < selection.families.count {
                logger.debug(
                    "job executions changed while the purge ran; kept their task executions",
                    metadata: ["batch.purge.kept": "\(selection.families.count - current.families.count)"])
            }
            let taskIds = current.taskExecutionIds
            try await participant?.deleting(taskExecutionIds: taskIds, on: connection)
            let tasks = try await TaskExecutionPurge.delete(taskExecutionIds: taskIds, on: connection).rows
            var rows = try await JobDataPurge.delete(jobExecutionIds: current.jobExecutionIds, on: connection)
            rows.taskExecutions = tasks.executions
            rows.taskParameters = tasks.parameters
            rows.taskLinks += tasks.links
            return (taskIds, current.jobExecutionIds, rows)
        }
        self.rules = rules
    }
}
