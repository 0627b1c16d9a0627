import Database

/// Data Flow's `task_definitions` table.
enum TaskDefinitionStore {
    static let sortColumns = SortColumns(
        id: "definition_name",
        [
            .init("definition_name", names: ["DEFINITION_NAME", "taskName", "name"], nullable: false),
            .init("definition", names: ["DEFINITION", "dslText"]),
            .init("description", names: ["DESCRIPTION"]),
        ])

    static func insert(_ definition: TaskDefinition, on connection: SQLConnection) async throws {
        try await connection.execute(
            "INSERT INTO task_definitions (definition_name, definition, description) VALUES ($1, $2, $3)",
            [.text(definition.name), .text(definition.dslText), definition.description.sqlValue])
    }

    static func find(name: String, on connection: SQLConnection) async throws -> TaskDefinition? {
        try await connection.query(
            "SELECT definition_name, definition, description FROM task_definitions WHERE definition_name = $1", [.text(name)]
        ).first.map(decode)
    }

    static func delete(name: String, on connection: SQLConnection) async throws -> Bool {
        try await connection.execute("DELETE FROM task_definitions WHERE definition_name = $1", [.text(name)]) == 1
    }

    /// Definitions whose DSL mentions `text` (a first cut; callers parse to be sure).
    static func mentioning(_ text: String, on connection: SQLConnection) async throws -> [TaskDefinition] {
        try await connection.query(
            "SELECT definition_name, definition, description FROM task_definitions WHERE definition LIKE $1 ESCAPE '\\' ORDER BY definition_name",
            [.text("%\(AppRegistrationStore.escapedLike(text))%")]
        ).map(decode)
    }

    static func list(filter: TaskDefinitionFilter, orderBy: String, limit: Int, offset: Int, on connection: SQLConnection)
        async throws -> (definitions: [TaskDefinition], total: Int64)
    {
        var conditions: [String] = []
        var binds: [SQLValue] = []
        for (column, value) in [("definition_name", filter.nameContains), ("definition", filter.dslTextContains), ("description", filter.descriptionContains)] {
            guard let value, !value.isEmpty else { continue }
            binds.append(.text("%\(AppRegistrationStore.escapedLike(value.lowercased()))%"))
            conditions.append("LOWER(\(column)) LIKE $\(binds.count) ESCAPE '\\'")
        }
        let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let total = try await connection.query("SELECT COUNT(*) AS N FROM task_definitions\(whereClause)", binds)[0].decode(Int64.self, "N")
        let rows = try await connection.query(
            "SELECT definition_name, definition, description FROM task_definitions\(whereClause) ORDER BY \(orderBy) LIMIT \(limit) OFFSET \(offset)",
            binds)
        return (try rows.map(decode), total)
    }

    /// Which of `names` are defined: one query per 500 names.
    static func existing(_ names: [String], on connection: SQLConnection) async throws -> Set<String> {
        var found: Set<String> = []
        for start in stride(from: 0, to: names.count, by: SQLConnection.idsPerStatement) {
            let chunk = names[start..<min(start + SQLConnection.idsPerStatement, names.count)]
            let placeholders = (1...chunk.count).map { "$\($0)" }.joined(separator: ", ")
            let rows = try await connection.query(
                "SELECT definition_name FROM task_definitions WHERE definition_name IN (\(placeholders))", chunk.map { .text($0) })
            for row in rows { found.insert(try row.decode(String.self, "definition_name")) }
        }
        return found
    }

    /// The definitions of `names` that exist: one query per 500 names.
    static func definitions(named names: [String], on connection: SQLConnection) async throws -> [TaskDefinition] {
        var found: [TaskDefinition] = []
        for start in stride(from: 0, to: names.count, by: SQLConnection.idsPerStatement) {
            let chunk = names[start..<min(start + SQLConnection.idsPerStatement, names.count)]
            let placeholders = (1...chunk.count).map { "$\($0)" }.joined(separator: ", ")
            found += try await connection.query(
                "SELECT definition_name, definition, description FROM task_definitions WHERE definition_name IN (\(placeholders))",
                chunk.map { .text($0) }
            ).map(decode)
        }
        return found
    }

    static func decode(_ row: SQLRow) throws -> TaskDefinition {
        TaskDefinition(
            name: try row.decode(String.self, "definition_name"), dslText: try row.decode(String?.self, "definition") ?? "",
            description: try row.decode(String?.self, "description"))
    }
}
