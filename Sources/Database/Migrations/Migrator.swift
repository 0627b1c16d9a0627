import Foundation
import Logging

/// Brings a database's schema to the version this build ships, safely from several
/// processes at once.
///
/// Each migration runs in its own transaction together with its history row, so a
/// failed migration leaves the database at the previous version. Before anything runs,
/// the applied migrations are checked against the shipped files: a changed file or a
/// database migrated by a newer build is refused. Concurrent migrators serialise on a
/// PostgreSQL advisory lock (one per schema) or on SQLite's exclusive transaction lock,
/// and the history is re-read under the lock, so each version is applied exactly once.
///
/// ```swift
/// let applied = try await Migrator(pool: pool).migrate()
/// ```
///
/// ``migrateReporting()`` does the same and also says what the owner of the database should
/// hear of: an existing SQLite file switched to WAL, or swift-batch's tables added to a
/// database that already holds another program's.
public struct Migrator: Sendable {
    /// The database.
    public let pool: ConnectionPool
    /// The migrations to apply, in version order.
    public let migrations: [Migration]
    private let logger: Logger

    /// Creates a migrator.
    /// - Parameters:
    ///   - pool: The database.
    ///   - migrations: The migrations; nil means the ones this build ships for the pool's dialect.
    ///   - logger: Receives one info line per applied migration, and a warning for each notice
    ///     of ``migrateReporting()`` that the migrator raises itself.
    /// - Throws: ``DatabaseError/Code/migrationFailed`` when the migrations are missing or have gaps.
    public init(pool: ConnectionPool, migrations: [Migration]? = nil, logger: Logger? = nil) throws(DatabaseError) {
        self.pool = pool
        if let migrations {
            self.migrations = try Migration.ordered(migrations)
        } else {
            self.migrations = try Migration.bundled(for: pool.dialect)
        }
        self.logger = logger ?? pool.logger
    }

    /// Reads the history without changing anything.
    /// - Throws: ``DatabaseError`` when the database cannot be read.
    public func status() async throws -> MigrationStatus {
        try await pool.withConnection { connection in
            MigrationStatus(applied: try await history(connection), shipped: migrations)
        }
    }

    /// Applies every pending migration in order.
    /// - Returns: The migrations applied by this call (empty when the schema was up to date).
    /// - Throws: ``DatabaseError/Code/checksumMismatch`` when an applied file changed or the database is newer;
    ///   ``DatabaseError/Code/migrationFailed`` when a script fails (its transaction is rolled back).
    @discardableResult
    public func migrate() async throws -> [AppliedMigration] {
        try await migrateReporting().applied
    }

    /// Applies every pending migration in order, like ``migrate()``, and reports what the owner
    /// of the database should hear of.
    ///
    /// The notices are the pool's ``ConnectionPool/notices`` (such as an existing SQLite file
    /// switched to WAL journal mode), then, when this call applied the first migration to a
    /// database that already holds tables other than `BATCH_*`, `TASK_*`, `SB_*` and
    /// `SWIFT_BATCH_*`: `sqlite:/data/app.db already holds 2 tables of another program (customers,
    /// orders); added swift-batch's metadata tables (BATCH_*, TASK_*, SB_*) beside them`.
    /// - Returns: The migrations applied by this call and the notices, one printable line each.
    /// - Throws: The errors of ``migrate()``.
    public func migrateReporting() async throws -> MigrationReport {
        let (applied, notices) = try await pool.withConnection { connection -> ([AppliedMigration], [String]) in
            // The common case, every application start: nothing pending. A plain read says so
            // without taking the migration lock (an exclusive transaction on SQLite).
            let current = MigrationStatus(applied: try await history(connection), shipped: migrations)
            if let problem = current.problem { throw problem }
            if current.pending.isEmpty { return ([], []) }
            if connection.dialect == .postgresql { _ = try await connection.query(MigrationHistorySQL.lock) }
            do {
                var applied: [AppliedMigration] = []
                var notices: [String] = []
                while let (next, notice) = try await applyNext(connection) {
                    applied.append(next)
                    if let notice {
                        logger.warning("\(notice)")
                        notices.append(notice)
                    }
                }
                if connection.dialect == .postgresql { _ = try await connection.query(MigrationHistorySQL.unlock) }
                return (applied, notices)
            } catch {
                if connection.dialect == .postgresql { _ = try? await connection.query(MigrationHistorySQL.unlock) }
                throw error
            }
        }
        return MigrationReport(applied: applied, notices: pool.notices + notices)
    }

    /// In one exclusive transaction: re-reads the history, validates it and applies the next
    /// pending migration; with a notice when it is the first one and other programs' tables are there.
    private func applyNext(_ connection: SQLConnection) async throws -> (AppliedMigration, notice: String?)? {
        try await connection.transaction(TransactionOptions(sqliteLock: .exclusive)) { connection in
            try await connection.execute(MigrationHistorySQL.create(connection.dialect))
            let status = MigrationStatus(applied: try await history(connection), shipped: migrations)
            if let problem = status.problem { throw problem }
            guard let migration = status.pending.first else { return nil }
            let notice = status.applied.isEmpty ? try await foreignTablesNotice(connection) : nil
            let clock = ContinuousClock()
            let started = clock.now
            do {
                try await connection.executeScript(migration.sql)
            } catch let error as DatabaseError {
                throw DatabaseError(
                    .migrationFailed, "migration \(migration.script) failed: \(error.message)",
                    driverCode: error.driverCode, detail: error.detail,
                    hint: "its transaction was rolled back; the schema stays at version \(status.currentVersion ?? 0)",
                    statement: error.statement, cause: error)
            }
            let elapsed = started.duration(to: clock.now)
            let milliseconds = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
            let record = AppliedMigration(
                version: migration.version, description: migration.description, script: migration.script,
                checksum: migration.checksum, installedOn: Date(), executionMilliseconds: milliseconds)
            try await connection.execute(
                MigrationHistorySQL.insert,
                [.int(Int64(record.version)), .text(record.description), .text(record.script), .text(record.checksum),
                 .date(record.installedOn), .int(record.executionMilliseconds), .text("swift-batch")])
            logger.info(
                "applied migration",
                metadata: ["db.migration.script": "\(migration.script)", "db.migration.ms": "\(milliseconds)"])
            return (record, notice)
        }
    }

    /// The notice naming the tables of other programs in the database, or nil when there are none.
    private func foreignTablesNotice(_ connection: SQLConnection) async throws -> String? {
        let tables = try await connection.query(ForeignTables.list(connection.dialect)).map { try $0.decode(String.self, at: 0) }
        let foreign = ForeignTables.foreign(tables)
        guard !foreign.isEmpty else { return nil }
        return ForeignTables.notice(database: ForeignTables.name(pool.url), tables: foreign)
    }

    private func history(_ connection: SQLConnection) async throws -> [AppliedMigration] {
        let exists = try await connection.query(MigrationHistorySQL.exists(connection.dialect))
        guard try exists.first?.decode(Int64.self, at: 0) ?? 0 > 0 else { return [] }
        return try await connection.query(MigrationHistorySQL.select).map { row in
            AppliedMigration(
                version: try row.decode(Int.self, "VERSION"), description: try row.decode(String.self, "DESCRIPTION"),
                script: try row.decode(String.self, "SCRIPT"), checksum: try row.decode(String.self, "CHECKSUM"),
                installedOn: try row.decode(Date.self, "INSTALLED_ON"),
                executionMilliseconds: try row.decode(Int64.self, "EXECUTION_MS"))
        }
    }
}
