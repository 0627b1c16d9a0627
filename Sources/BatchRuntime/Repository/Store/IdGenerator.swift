import Database

/// Next ids from Spring Batch's sequences.
enum IdGenerator {
    /// The sequences Spring Batch uses.
    enum Sequence: String {
        case jobInstance = "BATCH_JOB_SEQ"
        case jobExecution = "BATCH_JOB_EXECUTION_SEQ"
        case stepExecution = "BATCH_STEP_EXECUTION_SEQ"
    }

    static func next(_ sequence: Sequence, on connection: SQLConnection) async throws -> Int64 {
        try await connection.nextValue(ofSequence: sequence.rawValue)
    }
}
