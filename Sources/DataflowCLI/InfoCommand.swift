import ArgumentParser
import Database
import Foundation

/// `dataflow db info`.
struct InfoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Show applied and pending schema versions and the row count of each metadata table.",
        discussion: "Exits with 1 when an applied migration was changed or the database is newer than this build."
    )

    @OptionGroup var database: DatabaseOptions

    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false

    func run() async throws {
        let report = try await database.withPool(createIfMissing: false) { pool in
            let migrator = try Migrator(pool: pool)
            let status = try await migrator.status()
            return try await pool.withConnection { connection in
                let inspector = SchemaInspector(connection)
                var counts: [(String, Int64)] = []
                for table in try await inspector.tables() where Self.isMetadataTable(table) {
                    counts.append((table, try await inspector.rowCount(of: table)))
                }
                return InfoReport(
                    url: pool.url.description, server: connection.serverVersion, status: status, tables: counts)
            }
        }
        print(json ? report.json() : report.text())
        if let problem = report.status.problem {
            throw problem
        }
    }

    static func isMetadataTable(_ name: String) -> Bool {
        name.hasPrefix("BATCH_") || name.hasPrefix("TASK_") || name.hasPrefix("SWIFT_BATCH_") || name.hasPrefix("SB_")
    }
}
