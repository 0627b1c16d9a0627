/// The SQL dialects swift-batch speaks.
public enum SQLDialect: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// SQLite 3 through the system libsqlite3: the embedded default.
    case sqlite
    /// PostgreSQL through the system libpq.
    case postgresql

    /// The name used in messages and in the migration resource folders.
    public var description: String { rawValue }
}
