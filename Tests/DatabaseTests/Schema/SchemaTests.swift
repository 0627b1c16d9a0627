import Database
import DatabaseTestSupport
import Foundation
import Testing

@Suite("The migrated schema is Spring's")
struct SchemaTests {
    /// A pool over a fresh database migrated with the shipped migrations.
    static func withMigrated<T>(
        _ database: TestDatabase, isolation: isolated (any Actor)? = #isolation, _ body: (ConnectionPool) async throws -> T
    ) async throws -> T {
        try await database.withPool { pool in
            try await Migrator(pool: pool).migrate()
            return try await body(pool)
        }
    }

    @Test("tables, columns in order, types and nullability match the reference", arguments: TestDatabase.allCases)
    func columns(_ database: TestDatabase) async throws {
        try await Self.withMigrated(database) { pool in
            try await pool.withConnection { connection in
                let inspector = SchemaInspector(connection)
                let tables = try await inspector.tables()
                var expectedTables = SpringSchema.tables.map(\.name) + ["SWIFT_BATCH_SCHEMA_HISTORY", "SB_JOB_EXECUTION_OWNER", "SB_TASK_EXECUTION_OWNER", "SB_TASK_LAUNCH", "SB_TASK_EXECUTION_COUNT", "SB_JOB_EXECUTION_COUNT", "SB_JOB_EXECUTION_HOURLY", "SB_TASK_SCHEDULE"]
                expectedTables += SpringSchema.dataflowTables.map(\.name)
                if database == .sqlite { expectedTables += SpringSchema.sequences + SpringSchema.dataflowSequences }
                #expect(tables == expectedTables.sorted())
                for table in SpringSchema.tables {
                    let actual = try await inspector.columns(of: table.name)
                    #expect(actual.map(\.name) == table.columns.map(\.name), "column order of \(table.name)")
                    for (column, expected) in zip(actual, table.columns) {
                        #expect(column.type == expected.type(database.dialect), "type of \(table.name).\(column.name)")
                        #expect(column.nullable == expected.nullable, "nullability of \(table.name).\(column.name)")
                    }
                }
                for table in SpringSchema.dataflowTables {
                    #expect(try await inspector.columns(of: table.name).map(\.name) == table.columns, "columns of Data Flow's \(table.name)")
                }
            }
        }
    }

    @Test("constraint names match the reference", arguments: TestDatabase.allCases)
    func constraints(_ database: TestDatabase) async throws {
        try await Self.withMigrated(database) { pool in
            try await pool.withConnection { connection in
                let inspector = SchemaInspector(connection)
                for table in SpringSchema.tables {
                    var expected = table.constraints
                    // Spring's PostgreSQL DDL leaves inline primary keys unnamed: the server names them <table>_pkey.
                    if database == .postgresql, table.inlinePrimaryKey { expected.append("\(table.name)_PKEY") }
                    #expect(try await inspector.constraintNames(of: table.name) == expected.sorted(), "\(table.name)")
                }
                let keys = try await inspector.columns(of: "TASK_LOCK").filter(\.primaryKey).map(\.name)
                #expect(keys.sorted() == ["LOCK_KEY", "REGION"])
            }
        }
    }

    @Test("id sequences: PostgreSQL sequences up to Int64.max without cycling, SQLite *_SEQ tables", arguments: TestDatabase.allCases)
    func sequences(_ database: TestDatabase) async throws {
        try await Self.withMigrated(database) { pool in
            try await pool.withConnection { connection in
                let sequences = try await SchemaInspector(connection).sequences()
                let expected = SpringSchema.sequences + SpringSchema.dataflowSequences
                #expect(sequences.map(\.name) == expected.sorted())
                switch database {
                case .postgresql:
                    #expect(sequences.allSatisfy { $0.maximum == Int64.max && !$0.cycles })
                case .sqlite:
                    for name in SpringSchema.sequences + SpringSchema.dataflowSequences {
                        let columns = try await SchemaInspector(connection).columns(of: name)
                        #expect(columns.map(\.name) == ["ID"] && columns.first?.type == "INTEGER" && columns.first?.primaryKey == true)
                    }
                }
            }
        }
    }

    @Test("versions 2, 5, 6, 7, 10, 12 and 13 index the lookups the reference names", arguments: TestDatabase.allCases)
    func indexes(_ database: TestDatabase) async throws {
        try await Self.withMigrated(database) { pool in
            try await pool.withConnection { connection in
                let indexes = try await SchemaInspector(connection).indexes()
                for (table, columns) in SpringSchema.indexes {
                    #expect(indexes.contains { $0.table == table && $0.columns == columns }, "index on \(table)(\(columns))")
                }
                #expect(indexes.count == SpringSchema.indexes.count)
                #expect(indexes.allSatisfy { $0.name.hasPrefix("SB_") }, "our index names cannot clash with a DBA's")
            }
        }
    }

    @Test("Spring's own DAO statements run unchanged on the schema", arguments: TestDatabase.allCases)
    func springStatements(_ database: TestDatabase) async throws {
        try await Self.withMigrated(database) { pool in
            try await pool.transaction { connection in
                let ids = try await SpringStatements.nextIDs(connection)
                try await SpringStatements.writeJobStory(connection, ids: ids)
                let rows = try await connection.query(SpringStatements.findExecutions, ["importJob"])
                #expect(rows.count == 1)
                let row = try #require(rows.first)
                #expect(try row.decode(String.self, "STATUS") == "COMPLETED")
                #expect(try row.decode(Int64.self, "VERSION") == 2)
                #expect(try row.decode(Int64.self, "JOB_INSTANCE_ID") == ids.instance)
                let parameters = try await connection.query(
                    "SELECT PARAMETER_NAME, PARAMETER_TYPE, PARAMETER_VALUE, IDENTIFYING FROM BATCH_JOB_EXECUTION_PARAMS WHERE JOB_EXECUTION_ID = $1",
                    [.int(ids.execution)])
                #expect(try parameters.first?.decode(String.self, "PARAMETER_TYPE") == "java.lang.Long")
                #expect(try parameters.first?.decode(String.self, "IDENTIFYING") == "Y")
                let task = try await connection.query("SELECT TASK_NAME, EXIT_CODE FROM TASK_EXECUTION WHERE TASK_EXECUTION_ID = $1", [.int(ids.task)])
                #expect(try task.first?.decode(String.self, "TASK_NAME") == "importTask")
                #expect(try task.first?.decode(Int?.self, "EXIT_CODE") == 0)
                // A second id from each generator is larger: the generators hand out ids as Spring's do.
                let next = try await SpringStatements.nextIDs(connection)
                #expect(next.instance > ids.instance && next.execution > ids.execution && next.step > ids.step && next.task > ids.task)
            }
        }
    }
}
