import Foundation

/// What ``Migrator/migrateReporting()`` did: the migrations it applied, and what the owner of
/// the database should hear of because the database was not swift-batch's alone.
///
/// ```swift
/// let report = try await Migrator(pool: pool).migrateReporting()
/// for notice in report.notices { print("note: \(notice)") }
/// ```
public struct MigrationReport: Sendable, Hashable {
    /// The migrations applied by this call, in version order (empty when the schema was up to date).
    public let applied: [AppliedMigration]
    /// One line each, ready to print, saying what happened, to which database, and what it means:
    /// the pool's ``ConnectionPool/notices`` (an existing SQLite file switched to WAL journal
    /// mode), then, when this call created swift-batch's tables in a database that already held
    /// tables of another program, a line naming them. Empty when there is nothing to say.
    public let notices: [String]

    /// Creates a report.
    /// - Parameters:
    ///   - applied: The migrations applied.
    ///   - notices: The lines to show.
    public init(applied: [AppliedMigration], notices: [String]) {
        self.applied = applied
        self.notices = notices
    }
}

/// Tables of other programs in the database swift-batch migrates: the SQL that lists tables, and
/// which names are swift-batch's (or Spring's, which share its schema).
enum ForeignTables {
    /// The prefixes of the tables of swift-batch, Spring Batch and Spring Cloud Task.
    static let ownPrefixes = ["BATCH_", "TASK_", "SB_", "SWIFT_BATCH_"]

    /// Lists the tables of the database (SQLite) or of the current schema (PostgreSQL).
    static func list(_ dialect: SQLDialect) -> String {
        switch dialect {
        case .sqlite: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
        case .postgresql:
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name"
        }
    }

    /// The names among `tables` that belong to another program: neither ours nor SQLite's own (`sqlite_*`).
    static func foreign(_ tables: [String]) -> [String] {
        tables.filter { table in
            let name = table.uppercased()
            return !name.hasPrefix("SQLITE_") && !ownPrefixes.contains { name.hasPrefix($0) }
        }
    }

    /// The notice that swift-batch's tables were added beside `tables` in `database`.
    static func notice(database: String, tables: [String]) -> String {
        let shown = tables.prefix(5).joined(separator: ", ") + (tables.count > 5 ? ", ..." : "")
        let noun = tables.count == 1 ? "table" : "tables"
        return "\(database) already holds \(tables.count) \(noun) of another program (\(shown)); added swift-batch's metadata tables (BATCH_*, TASK_*, SB_*) beside them"
    }

    /// How a notice names the database: `sqlite:` and the absolute path for a file, else the URL (password hidden).
    static func name(_ url: DatabaseURL) -> String {
        guard case .sqliteFile(let path) = url.location else { return url.description }
        return "sqlite:" + URL(fileURLWithPath: path).standardizedFileURL.path
    }
}
