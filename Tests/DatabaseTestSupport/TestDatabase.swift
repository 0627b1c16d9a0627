import Database
import Foundation

/// The databases every conformance test runs against, each test on a fresh one.
///
/// PostgreSQL comes from `TEST_DATABASE_URL`, which `scripts/test` sets after starting a
/// throwaway server. Without it the PostgreSQL cases fail with a message saying how to run
/// them: they never skip silently.
public enum TestDatabase: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite
    case postgresql

    public var description: String { rawValue }

    /// The dialect under test.
    public var dialect: SQLDialect {
        switch self {
        case .sqlite: .sqlite
        case .postgresql: .postgresql
        }
    }

    /// `TEST_DATABASE_URL` as given, or a failure that says how to get one.
    public static func postgresURLText() throws -> String {
        guard let text = ProcessInfo.processInfo.environment["TEST_DATABASE_URL"], !text.isEmpty else {
            throw TestSetupError(
                "TEST_DATABASE_URL is not set: run the suite with scripts/test, which starts PostgreSQL and sets it")
        }
        return text
    }

    /// The test server's URL.
    public static func postgresURL() throws -> DatabaseURL {
        try DatabaseURL(try postgresURLText())
    }

    /// The test server's connection settings.
    public static func postgresSettings() throws -> PostgresSettings {
        guard case .postgres(let settings) = try postgresURL().location else {
            throw TestSetupError("TEST_DATABASE_URL is not a PostgreSQL URL")
        }
        return settings
    }

    /// A fresh, isolated database as URL text with any password in clear, for a command line:
    /// an SQLite file in a new directory, or a new PostgreSQL schema (`currentSchema=`), dropped afterwards.
    public func withIsolatedURLText<T>(
        isolation: isolated (any Actor)? = #isolation, _ body: (String) async throws -> T
    ) async throws -> T {
        switch self {
        case .sqlite:
            return try await withTemporaryDirectory { try await body("sqlite:\($0.path)/test.db") }
        case .postgresql:
            let server = try Self.postgresURLText()
            let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
            try await Self.admin { try await $0.executeScript("CREATE SCHEMA \(schema)") }
            let url = server + (server.contains("?") ? "&" : "?") + "currentSchema=\(schema)"
            do {
                let value = try await body(url)
                try await Self.admin { try await $0.executeScript("DROP SCHEMA \(schema) CASCADE") }
                return value
            } catch {
                _ = try? await Self.admin { try await $0.executeScript("DROP SCHEMA \(schema) CASCADE") }
                throw error
            }
        }
    }

    /// A fresh, isolated database: a new SQLite file, or a new PostgreSQL schema.
    public func withIsolatedURL<T>(
        isolation: isolated (any Actor)? = #isolation, _ body: (DatabaseURL) async throws -> T
    ) async throws -> T {
        try await withIsolatedURLText { try await body(try DatabaseURL($0)) }
    }

    /// A pool over a fresh, isolated database, closed afterwards.
    public func withPool<T>(
        _ configuration: ConnectionPool.Configuration = .testing(maximumConnections: 4),
        isolation: isolated (any Actor)? = #isolation,
        _ body: (ConnectionPool) async throws -> T
    ) async throws -> T {
        try await withIsolatedURL { url in
            try await ConnectionPool.withPool(url: url, configuration: configuration) { try await body($0) }
        }
    }

    /// Runs `body` on a connection to the test server's default schema.
    public static func admin<T>(
        isolation: isolated (any Actor)? = #isolation, _ body: (SQLConnection) async throws -> T
    ) async throws -> T {
        try await connect(try postgresURL()) { try await body($0) }
    }

    /// Runs `body` on one connection to `url`.
    public static func connect<T>(
        _ url: DatabaseURL, isolation: isolated (any Actor)? = #isolation, _ body: (SQLConnection) async throws -> T
    ) async throws -> T {
        try await ConnectionPool.withPool(url: url, configuration: .init(maximumConnections: 1)) { pool in
            try await pool.withConnection { try await body($0) }
        }
    }

    /// Column types for test tables.
    public var bigint: String { self == .sqlite ? "INTEGER" : "BIGINT" }
    public var double: String { self == .sqlite ? "REAL" : "DOUBLE PRECISION" }
    public var boolean: String { self == .sqlite ? "INTEGER" : "BOOLEAN" }
    public var bytes: String { self == .sqlite ? "BLOB" : "BYTEA" }
}

extension ConnectionPool.Configuration {
    /// A pool for tests on a loaded machine: waits for a connection or a lock only time out to
    /// catch hangs (a CI run once saw 64 short transactions wait over 30 s on two busy cores).
    public static func testing(maximumConnections: Int = 4) -> ConnectionPool.Configuration {
        .init(maximumConnections: maximumConnections, acquireTimeout: .seconds(300), busyTimeout: .seconds(120))
    }
}
