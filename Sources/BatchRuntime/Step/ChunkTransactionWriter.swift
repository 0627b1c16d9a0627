import Database

/// A writer that says whether its writes join the chunk transaction (``ChunkTransaction``).
///
/// The engine lets a chunk's write overlap the commit of the chunk before it only for such a
/// writer, when it joins: everything it writes then commits or rolls back with its own chunk,
/// so writing early changes nothing anyone can see.
protocol ChunkTransactionWriter {
    /// Whether every write goes through the chunk transaction when the repository's pool is `pool`.
    func writesInChunkTransaction(of pool: ConnectionPool) -> Bool
}
