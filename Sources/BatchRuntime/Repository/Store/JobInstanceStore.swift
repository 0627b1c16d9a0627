import Database

/// `BATCH_JOB_INSTANCE`.
enum JobInstanceStore {
    static let columns = "JOB_INSTANCE_ID, VERSION, JOB_NAME, JOB_KEY"

    static func find(name: String, key: String, forUpdate: Bool, on connection: SQLConnection) async throws -> JobInstance? {
        let lock = forUpdate && connection.dialect == .postgresql ? " FOR UPDATE" : ""
        let rows = try await connection.query(
            "SELECT \(columns) FROM BATCH_JOB_INSTANCE WHERE JOB_NAME = $1 AND JOB_KEY = $2\(lock)",
            [.text(name), .text(key)])
        return try rows.first.map(decode)
    }

    /// Inserts the instance unless another transaction did; the unique constraint `JOB_INST_UN`
    /// decides, so concurrent launchers never both create one.
    static func insertIfAbsent(name: String, key: String, on connection: SQLConnection) async throws {
        let id = try await IdGenerator.next(.jobInstance, on: connection)
        try await connection.execute(
            "INSERT INTO BATCH_JOB_INSTANCE (JOB_INSTANCE_ID, JOB_NAME, JOB_KEY, VERSION) VALUES ($1, $2, $3, 0) ON CONFLICT DO NOTHING",
            [.int(id), .text(name), .text(key)])
    }

    static func jobNames(on connection: SQLConnection) async throws -> [String] {
        try await connection.query("SELECT DISTINCT JOB_NAME FROM BATCH_JOB_INSTANCE ORDER BY JOB_NAME")
            .map { try $0.decode(String.self, "JOB_NAME") }
    }

    static func decode(_ row: SQLRow) throws -> JobInstance {
        JobInstance(
            id: try row.decode(Int64.self, "JOB_INSTANCE_ID"), version: try row.decode(Int64?.self, "VERSION") ?? 0,
            jobName: try row.decode(String.self, "JOB_NAME"), jobKey: try row.decode(String.self, "JOB_KEY"))
    }
}
