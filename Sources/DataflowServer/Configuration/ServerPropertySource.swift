/// Where a property value came from, for messages: the argument, the environment variable,
/// the file and key, or the default.
public struct ServerPropertySource: Sendable, Hashable, CustomStringConvertible {
    /// The kinds of sources, highest precedence first.
    public enum Origin: Int, Sendable, Hashable, Comparable, CaseIterable, CustomStringConvertible {
        /// A command-line argument (`--server.port=9393`, `--server.port 9393`).
        case argument
        /// `--spring.application.json` or the `SPRING_APPLICATION_JSON` variable.
        case applicationJSON
        /// An environment variable (`SERVER_PORT`).
        case environment
        /// A file in a secrets directory (`/etc/secrets/spring.datasource.password`).
        case secretsFile
        /// The YAML configuration file.
        case configFile
        /// The server's default.
        case defaults

        /// Higher precedence compares smaller.
        public static func < (lhs: Origin, rhs: Origin) -> Bool { lhs.rawValue < rhs.rawValue }

        /// `argument`, `environment variable`, ...
        public var description: String {
            switch self {
            case .argument: "argument"
            case .applicationJSON: "application JSON"
            case .environment: "environment variable"
            case .secretsFile: "secrets file"
            case .configFile: "configuration file"
            case .defaults: "default"
            }
        }
    }

    /// The kind of source.
    public let origin: Origin
    /// The name as written there: `server.port` for an argument, `SERVER_PORT`, the key path in
    /// a file (`spring.datasource.url`), a secrets file's name.
    public let name: String
    /// The file (configuration or secrets file), or the JSON's carrier (`SPRING_APPLICATION_JSON`).
    public let location: String?

    /// Creates a source.
    public init(_ origin: Origin, name: String, location: String? = nil) {
        self.origin = origin
        self.name = name
        self.location = location
    }

    /// `argument --server.port`, `environment variable SERVER_PORT`,
    /// `/etc/dataflow/application.yaml (server.port)`, `secrets file /etc/secrets/spring.datasource.password`,
    /// `SPRING_APPLICATION_JSON (server.port)`, `the default`.
    public var description: String {
        switch origin {
        case .argument: "argument --\(name)"
        case .applicationJSON: "\(location ?? "SPRING_APPLICATION_JSON") (\(name))"
        case .environment: "environment variable \(name)"
        case .secretsFile: "secrets file \(location ?? name)"
        case .configFile: "\(location ?? "configuration file") (\(name))"
        case .defaults: "the default"
        }
    }
}

/// A property's effective value and where it came from.
public struct ServerPropertyValue: Sendable, Hashable, CustomStringConvertible {
    /// The property's documented name, with a map key as written
    /// (`spring.cloud.dataflow.task.platform.local.accounts.default.maximum-concurrent-tasks`).
    public let name: String
    /// The value as given (a YAML or JSON list joined with commas).
    public let text: String
    /// Where it came from.
    public let source: ServerPropertySource
    /// Whether it is a secret (never logged or shown).
    public let isSecret: Bool

    /// The text, or `<redacted>` for a secret; URLs lose their passwords.
    public var displayText: String {
        isSecret ? "<redacted>" : DatasourceURL.redacted(text)
    }

    /// `name=value (source)`, secrets redacted.
    public var description: String { "\(name)=\(displayText) (from \(source))" }
}

/// A setting that cannot be used: names the property, where it came from and what is expected.
///
/// `server.port=abc from environment variable SERVER_PORT: expected a port number 1-65535 (or 0 for any free port)`.
/// Secret values are never part of the message.
public struct ServerConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Hashable {
        /// A value that does not parse or is out of range.
        case invalidValue
        /// A file or directory that was asked for and does not exist (`--config`).
        case missingFile
        /// A file that exists but cannot be read or parsed.
        case unreadableFile
        /// Values that are fine alone but not together (security on, nobody to sign in).
        case inconsistent
        /// A command-line argument the server does not take.
        case invalidArgument
    }

    /// What went wrong.
    public let kind: Kind
    /// The property concerned, if one is.
    public let property: String?
    /// Where its value came from, if it came from somewhere.
    public let source: ServerPropertySource?
    /// The message.
    public let message: String

    /// Creates an error.
    public init(_ kind: Kind, property: String? = nil, source: ServerPropertySource? = nil, _ message: String) {
        self.kind = kind
        self.property = property
        self.source = source
        self.message = message
    }

    /// A value that does not fit: `NAME=VALUE from SOURCE: expected EXPECTED` (the value left
    /// out for secrets).
    static func invalid(_ value: ServerPropertyValue, expected: String) -> ServerConfigurationError {
        let shown = value.isSecret ? value.name : "\(value.name)=\(value.displayText)"
        return ServerConfigurationError(.invalidValue, property: value.name, source: value.source, "\(shown) from \(value.source): expected \(expected)")
    }

    /// The message.
    public var description: String { message }
}
