/// Recording an outcome on a database that has run out of room.
extension ConnectionPool {
    /// Whether `error` says the database's disk (or its size limit) is full.
    public static func isFull(_ error: any Error) -> Bool {
        guard let error = error as? DatabaseError else { return false }
        return error.code == .ioError && (error.driverCode?.hasPrefix("SQLITE_FULL") == true || error.driverCode == "53100")
    }

    /// Gives back what space the database can: on SQLite, a checkpoint that truncates the
    /// write-ahead log (the frames of a transaction that failed for lack of room stay in it
    /// until then); nothing on PostgreSQL, whose server manages its own files.
    public func reclaimSpace() async throws {
        guard dialect == .sqlite else { return }
        try await withConnection { connection in
            _ = try await connection.query("PRAGMA wal_checkpoint(TRUNCATE)")
        }
    }

    /// Runs `write` and, when it fails because the database is full, reclaims what space it
    /// can and tries once more: what little an outcome needs (a status, an end time) often
    /// fits once the failed chunk's leftovers are gone.
    public func writingWhenFull<T>(_ write: () async throws -> T) async throws -> T {
        do {
            return try await write()
        } catch where Self.isFull(error) {
            try? await reclaimSpace()
            return try await write()
        }
    }
}
