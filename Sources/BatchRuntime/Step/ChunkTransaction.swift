import Database

/// The transaction of the chunk being written, for writers that use the repository's database.
///
/// The engine opens one transaction per chunk on the repository's pool and, while the writer
/// runs, publishes it here. A writer whose pool is that same pool writes through
/// ``connection``, so its rows, the reader and writer positions and the step row commit
/// together: after a crash either all of them are there or none.
///
/// A writer to another database cannot join that transaction. ``SQLBatchWriter`` then commits
/// its own transaction *before* the engine commits the checkpoint; a crash between the two
/// commits leaves the chunk written but not checkpointed, so a restart writes it again. Use
/// an upsert (``SQLBatchWriter/Mode/upsert(conflictColumns:)``) there to make that replay harmless.
public struct ChunkTransaction: Sendable {
    /// The repository's pool.
    public let pool: ConnectionPool
    /// The connection holding the open chunk transaction.
    public let connection: SQLConnection

    /// The chunk transaction of the current task, if a chunk is being written.
    @TaskLocal public static var current: ChunkTransaction?

    /// The open transaction's connection when `pool` is the repository's pool, else nil.
    public static func connection(for pool: ConnectionPool) -> SQLConnection? {
        guard let current, current.pool === pool else { return nil }
        return current.connection
    }
}

extension ChunkTransaction {
    /// Commits one chunk (or one tasklet call) the only way the engine commits work: in one
    /// transaction on the repository's database, `work` runs with the transaction published as
    /// ``current`` (writers on the same pool join it), `checkpoint` folds the work into the
    /// step (counters, reader and writer positions), the commit count goes up by one and the
    /// step row (with its context, when changed) is saved. All of it commits, or none.
    /// - Parameters:
    ///   - step: The step row as it was before this chunk.
    ///   - repository: The job repository.
    ///   - work: Writes the chunk.
    ///   - checkpoint: Updates the step row after a successful write.
    /// - Returns: The committed step row (version and commit count advanced).
    static func commit(
        _ step: StepExecution, repository: JobRepository, work: (SQLConnection) async throws -> Void,
        checkpoint: (inout StepExecution) throws -> Void
    ) async throws -> StepExecution {
        try await commit(following: { step }, repository: repository, work: work, checkpoint: checkpoint)
    }

    /// ``commit(_:repository:work:checkpoint:)`` with the step row known only once `work` is
    /// done: a chunk written while the chunk before it still commits builds on that chunk's
    /// committed row (``ChunkCommitOrder``). When `step` throws, nothing is committed.
    static func commit(
        following step: () async throws -> StepExecution, repository: JobRepository,
        work: (SQLConnection) async throws -> Void, checkpoint: (inout StepExecution) throws -> Void
    ) async throws -> StepExecution {
        let pool = repository.pool
        return try await pool.transaction { connection in
            try await ChunkTransaction.$current.withValue(ChunkTransaction(pool: pool, connection: connection)) {
                try await work(connection)
            }
            var updated = try await step()
            try checkpoint(&updated)
            updated.counts.commit += 1
            try await repository.update(&updated, on: connection)
            return updated
        }
    }
}
