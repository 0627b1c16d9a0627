import Foundation

/// Typed reads of property values; each failure names the property, its source and the
/// expected form (never a secret's value).
enum PropertyValueParsing {
    /// Spring's boolean words: `true`/`false`, `yes`/`no`, `on`/`off`, `1`/`0`, any case.
    static func bool(_ value: ServerPropertyValue) throws(ServerConfigurationError) -> Bool {
        switch value.text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "true", "yes", "on", "1": return true
        case "false", "no", "off", "0": return false
        default: throw .invalid(value, expected: "true or false")
        }
    }

    /// A whole number in `range`.
    static func integer(_ value: ServerPropertyValue, in range: ClosedRange<Int>, expected: String? = nil) throws(ServerConfigurationError) -> Int {
        guard let number = Int(value.text.trimmingCharacters(in: .whitespaces)), range.contains(number) else {
            throw .invalid(value, expected: expected ?? "a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    /// A TCP port; `allowZero` for a listening port, where 0 asks for any free one.
    static func port(_ value: ServerPropertyValue, allowZero: Bool) throws(ServerConfigurationError) -> Int {
        try integer(
            value, in: (allowZero ? 0 : 1)...65535,
            expected: "a port number 1-65535" + (allowZero ? " (or 0 for any free port)" : ""))
    }

    /// Text that is not blank, trimmed.
    static func text(_ value: ServerPropertyValue, expected: String) throws(ServerConfigurationError) -> String {
        let text = value.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw .invalid(value, expected: expected) }
        return text
    }

    /// One of `choices` (any case), given back as written in `choices`.
    static func choice(_ value: ServerPropertyValue, _ choices: [String]) throws(ServerConfigurationError) -> String {
        let text = value.text.trimmingCharacters(in: .whitespaces)
        guard let match = choices.first(where: { $0.caseInsensitiveCompare(text) == .orderedSame }) else {
            throw .invalid(value, expected: "one of \(choices.joined(separator: ", "))")
        }
        return match
    }

    /// A bcrypt hash as Spring Security's `BCryptPasswordEncoder` writes it: `$2a$`, `$2b$` or
    /// `$2y$`, a cost from 04 to 31, `$`, then 53 characters of bcrypt's base-64 alphabet.
    static func bcryptHash(_ value: ServerPropertyValue) throws(ServerConfigurationError) -> String {
        var text = value.text.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("{bcrypt}") { text.removeFirst("{bcrypt}".count) }  // Spring's DelegatingPasswordEncoder form
        let scalars = Array(text.unicodeScalars)
        let alphabet = Set("./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".unicodeScalars)
        let valid =
            scalars.count == 60 && text.hasPrefix("$2") && ["a", "b", "y"].contains(scalars[2]) && scalars[3] == "$" && scalars[6] == "$"
            && Int(String(String.UnicodeScalarView(scalars[4...5]))).map { (4...31).contains($0) } == true
            && scalars[7...].allSatisfy(alphabet.contains)
        guard valid else {
            throw .invalid(value, expected: "a bcrypt hash ($2a$, $2b$ or $2y$, cost 04-31, 60 characters), such as `htpasswd -nbBC 10 user password` prints")
        }
        return text
    }

    /// A SHA-256 digest as 64 hexadecimal digits, lower-cased.
    static func sha256Hex(_ value: ServerPropertyValue) throws(ServerConfigurationError) -> String {
        let text = value.text.trimmingCharacters(in: .whitespaces).lowercased()
        guard text.count == 64, text.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) || ("a"..."f").contains($0) }) else {
            throw .invalid(value, expected: "the SHA-256 of the token as 64 hexadecimal digits (`printf %s TOKEN | sha256sum`)")
        }
        return text
    }

    /// Comma separated roles (`VIEW,DEPLOY`, `ROLE_VIEW` too, any case), in the order of ``SecurityRole/allCases``.
    static func roles(_ value: ServerPropertyValue) throws(ServerConfigurationError) -> [DataflowServerConfiguration.SecurityRole] {
        var roles: Set<DataflowServerConfiguration.SecurityRole> = []
        for item in value.text.split(separator: ",") {
            var name = item.trimmingCharacters(in: .whitespaces).uppercased()
            if name.hasPrefix("ROLE_") { name.removeFirst(5) }
            guard let role = DataflowServerConfiguration.SecurityRole(rawValue: name) else {
                throw .invalid(value, expected: "comma separated roles among \(DataflowServerConfiguration.SecurityRole.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            roles.insert(role)
        }
        guard !roles.isEmpty else {
            throw .invalid(value, expected: "comma separated roles among \(DataflowServerConfiguration.SecurityRole.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return DataflowServerConfiguration.SecurityRole.allCases.filter(roles.contains)
    }
}

/// The database a `spring.datasource.url` names, in the forms the server accepts:
/// `jdbc:postgresql://host:5432/db`, `postgres://user@host/db`, `postgresql://…`,
/// `sqlite:path/file.db`, `jdbc:sqlite:path`, or a plain file path (SQLite).
///
/// Only classified here; the Database module's `DatabaseURL` parses ``normalized`` fully.
public struct DatasourceURL: Sendable, Hashable, CustomStringConvertible {
    /// The kind of database.
    public enum Kind: Sendable, Hashable {
        /// An SQLite file (or `:memory:`).
        case sqlite(path: String)
        /// A PostgreSQL database.
        case postgresql
    }

    /// The URL as given.
    public let text: String
    /// What it names.
    public let kind: Kind

    /// The URL in a form with a scheme: a plain path becomes `sqlite:PATH`.
    public var normalized: String {
        switch kind {
        case .sqlite(let path): text.lowercased().hasPrefix("sqlite:") || text.lowercased().hasPrefix("jdbc:sqlite:") ? text : "sqlite:\(path)"
        case .postgresql: text
        }
    }

    /// The URL without its password.
    public var description: String { Self.redacted(text) }

    /// Classifies a URL; nil when it is neither PostgreSQL, SQLite nor a path.
    public init?(_ text: String) {
        let text = text.trimmingCharacters(in: .whitespaces)
        let lowered = text.lowercased()
        guard !text.isEmpty else { return nil }
        self.text = text
        if lowered.hasPrefix("jdbc:postgresql:") || lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://") {
            kind = .postgresql
        } else if lowered.hasPrefix("jdbc:sqlite:") {
            kind = .sqlite(path: String(text.dropFirst("jdbc:sqlite:".count)))
        } else if lowered.hasPrefix("sqlite:") {
            var path = String(text.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path.removeFirst(2) }  // sqlite:///abs/path
            guard !path.isEmpty else { return nil }
            kind = .sqlite(path: path)
        } else if Self.hasScheme(text) {
            return nil
        } else {
            kind = .sqlite(path: text)
        }
    }

    /// Whether text starts with a URL scheme of two or more characters (`jdbc:`, `mysql:`; not `C:`).
    private static func hasScheme(_ text: String) -> Bool {
        guard let colon = text.firstIndex(of: ":") else { return false }
        let scheme = text[..<colon]
        guard scheme.count > 1, let first = scheme.unicodeScalars.first, CharacterSet.letters.contains(first) else { return false }
        return scheme.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || "+-.".unicodeScalars.contains($0) }
    }

    /// Text with any password hidden: `user:secret@host` becomes `user:***@host`, a
    /// `password=secret` parameter `password=***`. Other text is returned unchanged.
    public static func redacted(_ text: String) -> String {
        var result = text
        if let schemeEnd = result.range(of: "://") {
            let rest = result[schemeEnd.upperBound...]
            let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? result.endIndex
            let authority = result[schemeEnd.upperBound..<authorityEnd]
            if let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") {
                result.replaceSubrange(result.index(after: colon)..<at, with: "***")
            }
        }
        var searchStart = result.startIndex
        while let match = result.range(of: "password=", options: .caseInsensitive, range: searchStart..<result.endIndex) {
            let valueEnd = result[match.upperBound...].firstIndex(where: { $0 == "&" || $0 == ";" || $0 == " " }) ?? result.endIndex
            let offset = result.distance(from: result.startIndex, to: match.upperBound)
            result.replaceSubrange(match.upperBound..<valueEnd, with: "***")
            searchStart = result.index(result.startIndex, offsetBy: offset + 3)
        }
        return result
    }
}
