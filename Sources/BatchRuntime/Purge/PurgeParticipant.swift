import Database

/// Work a caller adds to each batch of a purge: rows of its own tables that reference the
/// executions, an audit record that must commit with the deletes, files to remove once they
/// committed. The server's purge deletes its launch manifests, audits each batch and removes
/// the launches' logs this way. Every requirement has a default that does nothing; a dry run
/// calls none.
///
/// ```swift
/// struct Audit: PurgeParticipant {
///     func deleted(_ batch: PurgeBatch, on connection: SQLConnection) async throws {
///         try await connection.execute("INSERT INTO PURGE_LOG (ROWS) VALUES ($1)", [.int(Int64(batch.rows.rows))])
///     }
/// }
/// ```
public protocol PurgeParticipant: Sendable {
    /// Called in the batch's transaction before any row goes: delete the rows of your tables
    /// that reference these task executions (none for a job purge).
    func deleting(taskExecutionIds: [Int64], on connection: SQLConnection) async throws
    /// Called in the batch's transaction after its rows went; what it writes commits with them.
    func deleted(_ batch: PurgeBatch, on connection: SQLConnection) async throws
    /// Called once the batch committed: remove what lives outside the database.
    func committed(_ batch: PurgeBatch) async
}

extension PurgeParticipant {
    /// Does nothing.
    public func deleting(taskExecutionIds: [Int64], on connection: SQLConnection) async throws {}
    /// Does nothing.
    public func deleted(_ batch: PurgeBatch, on connection: SQLConnection) async throws {}
    /// Does nothing.
    public func committed(_ batch: PurgeBatch) async {}
}

/// One batch of a purge: what it deleted, in one transaction.
public struct PurgeBatch: Sendable, Hashable {
    /// Its number, from 1.
    public var number: Int
    /// The task executions deleted (empty for a job purge).
    public var taskExecutionIds: [Int64]
    /// The job executions deleted.
    public var jobExecutionIds: [Int64]
    /// The rows deleted by table.
    public var rows: PurgeReport
}
