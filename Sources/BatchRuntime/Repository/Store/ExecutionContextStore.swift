import Database

/// `BATCH_JOB_EXECUTION_CONTEXT` and `BATCH_STEP_EXECUTION_CONTEXT`: the JSON in `SHORT_CONTEXT`,
/// or, past 2,500 characters, its first 2,492 plus `" ..."` there and the whole in `SERIALIZED_CONTEXT`.
enum ExecutionContextStore {
    enum Owner {
        case job(Int64)
        case step(Int64)

        var table: String {
            switch self {
            case .job: "BATCH_JOB_EXECUTION_CONTEXT"
            case .step: "BATCH_STEP_EXECUTION_CONTEXT"
            }
        }

        var keyColumn: String {
            switch self {
            case .job: "JOB_EXECUTION_ID"
            case .step: "STEP_EXECUTION_ID"
            }
        }

        var id: Int64 {
            switch self {
            case .job(let id), .step(let id): id
            }
        }
    }

    static let shortLimit = 2500

    /// The SHORT_CONTEXT and SERIALIZED_CONTEXT values for a context, as Spring splits them.
    static func split(_ text: String) -> (short: String, serialized: String?) {
        guard text.count > shortLimit else { return (text, nil) }
        return (String(text.prefix(shortLimit - 8)) + " ...", text)
    }

    static func insert(_ context: ExecutionContext, for owner: Owner, on connection: SQLConnection) async throws {
        let (short, serialized) = split(context.json)
        try await connection.execute(
            "INSERT INTO \(owner.table) (SHORT_CONTEXT, SERIALIZED_CONTEXT, \(owner.keyColumn)) VALUES ($1, $2, $3)",
            [.text(short), serialized.sqlValue, .int(owner.id)])
    }

    static func update(_ context: ExecutionContext, for owner: Owner, on connection: SQLConnection) async throws {
        let (sql, binds) = updateStatement(context, for: owner)
        if try await connection.execute(sql, binds) == 0 { try await insert(context, for: owner, on: connection) }
    }

    /// The update of a context row; it changes no row when the row is missing (then insert it).
    static func updateStatement(_ context: ExecutionContext, for owner: Owner) -> (sql: String, binds: [SQLValue]) {
        let (short, serialized) = split(context.json)
        return (
            "UPDATE \(owner.table) SET SHORT_CONTEXT = $1, SERIALIZED_CONTEXT = $2 WHERE \(owner.keyColumn) = $3",
            [.text(short), serialized.sqlValue, .int(owner.id)]
        )
    }

    static func find(for owner: Owner, on connection: SQLConnection) async throws -> ExecutionContext {
        let rows = try await connection.query(
            "SELECT SHORT_CONTEXT, SERIALIZED_CONTEXT FROM \(owner.table) WHERE \(owner.keyColumn) = $1", [.int(owner.id)])
        guard let row = rows.first else { return ExecutionContext() }
        return try decode(row)
    }

    /// The context of a row: the whole JSON in `SERIALIZED_CONTEXT` when it holds a JSON object
    /// (Spring writes it past 2,500 characters), else `SHORT_CONTEXT` (some exports of Spring's
    /// tables leave a stray value such as `0` in `SERIALIZED_CONTEXT`).
    /// - Throws: ``BatchError/Code/repositoryFailed`` when neither holds a JSON context (Spring's
    ///   default serializer writes Java serialization in Base64, which only a JVM reads).
    static func decode(_ row: SQLRow) throws -> ExecutionContext {
        let serialized = try row.decode(String?.self, "SERIALIZED_CONTEXT")
        if let serialized, serialized.drop(while: \.isWhitespace).first == "{" { return try ExecutionContext(json: serialized) }
        let short = try row.decode(String?.self, "SHORT_CONTEXT") ?? ""
        guard short.drop(while: \.isWhitespace).first == "{" else {
            throw BatchError(
                .repositoryFailed,
                "a stored execution context is not JSON (it starts '\(String(short.prefix(12)))'): it was written by Spring's default serializer (Java serialization), which only a JVM reads; configure Spring Batch with Jackson2ExecutionContextStringSerializer")
        }
        return try ExecutionContext(json: short)
    }

    /// The contexts of several step executions, 500 per query, for display: a step without a
    /// context row, or with one only a JVM reads, gets an empty one rather than failing the list.
    static func find(steps ids: [Int64], on connection: SQLConnection) async throws -> [Int64: ExecutionContext] {
        try await find(.step(0), ids: ids, on: connection)
    }

    /// The contexts of several job executions, 500 per query, for display (as ``find(steps:on:)``).
    static func find(jobs ids: [Int64], on connection: SQLConnection) async throws -> [Int64: ExecutionContext] {
        try await find(.job(0), ids: ids, on: connection)
    }

    private static func find(_ kind: Owner, ids: [Int64], on connection: SQLConnection) async throws -> [Int64: ExecutionContext] {
        var contexts: [Int64: ExecutionContext] = [:]
        let rows = try await connection.query(ids: ids) {
            "SELECT \(kind.keyColumn), SHORT_CONTEXT, SERIALIZED_CONTEXT FROM \(kind.table) WHERE \(kind.keyColumn) IN (\($0))"
        }
        for row in rows {
            contexts[try row.decode(Int64.self, kind.keyColumn)] = (try? decode(row)) ?? ExecutionContext()
        }
        return contexts
    }
}
