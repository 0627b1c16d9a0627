import Crypto
import Foundation

/// One numbered schema change: a file `V<version>__<description>.sql` shipped for each dialect.
public struct Migration: Sendable, Hashable {
    /// The version this migration brings the schema to; versions run 1, 2, 3, ... without gaps.
    public let version: Int
    /// The description from the file name, with underscores as spaces.
    public let description: String
    /// The file name.
    public let script: String
    /// The SQL to run.
    public let sql: String
    /// SHA-256 of the SQL (line endings normalised to `\n`), hex: what the history table records.
    public let checksum: String

    /// Creates a migration from a file's name and contents.
    /// - Throws: ``DatabaseError/Code/migrationFailed`` when the name is not `V<number>__<description>.sql`.
    public init(script: String, sql: String) throws(DatabaseError) {
        guard script.hasPrefix("V"), script.hasSuffix(".sql"), let separator = script.range(of: "__"),
            let version = Int(script[script.index(after: script.startIndex)..<separator.lowerBound]), version > 0
        else {
            throw DatabaseError(
                .migrationFailed, "migration file name '\(script)' is not of the form V<number>__<description>.sql")
        }
        self.version = version
        self.script = script
        self.description = script[separator.upperBound..<script.index(script.endIndex, offsetBy: -4)]
            .replacingOccurrences(of: "_", with: " ")
        self.sql = sql
        self.checksum = Self.checksum(of: sql)
    }

    /// The checksum recorded for `sql`.
    public static func checksum(of sql: String) -> String {
        let normalised = sql.replacingOccurrences(of: "\r\n", with: "\n")
        // Hex by table: `String(format:)` per byte cost milliseconds at every start on Linux.
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        for byte in SHA256.hash(data: Data(normalised.utf8)) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    /// The migrations this build ships for `dialect`, in version order.
    /// - Throws: ``DatabaseError/Code/migrationFailed`` when the resources are missing or the versions have gaps.
    public static func bundled(for dialect: SQLDialect) throws(DatabaseError) -> [Migration] {
        guard let folder = Bundle.module.resourceURL?.appendingPathComponent(dialect.rawValue),
            let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path)
        else {
            throw DatabaseError(
                .migrationFailed, "the \(dialect) migration scripts are missing from the swift-batch resources",
                hint: "ship the swift-batch_Database.resources folder next to the executable")
        }
        var migrations: [Migration] = []
        for name in names where name.hasSuffix(".sql") {
            guard let sql = try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8) else {
                throw DatabaseError(.migrationFailed, "cannot read migration \(name) from \(folder.path)")
            }
            migrations.append(try Migration(script: name, sql: sql))
        }
        return try ordered(migrations)
    }

    /// Sorts migrations by version and checks that the versions are 1, 2, ... without gaps or duplicates.
    public static func ordered(_ migrations: [Migration]) throws(DatabaseError) -> [Migration] {
        let sorted = migrations.sorted { $0.version < $1.version }
        for (index, migration) in sorted.enumerated() where migration.version != index + 1 {
            throw DatabaseError(
                .migrationFailed,
                "migration versions must run 1, 2, 3, ... without gaps or duplicates; found \(migration.script) at position \(index + 1)")
        }
        return sorted
    }
}

/// A migration as the history table records it.
public struct AppliedMigration: Sendable, Hashable {
    /// The version.
    public let version: Int
    /// The description.
    public let description: String
    /// The file name.
    public let script: String
    /// The checksum of the SQL that was run.
    public let checksum: String
    /// When it was applied.
    public let installedOn: Date
    /// How long it ran, in milliseconds.
    public let executionMilliseconds: Int64
}
