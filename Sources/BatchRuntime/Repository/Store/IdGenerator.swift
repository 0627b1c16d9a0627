import Database

/// Next ids from Spring's sequences: `nextval` on PostgreSQL, the one-column `*_SEQ` tables on
/// SQLite (insert a row, take its id, delete the rows below it), as Spring's incrementers do.
enum IdGenerator {
    /// The sequences Spring Batch uses.
    enum Sequence: String {
        case jobInstance = "BATCH_JOB_SEQ"
        case jobExecution = "BATCH_JOB_EXECUTION_SEQ"
        case stepExecution = "BATCH_STEP_EXECUTION_SEQ"
    }

    static func next(_ sequence: Sequence, on connection: SQLConnection) async throws -> Int64 {
        switch connection.dialect {
        case .postgresql:
            let rows = try await connection.query("SELECT nextval('\(sequence.rawValue)') AS ID")
            return try rows[0].decode(Int64.self, "ID")
        case .sqlite:
            let rows = try await connection.query("INSERT INTO \(sequence.rawValue) (ID) VALUES (NULL) RETURNING ID")
            let id = try rows[0].decode(Int64.self, "ID")
            try await connection.execute("DELETE FROM \(sequence.rawValue) WHERE ID < $1", [.int(id)])
            return id
        }
    }
}
