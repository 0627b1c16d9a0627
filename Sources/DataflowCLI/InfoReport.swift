import Database
import Foundation

/// What `dataflow db info` shows.
struct InfoReport {
    let url: String
    let server: String
    let status: MigrationStatus
    let tables: [(String, Int64)]

    private static let timestamp: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss'Z'"
        return formatter
    }()

    var versionLine: String {
        let latest = status.latestVersion
        guard let current = status.currentVersion else {
            return "no swift-batch schema (\(status.pending.count) migration(s) pending; run 'dataflow db migrate')"
        }
        if status.problem != nil { return "version \(current): NOT VALID for this build" }
        return status.pending.isEmpty
            ? "version \(current) of \(latest) (up to date)"
            : "version \(current) of \(latest) (\(status.pending.count) pending; run 'dataflow db migrate')"
    }

    func text() -> String {
        var lines = ["Database:  \(url) (\(server))", "Schema:    \(versionLine)"]
        if !status.applied.isEmpty {
            lines.append("Applied:")
            for migration in status.applied {
                let description = migration.description.padding(toLength: 26, withPad: " ", startingAt: 0)
                lines.append(
                    "  V\(migration.version)  \(description)  \(Self.timestamp.string(from: migration.installedOn))  \(String(format: "%6d", migration.executionMilliseconds)) ms  sha256 \(migration.checksum.prefix(12))")
            }
        }
        lines.append("Pending:   " + (status.pending.isEmpty ? "none" : status.pending.map(\.script).joined(separator: ", ")))
        for (applied, shipped) in status.changed {
            lines.append("Changed:   \(shipped.script) was applied with checksum \(applied.checksum.prefix(12)) but the file now has \(shipped.checksum.prefix(12))")
        }
        for unknown in status.unknown {
            lines.append("Unknown:   V\(unknown.version) \(unknown.script) was applied by a newer swift-batch")
        }
        if tables.isEmpty {
            lines.append("Tables:    none")
        } else {
            lines.append("Tables:")
            let width = tables.map(\.0.count).max() ?? 0
            for (name, count) in tables {
                lines.append("  \(name.padding(toLength: width, withPad: " ", startingAt: 0))  \(String(format: "%10lld", count))")
            }
        }
        return lines.joined(separator: "\n")
    }

    func json() -> String {
        let formatter = ISO8601DateFormatter()
        let object: [String: Any] = [
            "url": url,
            "server": server,
            "currentVersion": status.currentVersion as Any,
            "latestVersion": status.latestVersion,
            "upToDate": status.isUpToDate,
            "applied": status.applied.map {
                ["version": $0.version, "script": $0.script, "description": $0.description, "checksum": $0.checksum,
                 "installedOn": formatter.string(from: $0.installedOn), "executionMs": $0.executionMilliseconds]
            },
            "pending": status.pending.map { ["version": $0.version, "script": $0.script] },
            "changed": status.changed.map { ["version": $0.shipped.version, "script": $0.shipped.script] },
            "unknown": status.unknown.map { ["version": $0.version, "script": $0.script] },
            "tables": Dictionary(uniqueKeysWithValues: tables.map { ($0.0, $0.1) }),
        ]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
