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

    static func find(id: Int64, on connection: SQLConnection) async throws -> JobInstance? {
        try await connection.query("SELECT \(columns) FROM BATCH_JOB_INSTANCE WHERE JOB_INSTANCE_ID = $1", [.int(id)]).first.map(decode)
    }

    /// What a page of instances may be sorted by.
    static let sortColumns = SortColumns(
        id: "JOB_INSTANCE_ID",
        [
            .init("JOB_INSTANCE_ID", names: ["JOB_INSTANCE_ID", "instanceId", "id"], nullable: false),
            .init("JOB_NAME", names: ["JOB_NAME", "name", "jobName"], nullable: false),
        ])

    /// The WHERE clause for instances of `jobName` (a `LIKE` pattern when `like`), below `beforeId`.
    private static func whereClause(
        jobName: String?, like: Bool = false, beforeId: Int64?, dialect: SQLDialect, binds: inout [SQLValue]
    ) -> String {
        var conditions: [String] = []
        func bind(_ value: SQLValue) -> String {
            binds.append(value)
            return "$\(binds.count)"
        }
        if let jobName {
            conditions.append(like ? NamePattern.condition("JOB_NAME", jobName, dialect, bind) : "JOB_NAME = \(bind(.text(jobName)))")
        }
        if let beforeId { conditions.append("JOB_INSTANCE_ID < \(bind(.int(beforeId)))") }
        return conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
    }

    /// Instances newest first, below `beforeId` (keyset paging).
    static func page(jobName: String?, beforeId: Int64?, limit: Int, on connection: SQLConnection) async throws -> [JobInstance] {
        var binds: [SQLValue] = []
        let filter = whereClause(jobName: jobName, beforeId: beforeId, dialect: connection.dialect, binds: &binds)
        binds.append(.int(Int64(limit)))
        return try await connection.query(
            "SELECT \(columns) FROM BATCH_JOB_INSTANCE\(filter) ORDER BY JOB_INSTANCE_ID DESC LIMIT $\(binds.count)", binds
        ).map(decode)
    }

    /// Instances of `jobName` (a `LIKE` pattern when `like`) in `orderBy` order, `limit` of them after `offset`.
    static func page(jobName: String?, like: Bool = false, orderBy: String, limit: Int, offset: Int, on connection: SQLConnection)
        async throws -> [JobInstance]
    {
        var binds: [SQLValue] = []
        let filter = whereClause(jobName: jobName, like: like, beforeId: nil, dialect: connection.dialect, binds: &binds)
        binds.append(.int(Int64(limit)))
        binds.append(.int(Int64(offset)))
        return try await connection.query(
            "SELECT \(columns) FROM BATCH_JOB_INSTANCE\(filter) ORDER BY \(orderBy) LIMIT $\(binds.count - 1) OFFSET $\(binds.count)",
            binds
        ).map(decode)
    }

    /// How many instances `jobName` (a `LIKE` pattern when `like`) has, or all jobs together.
    static func count(jobName: String?, like: Bool = false, on connection: SQLConnection) async throws -> Int64 {
        var binds: [SQLValue] = []
        let filter = whereClause(jobName: jobName, like: like, beforeId: nil, dialect: connection.dialect, binds: &binds)
        return try await connection.query("SELECT COUNT(*) AS N FROM BATCH_JOB_INSTANCE\(filter)", binds).first?.decode(Int64.self, "N") ?? 0
    }

    /// Whether any instance of `jobName` (a `LIKE` pattern when `like`) exists: one index probe.
    static func exists(jobName: String, like: Bool, on connection: SQLConnection) async throws -> Bool {
        var binds: [SQLValue] = []
        let filter = whereClause(jobName: jobName, like: like, beforeId: nil, dialect: connection.dialect, binds: &binds)
        return try await !connection.query("SELECT JOB_INSTANCE_ID FROM BATCH_JOB_INSTANCE\(filter) LIMIT 1", binds).isEmpty
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
