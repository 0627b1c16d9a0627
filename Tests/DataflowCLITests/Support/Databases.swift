import Database
import Foundation

/// Fresh databases for the command-line tests: an SQLite file in a new directory, or a new
/// schema on the PostgreSQL server `scripts/test` started (`TEST_DATABASE_URL`; missing is a failure).
enum Databases {
    struct SetupError: Error, CustomStringConvertible {
        let description: String
    }

    static func server() throws -> (url: String, settings: PostgresSettings) {
        guard let text = ProcessInfo.processInfo.environment["TEST_DATABASE_URL"], !text.isEmpty else {
            throw SetupError(description: "TEST_DATABASE_URL is not set: run the suite with scripts/test, which starts PostgreSQL")
        }
        guard case .postgres(let settings) = try DatabaseURL(text).location else {
            throw SetupError(description: "TEST_DATABASE_URL is not a PostgreSQL URL")
        }
        return (text, settings)
    }

    static func withDirectory<T>(isolation: isolated (any Actor)? = #isolation, _ body: (URL) async throws -> T) async throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dataflow-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        return try await body(directory)
    }

    /// A new schema; `body` gets its name and a `postgres://` URL that selects it.
    static func withSchema<T>(
        isolation: isolated (any Actor)? = #isolation, _ body: (_ schema: String, _ url: String) async throws -> T
    ) async throws -> T {
        let (text, _) = try server()
        let schema = "cli_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        try await admin { try await $0.executeScript("CREATE SCHEMA \(schema)") }
        let separator = text.contains("?") ? "&" : "?"
        do {
            let value = try await body(String(schema), "\(text)\(separator)currentSchema=\(schema)")
            try await admin { try await $0.executeScript("DROP SCHEMA \(schema) CASCADE") }
            return value
        } catch {
            _ = try? await admin { try await $0.executeScript("DROP SCHEMA \(schema) CASCADE") }
            throw error
        }
    }

    static func admin<T>(isolation: isolated (any Actor)? = #isolation, _ body: (SQLConnection) async throws -> T) async throws -> T {
        try await ConnectionPool.withPool(url: DatabaseURL(try server().url), configuration: .init(maximumConnections: 1)) { pool in
            try await pool.withConnection { try await body($0) }
        }
    }

    /// Runs `body` on a connection to `url`.
    static func connect<T>(
        _ url: String, isolation: isolated (any Actor)? = #isolation, _ body: (SQLConnection) async throws -> T
    ) async throws -> T {
        try await ConnectionPool.withPool(url: DatabaseURL(url), configuration: .init(maximumConnections: 1)) { pool in
            try await pool.withConnection { try await body($0) }
        }
    }
}
