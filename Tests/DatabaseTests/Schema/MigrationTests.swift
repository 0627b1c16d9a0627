import Database
import DatabaseTestSupport
import Foundation
import Testing

@Suite("Migrations")
struct MigrationTests {
    static func migration(_ version: Int, _ name: String, _ sql: String) throws -> Migration {
        try Migration(script: "V\(version)__\(name).sql", sql: sql)
    }

    static func tableExists(_ connection: SQLConnection, _ name: String) async throws -> Bool {
        try await SchemaInspector(connection).tables().contains(name)
    }

    @Test("both dialects ship the same versions with the same names")
    func dialectsInStep() throws {
        let sqlite = try Migration.bundled(for: .sqlite)
        let postgres = try Migration.bundled(for: .postgresql)
        #expect(sqlite.map(\.script) == postgres.map(\.script))
        #expect(sqlite.map(\.version) == Array(1...sqlite.count))
        #expect(sqlite.first?.script == "V1__batch_and_task_schema.sql")
        #expect(sqlite.count >= 2)
    }

    @Test("version numbers must run without gaps or duplicates; file names must be V<n>__<name>.sql")
    func ordering() throws {
        let gap = #expect(throws: DatabaseError.self) {
            try Migration.ordered([try Self.migration(1, "a", ""), try Self.migration(3, "c", "")])
        }
        #expect(gap?.code == .migrationFailed)
        let duplicate = #expect(throws: DatabaseError.self) {
            try Migration.ordered([try Self.migration(1, "a", ""), try Self.migration(1, "b", "")])
        }
        #expect(duplicate?.code == .migrationFailed)
        let badName = #expect(throws: DatabaseError.self) { try Migration(script: "1_init.sql", sql: "") }
        #expect(badName?.message.contains("V<number>__<description>.sql") == true)
        #expect(try Migration(script: "V12__add_things.sql", sql: "x").description == "add things")
        #expect(try Migration(script: "V1__a.sql", sql: "A\r\nB").checksum == Migration(script: "V1__a.sql", sql: "A\nB").checksum)
    }

    @Test("migrating applies every version once; migrating again is a no-op", arguments: TestDatabase.allCases)
    func idempotent(_ database: TestDatabase) async throws {
        try await database.withPool { pool in
            let migrator = try Migrator(pool: pool)
            let before = try await migrator.status()
            #expect(before.currentVersion == nil)
            #expect(before.pending.count == migrator.migrations.count)
            let first = try await migrator.migrate()
            #expect(first.map(\.version) == migrator.migrations.map(\.version))
            let second = try await migrator.migrate()
            #expect(second.isEmpty)
            let status = try await migrator.status()
            #expect(status.isUpToDate)
            #expect(status.applied.map(\.checksum) == migrator.migrations.map(\.checksum))
            #expect(status.problem == nil)
        }
    }

    @Test("an applied file that changed is refused, and nothing runs", arguments: TestDatabase.allCases)
    func changedFile(_ database: TestDatabase) async throws {
        try await database.withPool { pool in
            try await Migrator(pool: pool, migrations: [try Self.migration(1, "one", "CREATE TABLE ONE (ID INTEGER)")]).migrate()
            let edited = try Migrator(
                pool: pool,
                migrations: [
                    try Self.migration(1, "one", "CREATE TABLE ONE (ID INTEGER, NAME VARCHAR(10))"),
                    try Self.migration(2, "two", "CREATE TABLE TWO (ID INTEGER)"),
                ])
            let error = await #expect(throws: DatabaseError.self) { try await edited.migrate() }
            #expect(error?.code == .checksumMismatch)
            #expect(error?.message.contains("V1__one.sql was changed after it was applied") == true)
            #expect(error?.hint?.contains("new version") == true)
            let status = try await edited.status()
            #expect(status.changed.map(\.shipped.version) == [1])
            #expect(try await pool.withConnection { try await Self.tableExists($0, "TWO") } == false)
        }
    }

    @Test("a database migrated by a newer build is refused", arguments: TestDatabase.allCases)
    func newerDatabase(_ database: TestDatabase) async throws {
        try await database.withPool { pool in
            let one = try Self.migration(1, "one", "CREATE TABLE ONE (ID INTEGER)")
            try await Migrator(pool: pool, migrations: [one, try Self.migration(2, "two", "CREATE TABLE TWO (ID INTEGER)")]).migrate()
            let error = await #expect(throws: DatabaseError.self) { try await Migrator(pool: pool, migrations: [one]).migrate() }
            #expect(error?.code == .checksumMismatch)
            #expect(error?.message.contains("schema version 2") == true)
        }
    }

    @Test("a failing migration rolls back and leaves the previous version", arguments: TestDatabase.allCases)
    func failingMigration(_ database: TestDatabase) async throws {
        try await database.withPool { pool in
            let migrator = try Migrator(
                pool: pool,
                migrations: [
                    try Self.migration(1, "one", "CREATE TABLE ONE (ID INTEGER)"),
                    try Self.migration(2, "broken", "CREATE TABLE HALF (ID INTEGER); CREATE TABLE ONE (ID INTEGER)"),
                ])
            let error = await #expect(throws: DatabaseError.self) { try await migrator.migrate() }
            #expect(error?.code == .migrationFailed)
            #expect(error?.message.contains("V2__broken.sql failed") == true)
            #expect(error?.hint?.contains("stays at version 1") == true)
            let status = try await migrator.status()
            #expect(status.currentVersion == 1)
            #expect(try await pool.withConnection { try await Self.tableExists($0, "HALF") } == false)
        }
    }

    @Test("concurrent migrators apply each version exactly once", arguments: TestDatabase.allCases)
    func concurrent(_ database: TestDatabase) async throws {
        try await database.withIsolatedURL { url in
            let applied = try await withThrowingTaskGroup(of: [Int].self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        // Four processes' worth of exclusive migrations queue for SQLite's write lock; on a
                        // loaded two-core machine the last may wait well past the default 10 s (a hang guard, not a wait).
                        let configuration = ConnectionPool.Configuration(maximumConnections: 1, busyTimeout: .seconds(120))
                        return try await ConnectionPool.withPool(url: url, configuration: configuration) { pool in
                            try await Migrator(pool: pool).migrate().map(\.version)
                        }
                    }
                }
                return try await group.reduce(into: [Int]()) { $0 += $1 }
            }
            let shipped = try Migration.bundled(for: database.dialect).map(\.version)
            #expect(applied.sorted() == shipped)
            let recorded = try await ConnectionPool.withPool(url: url) { pool in
                try await Migrator(pool: pool).status().applied.map(\.version)
            }
            #expect(recorded == shipped)
        }
    }
}
