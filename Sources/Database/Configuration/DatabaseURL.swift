import Foundation

/// Which database to use, parsed from a URL.
///
/// Accepted forms:
/// - `sqlite:/path/file.db`, `sqlite:relative/file.db`, `sqlite:///path/file.db`, `sqlite::memory:`,
///   and the JDBC forms `jdbc:sqlite:/path/file.db`, `jdbc:sqlite::memory:`;
/// - `postgres://user:pass@host:port/db?currentSchema=s&sslmode=require` (also `postgresql://`,
///   several `host:port` pairs separated by commas, and any libpq keyword as a query parameter);
/// - `jdbc:postgresql://host:port/db?currentSchema=s`, `jdbc:postgresql:db`, with the user name and
///   password in the URL's `user`/`password` parameters or given separately (see ``DataSourceSettings``).
///
/// The ``description`` never shows the password.
public struct DatabaseURL: Sendable, Hashable, CustomStringConvertible {
    /// The database a URL names.
    public enum Location: Sendable, Hashable {
        /// An SQLite database file (created on first use unless the pool is told otherwise).
        case sqliteFile(path: String)
        /// A private in-memory SQLite database; a pool over it has a single connection.
        case sqliteMemory
        /// A PostgreSQL database.
        case postgres(PostgresSettings)
    }

    /// The database.
    public var location: Location

    /// Creates a URL for a location.
    public init(_ location: Location) {
        self.location = location
    }

    /// The dialect of the database.
    public var dialect: SQLDialect {
        if case .postgres = location { return .postgresql }
        return .sqlite
    }

    /// Parses a URL.
    /// - Throws: ``DatabaseError/Code/invalidURL`` naming the URL (password hidden) and the accepted forms.
    public init(_ text: String) throws(DatabaseError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let rest = trimmed.dropPrefix("jdbc:sqlite:") ?? trimmed.dropPrefix("sqlite:") {
            self = try Self.sqlite(rest, original: trimmed)
        } else if let rest = trimmed.dropPrefix("postgres://") ?? trimmed.dropPrefix("postgresql://") {
            self.init(.postgres(try Self.postgres(rest, jdbc: false, original: trimmed)))
        } else if let rest = trimmed.dropPrefix("jdbc:postgresql:") {
            let body = rest.hasPrefix("//") ? String(rest.dropFirst(2)) : "localhost/" + rest
            self.init(.postgres(try Self.postgres(body, jdbc: true, original: trimmed)))
        } else {
            throw Self.invalid(trimmed, "unsupported scheme")
        }
    }

    /// The URL with the password replaced by `***`.
    public var description: String {
        switch location {
        case .sqliteMemory: return "sqlite::memory:"
        case .sqliteFile(let path): return "sqlite:\(path)"
        case .postgres(let settings):
            var text = "postgres://"
            if let user = settings.user {
                text += user + (settings.password == nil ? "" : ":***") + "@"
            }
            let ports = settings.port.split(separator: ",")
            let hosts = settings.host.split(separator: ",")
            text += zip(hosts, ports + Array(repeating: ports.last ?? "5432", count: max(0, hosts.count - ports.count)))
                .map { "\($0):\($1)" }.joined(separator: ",")
            text += "/" + (settings.database ?? "")
            var query: [String] = []
            if let schema = settings.schema { query.append("currentSchema=\(schema)") }
            query += settings.options.map { "\($0.key)=\($0.key.contains("password") ? "***" : $0.value)" }
            if !query.isEmpty { text += "?" + query.joined(separator: "&") }
            return text
        }
    }

    static let acceptedForms =
        "use sqlite:/path/file.db, sqlite::memory:, postgres://user:password@host:5432/database or jdbc:postgresql://host:5432/database"

    static func invalid(_ text: String, _ reason: String) -> DatabaseError {
        DatabaseError(.invalidURL, "invalid database URL '\(redact(text))': \(reason)", hint: acceptedForms)
    }

    /// Hides a password in user info or in a `password=` parameter of raw URL text.
    static func redact(_ text: String) -> String {
        var result = text
        if let schemeEnd = result.range(of: "://"), let at = result[schemeEnd.upperBound...].lastIndex(of: "@"),
            let colon = result[schemeEnd.upperBound..<at].firstIndex(of: ":")
        {
            result.replaceSubrange(result.index(after: colon)..<at, with: "***")
        }
        if let range = result.range(of: "password=") {
            let end = result[range.upperBound...].firstIndex(of: "&") ?? result.endIndex
            result.replaceSubrange(range.upperBound..<end, with: "***")
        }
        return result
    }

    private static func sqlite(_ rest: String, original: String) throws(DatabaseError) -> DatabaseURL {
        if rest == ":memory:" || rest == "//:memory:" { return DatabaseURL(.sqliteMemory) }
        let path = rest.hasPrefix("//") ? String(rest.dropFirst(2)) : rest
        guard !path.isEmpty else { throw invalid(original, "no file path after 'sqlite:'") }
        guard let decoded = path.removingPercentEncoding else { throw invalid(original, "bad percent-encoding") }
        return DatabaseURL(.sqliteFile(path: decoded))
    }
}

extension String {
    func dropPrefix(_ prefix: String) -> String? {
        guard lowercased().hasPrefix(prefix) else { return nil }
        return String(dropFirst(prefix.count))
    }
}
