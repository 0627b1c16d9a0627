import Database
import DatabaseTestSupport
import Foundation
import Testing

@Suite("dataflow db migrate and db info")
struct MigrateCommandTests {
    /// The newest bundled schema version.
    let latest = (try? Migration.bundled(for: .sqlite).count) ?? 0

    @Test("migrate builds the schema on SQLite; again is a no-op; info shows versions and row counts")
    func sqlite() async throws {
        try await withTemporaryDirectory { directory in
            let url = "sqlite:\(directory.path)/repo.db"
            let first = try await CLI.run(["db", "migrate", "--db", url])
            #expect(first.status == 0, "\(first)")
            #expect(first.stdout.contains("Applied V1__batch_and_task_schema.sql"))
            #expect(first.stdout.contains("Applied V2__indexes.sql"))
            #expect(first.stderr.isEmpty, "\(first)")

            let second = try await CLI.run(["db", "migrate", "--db", url])
            #expect(second.status == 0)
            #expect(second.stdout.contains("Schema is up to date at version \(latest); nothing to apply."), "\(second)")
            #expect(!second.stdout.contains("Applied"))

            let info = try await CLI.run(["db", "info", "--db", url])
            #expect(info.status == 0, "\(info)")
            #expect(info.stdout.contains("version \(latest) of \(latest) (up to date)"), "\(info)")
            #expect(info.stdout.contains("Pending:   none"))
            for table in ["BATCH_JOB_INSTANCE", "BATCH_STEP_EXECUTION_CONTEXT", "TASK_LOCK", "SWIFT_BATCH_SCHEMA_HISTORY"] {
                #expect(info.stdout.contains(table), "info lists \(table)")
            }

            let json = try await CLI.run(["db", "info", "--json", "--db", url])
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            #expect(object["currentVersion"] as? Int == latest)
            #expect(object["upToDate"] as? Bool == true)
            let tables = try #require(object["tables"] as? [String: Int])
            #expect(tables["SWIFT_BATCH_SCHEMA_HISTORY"] == latest)
            #expect(tables["BATCH_JOB_EXECUTION"] == 0)
            #expect(tables["SB_TASK_EXECUTION_OWNER"] == 0, "swift-batch's own tables are counted too")
        }
    }

    @Test("migrate builds the schema on PostgreSQL; info shows it; again is a no-op")
    func postgres() async throws {
        try await TestDatabase.postgresql.withIsolatedURLText { url in
            let first = try await CLI.run(["db", "migrate", "--db", url])
            #expect(first.status == 0, "\(first)")
            #expect(first.stdout.contains("PostgreSQL 15") || first.stdout.contains("PostgreSQL 1"), "\(first)")
            #expect(first.stdout.contains("Applied V2__indexes.sql"))
            #expect(!first.stdout.contains(try TestDatabase.postgresSettings().password ?? "\u{0}"), "the password is never printed")
            let second = try await CLI.run(["db", "migrate", "--db", url])
            #expect(second.stdout.contains("nothing to apply"), "\(second)")
            let info = try await CLI.run(["db", "info", "--db", url])
            #expect(info.status == 0, "\(info)")
            #expect(info.stdout.contains("version \(latest) of \(latest) (up to date)"))
            let tables = try await TestDatabase.connect(DatabaseURL(url)) { try await SchemaInspector($0).tables() }
            #expect(tables.contains("BATCH_JOB_INSTANCE") && tables.contains("TASK_EXECUTION"))
        }
    }

