/// Spring's sequences (`BATCH_JOB_SEQ`, `TASK_SEQ`, ...) in both dialects.
extension SQLConnection {
    /// The next value of one of the schema's sequences: `nextval` on PostgreSQL; on SQLite, a
    /// row inserted into the one-column `*_SEQ` table, whose id is taken and the rows below it
    /// deleted, as Spring's SQLite incrementer does.
    /// - Parameter sequence: The sequence's name, such as `TASK_SEQ`; it must be one of the schema's
    ///   own names (it is written into the statement, not bound).
    /// - Returns: A value no other caller gets.
    /// - Throws: ``DatabaseError``.
    public func nextValue(ofSequence sequence: String) async throws -> Int64 {
        precondition(sequence.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }, "not a sequence name: \(sequence)")
        switch dialect {
        case .postgresql:
            let rows = try await query("SELECT nextval('\(sequence)') AS ID")
            return try rows[0].decode(Int64.self, "ID")
        case .sqlite:
            let rows = try await query("INSERT INTO \(sequence) (ID) VALUES (NULL) RETURNING ID")
            let id = try rows[0].decode(Int64.self, "ID")
            try await execute("DELETE FROM \(sequence) WHERE ID < $1", [.int(id)])
            return id
        }
    }
}
