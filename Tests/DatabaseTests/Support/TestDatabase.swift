import Database
import Foundation
import Testing

/// The databases every conformance test runs against.
///
/// PostgreSQL comes from `TEST_DATABASE_URL`, which `scripts/test` sets after starting a
/// throwaway server. Without it the PostgreSQL cases fail: they never skip silently.
enum TestDatabase: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgresql

    var testDescription: String { rawValue }

    var dialect: SQLDialect {
        switch self {
        case .sqlite: .sqlite
        case .postgresql: .postgresql
        }
    }

    /// The server URL from the environment, or a failure that says how to get one.
    static func postgresURL() throws -> DatabaseURL {
        guard let text = ProcessInfo.processInfo.environment["TEST_DATABASE_URL"], !text.isEmpty else {
            throw TestSetupError(
                "TEST_DATABASE_URL is not set: run the suite with scripts/test, which starts PostgreSQL and sets it")
        }
        return try DatabaseURL(text)
    }

    /// A fresh, isolated database: a new SQLite file, or a new PostgreSQL schema.
    func withIsolatedURL<T>(
        isolation: isolated (any Actor)? = #isolation, _ body: (DatabaseURL) async throws -> T
    ) async throws -> T {
        switch self {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("swift-batch-tests-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            return try await body(DatabaseURL(.sqliteFile(path: directory.appendingPathComponent("test.db").path)))
        case .postgresql:
            let server = try Self.postgresURL()
            let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
            try await Self.admin(server) { try await $0.executeScript("CREATE SCHEMA \(schema)") }
            guard case .postgres(var settings) = server.location else { throw TestSetupError("not a PostgreSQL URL") }
            settings.schema = String(schema)
            do {
                let value = try await body(DatabaseURL(.postgres(settings)))
                try await Self.admin(server) { try await $0.executeScript("DROP SCHEMA \(schema) CASCADE") }
                return value
            } catch {
                _ = try? await Self.admin(server) { try await $0.executeScript("DROP SCHEMA \(schema) CASCADE") }
                throw error
            }
        }
    }

    /// A pool over a fresh, isolated database, closed afterwards.
    func withPool<T>(
        _ configuration: ConnectionPool.Configuration = .init(maximumConnections: 4),
        isolation: isolated (any Actor)? = #isolation,
        _ body: (ConnectionPool) async throws -> T
    ) async throws -> T {
        try await withIsolatedURL { url in
            try await ConnectionPool.withPool(url: url, configuration: configuration) { try await body($0) }
        }
    }

    /// Runs `body` on a connection to the server's default schema.
    static func admin<T>(
        _ server: DatabaseURL, isolation: isolated (any Actor)? = #isolation, _ body: (SQLConnection) async throws -> T
    ) async throws -> T {
        try await ConnectionPool.withPool(url: server, configuration: .init(maximumConnections: 1)) { pool in
            try await pool.withConnection { try await body($0) }
        }
    }

    /// Column types for test tables.
    var bigint: String { self == .sqlite ? "INTEGER" : "BIGINT" }
    var double: String { self == .sqlite ? "REAL" : "DOUBLE PRECISION" }
    var boolean: String { self == .sqlite ? "INTEGER" : "BOOLEAN" }
    var bytes: String { self == .sqlite ? "BLOB" : "BYTEA" }
}

struct TestSetupError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
