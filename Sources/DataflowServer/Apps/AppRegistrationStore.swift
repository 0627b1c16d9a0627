import Database
import Foundation

/// Data Flow's `app_registration` table.
enum AppRegistrationStore {
    static let columns = "id, name, type, version, uri, metadata_uri, default_version, boot_version"

    static func insert(_ app: AppRegistration, on connection: SQLConnection) async throws -> AppRegistration {
        var app = app
        app.id = try await connection.nextValue(ofSequence: "hibernate_sequence")
        try await connection.execute(
            """
            INSERT INTO app_registration (id, object_version, default_version, metadata_uri, name, type, uri, version, boot_version)
            VALUES ($1, 0, $2, $3, $4, $5, $6, $7, $8)
            """,
            [
                .int(app.id), .bool(app.defaultVersion), app.metadataURI.sqlValue, .text(app.name), .int(app.type.ordinal),
                .text(app.uri), .text(app.version), .text(app.bootVersion),
            ])
        return app
    }

    static func update(_ app: AppRegistration, on connection: SQLConnection) async throws {
        try await connection.execute(
            """
            UPDATE app_registration SET uri = $1, metadata_uri = $2, default_version = $3, boot_version = $4,
                   object_version = COALESCE(object_version, 0) + 1
            WHERE id = $5
            """,
            [.text(app.uri), app.metadataURI.sqlValue, .bool(app.defaultVersion), .text(app.bootVersion), .int(app.id)])
    }

    /// Every version of one app, oldest registration first.
    static func versions(type: AppType, name: String, on connection: SQLConnection) async throws -> [AppRegistration] {
        try await connection.query(
            "SELECT \(columns) FROM app_registration WHERE type = $1 AND name = $2 ORDER BY id",
            [.int(type.ordinal), .text(name)]
        ).map(decode)
    }

    /// Every version of the apps named, in registration order.
    static func versions(names: [String], on connection: SQLConnection) async throws -> [AppRegistration] {
        var result: [AppRegistration] = []
        for start in stride(from: 0, to: names.count, by: 500) {
            let chunk = Array(names[start..<min(start + 500, names.count)])
            let placeholders = (1...chunk.count).map { "$\($0)" }.joined(separator: ", ")
            result += try await connection.query(
                "SELECT \(columns) FROM app_registration WHERE name IN (\(placeholders)) ORDER BY id", chunk.map { .text($0) }
            ).map(decode)
        }
        return result
    }

    /// Apps matching the filter, sorted by name, type and version.
    static func list(
        type: AppType?, search: String?, version: String?, defaultOnly: Bool?, limit: Int, offset: Int, on connection: SQLConnection
    ) async throws -> (apps: [AppRegistration], total: Int64) {
        var conditions: [String] = []
        var binds: [SQLValue] = []
        if let type {
            binds.append(.int(type.ordinal))
            conditions.append("type = $\(binds.count)")
        }
        if let search, !search.isEmpty {
            binds.append(.text("%\(escapedLike(search.lowercased()))%"))
            conditions.append("LOWER(name) LIKE $\(binds.count) ESCAPE '\\'")
        }
        if let version {
            binds.append(.text(version))
            conditions.append("version = $\(binds.count)")
        }
        if let defaultOnly {
            binds.append(.bool(defaultOnly))
            conditions.append("default_version = $\(binds.count)")
        }
        let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let total = try await connection.query("SELECT COUNT(*) AS N FROM app_registration\(whereClause)", binds)[0].decode(Int64.self, "N")
        let rows = try await connection.query(
            "SELECT \(columns) FROM app_registration\(whereClause) ORDER BY name, type, id LIMIT \(limit) OFFSET \(offset)", binds)
        return (try rows.map(decode), total)
    }

    /// Every app, for the whole-registry operations.
    static func all(on connection: SQLConnection) async throws -> [AppRegistration] {
        try await connection.query("SELECT \(columns) FROM app_registration ORDER BY id").map(decode)
    }

    static func delete(id: Int64, on connection: SQLConnection) async throws {
        try await connection.execute("DELETE FROM app_registration WHERE id = $1", [.int(id)])
    }

    static func decode(_ row: SQLRow) throws -> AppRegistration {
        AppRegistration(
            id: try row.decode(Int64.self, "id"), name: try row.decode(String?.self, "name") ?? "",
            type: AppType(ordinal: try row.decode(Int64?.self, "type") ?? 0) ?? .app,
            version: try row.decode(String?.self, "version") ?? "", uri: try row.decode(String?.self, "uri") ?? "",
            metadataURI: try row.decode(String?.self, "metadata_uri"),
            defaultVersion: try row.decode(Bool?.self, "default_version") ?? false,
            bootVersion: try row.decode(String?.self, "boot_version") ?? "BOOT2")
    }

    /// `text` with LIKE's wildcards escaped (`\` is the escape character).
    static func escapedLike(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }
}
