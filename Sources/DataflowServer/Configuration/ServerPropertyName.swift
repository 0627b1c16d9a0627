/// A property name as Spring's relaxed binding reads it, whatever the source's spelling.
///
/// Spring Boot compares names in a canonical form: elements separated by dots, each element
/// lower case with `-` and `_` removed (`spring.datasource.driver-class-name`,
/// `spring.datasource.driverClassName` and `spring.datasource.driver_class_name` are one
/// property). An environment variable is mapped by Spring's `SystemEnvironmentPropertyMapper`:
/// `_` separates elements and the name is lower-cased, so `SPRING_DATASOURCE_URL` is
/// `spring.datasource.url`. A dashed element has two environment forms, dashes dropped
/// (`MAXIMUMCONCURRENTTASKS`) and the legacy one with `_` (`MAXIMUM_CONCURRENT_TASKS`);
/// comparing the elements *run together* (``flat``) makes both match, as they do in Spring.
///
/// This is the canonicalisation of `LaunchProperties.canonical` in the Properties module, kept
/// with its element structure because map properties (`accounts.<name>.…`) need to know where
/// the map key is. Within the main repository the two should share one implementation.
public struct ServerPropertyName: Sendable, Hashable, CustomStringConvertible {
    /// How a name is spelled in its source.
    public enum Style: Sendable, Hashable {
        /// Dots separate the elements (arguments, files, YAML, JSON): `spring.datasource.url`.
        case dotted
        /// Underscores separate the elements (environment variables): `SPRING_DATASOURCE_URL`.
        case environment
    }

    /// The name as written.
    public let written: String
    /// The elements in canonical form (lower case, without `-` and `_`), empty ones dropped.
    public let elements: [String]
    /// The elements as written (for map keys: `accounts.My-Account.…` keeps `My-Account`;
    /// an environment variable's are lower-cased, as Spring maps them).
    public let writtenElements: [String]

    /// Parses a name.
    public init(_ written: String, style: Style) {
        self.written = written
        let separator: Character = style == .dotted ? "." : "_"
        // Spring's bracket notation for map keys and indexes: `accounts[default].x` is `accounts.default.x`.
        let unbracketed = style == .dotted && written.contains("[") ? written.replacingBrackets() : written
        var elements: [String] = []
        var writtenElements: [String] = []
        for part in unbracketed.split(separator: separator, omittingEmptySubsequences: true) {
            let element = Self.canonicalElement(part)
            guard !element.isEmpty else { continue }
            elements.append(element)
            writtenElements.append(style == .environment ? part.lowercased() : String(part))
        }
        self.elements = elements
        self.writtenElements = writtenElements
    }

    /// The elements run together: the form names are compared in (`serverport`).
    public var flat: String { elements.joined() }

    /// The canonical dotted form (`server.port`, `spring.datasource.driverclassname`).
    public var canonical: String { elements.joined(separator: ".") }

    /// The name as written.
    public var description: String { written }

    /// One element in canonical form: lower case, `-` and `_` removed.
    public static func canonicalElement(_ element: some StringProtocol) -> String {
        String(element.lowercased().unicodeScalars.filter { $0 != "-" && $0 != "_" })
    }

    /// A dotted name run together (`server.port` → `serverport`), for comparisons.
    public static func flat(_ dotted: String) -> String {
        ServerPropertyName(dotted, style: .dotted).flat
    }

    /// The environment variable Spring reads a property from: elements upper-cased, dashes
    /// dropped, joined with `_` (`spring.cloud.dataflow.features.tasks-enabled` →
    /// `SPRING_CLOUD_DATAFLOW_FEATURES_TASKSENABLED`; `SPRING_CLOUD_DATAFLOW_FEATURES_TASKS_ENABLED`
    /// binds as well).
    public static func environmentVariable(for dotted: String) -> String {
        dotted.split(separator: ".").map { $0.filter { $0 != "-" }.uppercased() }.joined(separator: "_")
    }
}

extension String {
    /// `a[b].c` → `a.b.c`.
    fileprivate func replacingBrackets() -> String {
        var result = ""
        for character in self {
            switch character {
            case "[": result.append(".")
            case "]": continue
            default: result.append(character)
            }
        }
        return result
    }
}
