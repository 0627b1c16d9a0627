import ArgumentParser
import Database
import Foundation

/// `dataflow db`: the metadata schema.
struct DatabaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Create, upgrade and inspect the metadata schema (Spring Batch 5 and Spring Cloud Task 3 tables).",
        subcommands: [MigrateCommand.self, InfoCommand.self]
    )
}

/// `dataflow db migrate`.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply the pending schema migrations; safe to run again and from several processes at once."
    )

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await database.withPool { pool in
            let version = try await pool.withConnection { $0.serverVersion }
            print("Migrating \(pool.url) (\(version))")
            let migrator = try Migrator(pool: pool)
            let report = try await migrator.migrateReporting()
            let applied = report.applied
            for notice in report.notices { print("Note: \(notice)") }
            for migration in applied {
                print("Applied \(migration.script) (\(migration.executionMilliseconds) ms)")
            }
            let latest = migrator.migrations.last?.version ?? 0
            print(applied.isEmpty
                ? "Schema is up to date at version \(latest); nothing to apply."
                : "Schema is at version \(latest).")
        }
    }
}