    @Test("the schema migrate builds is the same on both databases, table by table, column by column")
    func identicalSchemas() async throws {
        try await withTemporaryDirectory { directory in
            try await TestDatabase.postgresql.withIsolatedURLText { postgresURL in
                let sqliteURL = "sqlite:\(directory.path)/same.db"
                for url in [sqliteURL, postgresURL] {
                    let outcome = try await CLI.run(["db", "migrate", "--db", url])
                    #expect(outcome.status == 0, "\(outcome)")
                }
                typealias Shape = [String: [String]]
                func shape(_ url: String) async throws -> Shape {
                    try await TestDatabase.connect(DatabaseURL(url)) { connection in
                        let inspector = SchemaInspector(connection)
                        var result: Shape = [:]
                        for table in try await inspector.tables() where !table.hasSuffix("_SEQ") && table != "HIBERNATE_SEQUENCE" {
                            result[table] = try await inspector.columns(of: table).map { "\($0.name) null=\($0.nullable)" }
                        }
                        for sequence in try await inspector.sequences() { result[sequence.name] = ["sequence"] }
                        return result
                    }
                }
                let sqlite = try await shape(sqliteURL)
                let postgres = try await shape(postgresURL)
                #expect(sqlite == postgres)
                #expect(sqlite.count == 29, "Spring's tables and sequences, our history table, the two owner tables, the launch table, the task and job execution counts, the hourly job execution counts, the schedules and Data Flow's five tables and two sequences")
            }
        }
    }

    @Test("two processes migrating the same database at once: both succeed, each version applied once")
    func twoProcesses() async throws {
        try await withTemporaryDirectory { directory in
            try await TestDatabase.postgresql.withIsolatedURLText { postgresURL in
                for url in ["sqlite:\(directory.path)/race.db", postgresURL] {
                    async let first = CLI.run(["db", "migrate", "--db", url])
                    async let second = CLI.run(["db", "migrate", "--db", url])
                    let outcomes = try await [first, second]
                    #expect(outcomes.allSatisfy { $0.status == 0 }, "\(outcomes)")
                    let applied = outcomes.map { $0.stdout.components(separatedBy: "Applied ").count - 1 }.reduce(0, +)
                    #expect(applied == latest, "\(outcomes)")
                    let history = try await TestDatabase.connect(DatabaseURL(url)) {
                        try await $0.query("SELECT count(*) FROM SWIFT_BATCH_SCHEMA_HISTORY").first!.decode(Int64.self, at: 0)
                    }
                    #expect(history == Int64(latest))
                }
            }
        }
    }

    @Test("without --db: SPRING_DATASOURCE_* settings, then ./dataflow.db")
    func fallbacks() async throws {
        let server = try TestDatabase.postgresSettings()
        try await TestDatabase.postgresql.withIsolatedURLText { url in
            guard case .postgres(let isolated) = try DatabaseURL(url).location, let schema = isolated.schema else {
                throw TestSetupError("no schema in \(url)")
            }
            let jdbc = "jdbc:postgresql://\(server.host):\(server.port)/\(server.database ?? "postgres")?currentSchema=\(schema)"
            let environment = [
                "SPRING_DATASOURCE_URL": jdbc, "SPRING_DATASOURCE_USERNAME": server.user ?? "postgres",
                "SPRING_DATASOURCE_PASSWORD": server.password ?? "",
            ]
            let outcome = try await CLI.run(["db", "migrate"], environment: environment)
            #expect(outcome.status == 0, "\(outcome)")
            #expect(outcome.stdout.contains("Applied V1__batch_and_task_schema.sql"))

            // The same settings as Spring arguments; the environment URL is ignored when one is given.
            let arguments = try await CLI.run(
                ["db", "info", "--spring.datasource.url=\(jdbc)", "--spring.datasource.username", server.user ?? "postgres",
                 "--spring.datasource.password=\(server.password ?? "")"],
                environment: ["SPRING_DATASOURCE_URL": "jdbc:postgresql://127.0.0.1:1/nowhere"])
            #expect(arguments.status == 0, "\(arguments)")
            #expect(arguments.stdout.contains("up to date"))
        }
        try await withTemporaryDirectory { directory in
            let outcome = try await CLI.run(["db", "migrate"], in: directory)
            #expect(outcome.status == 0, "\(outcome)")
            #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("dataflow.db").path))
        }
    }
}
