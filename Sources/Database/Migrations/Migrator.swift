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
    ///   - logger: Receives one info line per applied migration.
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
        try await pool.withConnection { connection in
            // The common case, every application start: nothing pending. A plain read says so
            // without taking the migration lock (an exclusive transaction on SQLite).
            let current = MigrationStatus(applied: try await history(connection), shipped: migrations)
            if let problem = current.problem { throw problem }
            if current.pending.isEmpty { return [] }
            if connection.dialect == .postgresql { _ = try await connection.query(MigrationHistorySQL.lock) }
            do {
                var applied: [AppliedMigration] = []
                while let next = try await applyNext(connection) { applied.append(next) }
                if connection.dialect == .postgresql { _ = try await connection.query(MigrationHistorySQL.unlock) }
                return applied
            } catch {
                if connection.dialect == .postgresql { _ = try? await connection.query(MigrationHistorySQL.unlock) }
                throw error
            }
        }
    }

    /// In one exclusive transaction: re-reads the history, validates it and applies the next pending migration.
    private func applyNext(_ connection: SQLConnection) async throws -> AppliedMigration? {
        try await connection.transaction(TransactionOptions(sqliteLock: .exclusive)) { connection in
            try await connection.execute(MigrationHistorySQL.create(connection.dialect))
            let status = MigrationStatus(applied: try await history(connection), shipped: migrations)
            if let problem = status.problem { throw problem }
            guard let migration = status.pending.first else { return nil }
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
            return record
        }
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
