import BatchRuntime
import Database
import Foundation
import Logging
import Synchronization
import TaskRuntime

/// The retention purge of job and task executions through the server: the repositories' purges
/// (``JobRepository/purge(_:dryRun:participant:)``, ``TaskRepository/purge(_:dryRun:participant:)``)
/// with what only the server knows added to every batch: its launch manifests deleted with the
/// task executions, one audit record per batch committed with the deletes (as the cleanup
/// audits), and the launches' working directories and logs removed once a batch committed.
/// A dry run deletes and audits nothing.
public struct ExecutionPurge: Sendable {
    let pool: ConnectionPool
    let platforms: Platforms
    let logger: Logger

    /// Creates the service.
    public init(pool: ConnectionPool, platforms: Platforms, logger: Logger = Logger(label: "dataflow-server.purge")) {
        self.pool = pool
        self.platforms = platforms
        self.logger = logger
    }

    /// Purges job executions by `policy`.
    /// - Parameters:
    ///   - user: Who asked (the audit records' `created_by`).
    /// - Returns: What went, or with `dryRun` what would.
    /// - Throws: ``BatchError`` (`invalidPolicy` is bad input; database failures keep the batches already done).
    public func purgeJobs(_ policy: JobPurgePolicy, dryRun: Bool, user: String?) async throws -> PurgeReport {
        let audit = AuditedPurge(kind: "job executions", policy: Policy(policy), user: user, platforms: platforms)
        return try await JobRepository(pool: pool, logger: logger).purge(policy, dryRun: dryRun, participant: audit)
    }

    /// Purges task executions by `policy`, with their job executions, manifests and logs.
    /// - Parameters:
    ///   - user: Who asked (the audit records' `created_by`).
    /// - Returns: What went, or with `dryRun` what would.
    /// - Throws: ``BatchError`` (`invalidPolicy` is bad input; database failures keep the batches already done).
    public func purgeTasks(_ policy: TaskPurgePolicy, dryRun: Bool, user: String?) async throws -> PurgeReport {
        let audit = AuditedPurge(kind: "task executions", policy: Policy(policy), user: user, platforms: platforms)
        return try await TaskRepository(pool: pool, logger: logger).purge(policy, dryRun: dryRun, participant: audit)
    }

    /// A policy as the audit records show it.
    struct Policy: Encodable, Sendable {
        var olderThanSeconds: Double?
        var keepLast: Int?
        var name: String?
        var includeRestartable: Bool
        var batchSize: Int

        init(_ policy: JobPurgePolicy) {
            olderThanSeconds = policy.olderThan.map { PurgeReport.milliseconds($0) / 1000 }
            keepLast = policy.keepLast
            name = policy.jobName
            includeRestartable = policy.includeRestartable
            batchSize = policy.batchSize
        }

        init(_ policy: TaskPurgePolicy) {
            olderThanSeconds = policy.olderThan.map { PurgeReport.milliseconds($0) / 1000 }
            keepLast = policy.keepLast
            name = policy.taskName
            includeRestartable = policy.includeRestartable
            batchSize = policy.batchSize
        }
    }
}

/// The server's part of each batch: manifests and launch rows read before the task rows go, an
/// audit record (operation TASK, action DELETE) in the batch's transaction, correlated by one
/// id for the whole purge, and the launches' directories removed after the commit.
final class AuditedPurge: PurgeParticipant {
    let correlationId = "purge-" + UUID().uuidString.lowercased()
    let kind: String
    let policy: ExecutionPurge.Policy
    let user: String?
    let platforms: Platforms
    /// The launches of the batch being deleted, until it commits.
    private let launches = Mutex<[TaskLaunchRecord]>([])

    init(kind: String, policy: ExecutionPurge.Policy, user: String?, platforms: Platforms) {
        self.kind = kind
        self.policy = policy
        self.user = user
        self.platforms = platforms
    }

    func deleting(taskExecutionIds: [Int64], on connection: SQLConnection) async throws {
        let found = try await TaskLaunchStore.find(executionIds: taskExecutionIds, on: connection)
        launches.withLock { $0 = found }
        try await LaunchManifestStore.delete(executionIds: taskExecutionIds, on: connection)
    }

    func deleted(_ batch: PurgeBatch, on connection: SQLConnection) async throws {
        let entry = Entry(
            action: "PURGE", executions: kind, batch: batch.number, policy: policy, report: batch.rows,
            firstId: (batch.taskExecutionIds.isEmpty ? batch.jobExecutionIds : batch.taskExecutionIds).min(),
            lastId: (batch.taskExecutionIds.isEmpty ? batch.jobExecutionIds : batch.taskExecutionIds).max())
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        try await AuditTrail.record(
            AuditRecord(
                action: .delete, operation: .task, correlationId: correlationId,
                data: String(decoding: try encoder.encode(entry), as: UTF8.self), createdBy: user),
            on: connection)
    }

    func committed(_ batch: PurgeBatch) async {
        for launch in launches.withLock({ launches in defer { launches = [] }; return launches }) {
            try? platforms[launch.platformName]?.platform.cleanup(launch)
        }
    }

    /// One audit record's data.
    struct Entry: Encodable {
        var action: String
        var executions: String
        var batch: Int
        var policy: ExecutionPurge.Policy
        var report: PurgeReport
        /// The lowest and highest id deleted in the batch (task executions for a task purge).
        var firstId: Int64?
        var lastId: Int64?
    }
}
