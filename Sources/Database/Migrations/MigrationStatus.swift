/// Where a database stands against the migrations this build ships.
public struct MigrationStatus: Sendable {
    /// What the history table says was applied, in version order.
    public let applied: [AppliedMigration]
    /// Shipped migrations not yet applied, in version order.
    public let pending: [Migration]
    /// Applied migrations whose file has changed since: (what was applied, what ships now).
    public let changed: [(applied: AppliedMigration, shipped: Migration)]
    /// Applied migrations this build does not know: the database was migrated by a newer swift-batch.
    public let unknown: [AppliedMigration]
    /// The highest version this build ships.
    public let latestVersion: Int

    /// The highest applied version, or nil for a database without our schema.
    public var currentVersion: Int? { applied.last?.version }

    /// Whether every shipped migration is applied and none has changed.
    public var isUpToDate: Bool { pending.isEmpty && changed.isEmpty && unknown.isEmpty }

    init(applied: [AppliedMigration], shipped: [Migration]) {
        self.applied = applied
        self.latestVersion = shipped.map(\.version).max() ?? 0
        let appliedByVersion = Dictionary(applied.map { ($0.version, $0) }, uniquingKeysWith: { first, _ in first })
        let shippedVersions = Set(shipped.map(\.version))
        pending = shipped.filter { appliedByVersion[$0.version] == nil }
        changed = shipped.compactMap { migration in
            guard let record = appliedByVersion[migration.version], record.checksum != migration.checksum else {
                return nil
            }
            return (record, migration)
        }
        unknown = applied.filter { !shippedVersions.contains($0.version) }
    }

    /// The error that forbids migrating, if any: a changed file or a database newer than this build.
    public var problem: DatabaseError? {
        if let (applied, shipped) = changed.first {
            return DatabaseError(
                .checksumMismatch,
                "migration \(shipped.script) was changed after it was applied to this database (applied checksum \(applied.checksum.prefix(12))…, file checksum \(shipped.checksum.prefix(12))…)",
                hint: "applied migrations must never be edited: restore the original file and put the change in a new version")
        }
        if let newest = unknown.last {
            return DatabaseError(
                .checksumMismatch,
                "the database is at schema version \(newest.version) (\(newest.script)) but this build knows versions up to \(latestVersion)",
                hint: "use the swift-batch version that migrated this database, or a newer one")
        }
        return nil
    }
}
