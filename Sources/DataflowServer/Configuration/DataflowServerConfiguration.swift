import Logging

/// Everything the server is configured with, read as Spring users write it.
///
/// Sources, highest precedence first (see ``ServerProperties``): command-line arguments
/// (`--server.port=9393` or `--server.port 9393`), `SPRING_APPLICATION_JSON`, environment
/// variables with relaxed binding (`SERVER_PORT`, `SPRING_DATASOURCE_URL`,
/// `SPRING_CLOUD_DATAFLOW_FEATURES_TASKS_ENABLED`), secrets directories
/// (`spring.config.import=configtree:/etc/secrets/`, one file per property), the YAML file
/// (`--config=PATH`, else `./config/application.yaml`, else `/config/application.yaml`), then
/// the defaults below.
///
/// ```swift
/// let configuration = try DataflowServerConfiguration.load(
///     arguments: Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment, logger: logger)
/// ```
public struct DataflowServerConfiguration: Sendable {
    /// The address to listen on (`server.address`, default `127.0.0.1`).
    public var address: String
    /// The HTTP port (`server.port`, default 9393; 0 picks a free one).
    public var port: Int
    /// The metadata database (`spring.datasource.*`, default the SQLite file `./dataflow.db`).
    public var datasource: Datasource
    /// Whether pending schema migrations are applied at start (`spring.flyway.enabled`, default true).
    public var flywayEnabled: Bool
    /// Data Flow's feature toggles, shown in `/about`; a disabled feature has no endpoints.
    public var features: FeatureToggles
    /// The monitoring dashboard shown in `/about` (`spring.cloud.dataflow.metrics.dashboard.*`).
    public var dashboard: MonitoringDashboard
    /// The local platform's accounts (`spring.cloud.dataflow.task.platform.local.accounts.<name>.*`),
    /// sorted by name; one named `default` when none is configured.
    public var localAccounts: [LocalPlatformAccount]
    /// The server's own metrics, pushed to a Prometheus RSocket proxy (`management.metrics.export.prometheus.rsocket.*`).
    public var prometheusRSocket: PrometheusRSocketExport
    /// Who may use the API (`dataflow.security.*`).
    public var security: SecuritySettings
    /// Composed tasks: the runner registered at start and the server URI it gets.
    public var composedTasks: ComposedTasks
    /// What was noticed while reading: misspelt or unknown properties, ignored arguments.
    public var warnings: [Warning]
    /// The properties and their sources, for `/about` and diagnostics.
    public let properties: ServerProperties

    /// The defaults, the lowest-precedence source, by property name.
    public static let defaults: [String: String] = [
        "server.port": "9393",
        "server.address": "127.0.0.1",
        "spring.datasource.url": "sqlite:./dataflow.db",
        "spring.flyway.enabled": "true",
        "spring.cloud.dataflow.features.streams-enabled": "false",
        "spring.cloud.dataflow.features.tasks-enabled": "true",
        "spring.cloud.dataflow.features.schedules-enabled": "true",
        "spring.cloud.dataflow.metrics.dashboard.grafana.refresh-interval": "15",
        "management.metrics.export.prometheus.rsocket.enabled": "false",
        "management.metrics.export.prometheus.rsocket.host": "localhost",
        "management.metrics.export.prometheus.rsocket.port": "7001",
    ]

    /// Reads the configuration from every source; logs each warning, the file and secrets
    /// directories read (info), and every effective value with its source (debug; secrets as
    /// `<redacted>`, passwords in URLs as `***`).
    /// - Parameters:
    ///   - arguments: The command-line arguments, without the program name.
    ///   - environment: The process environment.
    ///   - logger: Where warnings go.
    ///   - configDirectories: Where `application.yaml` is looked for when no file is named
    ///     (tests pass their own; the server uses `./config` then `/config`).
    /// - Throws: ``ServerConfigurationError`` naming the property, its source and the expected form.
    public static func load(
        arguments: [String], environment: [String: String], logger: Logger,
        configDirectories: [String] = ServerProperties.defaultConfigDirectories
    ) throws(ServerConfigurationError) -> DataflowServerConfiguration {
        let properties = try ServerProperties.load(
            arguments: arguments, environment: environment, defaults: defaults, configDirectories: configDirectories)
        let configuration = try DataflowServerConfiguration(properties: properties)
        for warning in configuration.warnings {
            var metadata: Logger.Metadata = ["property": "\(warning.name)"]
            if let source = warning.source { metadata["source"] = "\(source)" }
            if let suggestion = warning.suggestion { metadata["suggestion"] = "\(suggestion)" }
            logger.warning("\(warning.message)", metadata: metadata)
        }
        logger.info(
            "configuration read",
            metadata: [
                "config.file": "\(properties.configFile ?? "none")",
                "config.secrets": "\(properties.secretsDirectories.isEmpty ? "none" : properties.secretsDirectories.joined(separator: ","))",
            ])
        for value in properties.effectiveValues {
            logger.debug("\(value.name)=\(value.displayText)", metadata: ["source": "\(value.source)"])
        }
        return configuration
    }

    /// Binds the typed settings from properties already read, and collects the warnings.
    /// - Throws: ``ServerConfigurationError`` for a value that does not parse or settings that contradict each other.
    public init(properties: ServerProperties) throws(ServerConfigurationError) {
        self.properties = properties
        typealias Parse = PropertyValueParsing
        func value(_ name: String) -> ServerPropertyValue? { properties.value(key: name) }

        address = try value("server.address").map { value throws(ServerConfigurationError) in
            try Parse.text(value, expected: "an address or host name to listen on, such as 127.0.0.1 or 0.0.0.0")
        } ?? "127.0.0.1"
        port = try value("server.port").map { value throws(ServerConfigurationError) in try Parse.port(value, allowZero: true) } ?? 9393
        datasource = try Datasource(properties)
        flywayEnabled = try value("spring.flyway.enabled").map(Parse.bool) ?? true
        features = FeatureToggles(
            streamsEnabled: try value("spring.cloud.dataflow.features.streams-enabled").map(Parse.bool) ?? false,
            tasksEnabled: try value("spring.cloud.dataflow.features.tasks-enabled").map(Parse.bool) ?? true,
            schedulesEnabled: try value("spring.cloud.dataflow.features.schedules-enabled").map(Parse.bool) ?? true)
        dashboard = try MonitoringDashboard(properties)
        localAccounts = try LocalPlatformAccount.accounts(properties)
        prometheusRSocket = try PrometheusRSocketExport(properties)
        security = try SecuritySettings(properties)
        composedTasks = try ComposedTasks(properties)
        warnings = Warning.collect(properties)
        if features.streamsEnabled, let source = value("spring.cloud.dataflow.features.streams-enabled")?.source {
            warnings.append(
                Warning(
                    name: "spring.cloud.dataflow.features.streams-enabled", source: source, suggestion: nil,
                    message: "spring.cloud.dataflow.features.streams-enabled=true from \(source): this server runs tasks only; /about shows streams enabled, but there are no stream endpoints"))
        }
        if !security.enabled, !security.users.isEmpty || !security.tokens.isEmpty, let source = value("dataflow.security.enabled")?.source {
            warnings.append(
                Warning(
                    name: "dataflow.security.enabled", source: source, suggestion: nil,
                    message: "dataflow.security.enabled=false from \(source): the configured users and tokens are not asked for; anyone who can reach the server can use it"))
        }
    }
}

extension DataflowServerConfiguration {
    /// The metadata database.
    public struct Datasource: Sendable, Hashable, CustomStringConvertible {
        /// The database (`spring.datasource.url`).
        public var url: DatasourceURL
        /// The user name, when the URL has none (`spring.datasource.username`).
        public var username: String?
        /// The password, when the URL has none (`spring.datasource.password`). A secret.
        public var password: String?
        /// `spring.datasource.driver-class-name`, accepted from Data Flow setups; the URL decides the driver.
        public var driverClassName: String?
        /// Where the URL came from.
        public var source: ServerPropertySource

        /// The URL and user, never a password.
        public var description: String {
            "\(url)" + (username.map { " user \($0)" } ?? "") + (password == nil ? "" : " password ***") + " (from \(source))"
        }

        init(_ properties: ServerProperties) throws(ServerConfigurationError) {
            let urlValue = properties.value(key: "spring.datasource.url")
                ?? ServerPropertyValue(name: "spring.datasource.url", text: "sqlite:./dataflow.db", source: .init(.defaults, name: "spring.datasource.url"), isSecret: false)
            guard let url = DatasourceURL(urlValue.text) else {
                throw .invalid(urlValue, expected: "jdbc:postgresql://HOST:PORT/DB, postgres://USER@HOST/DB, sqlite:PATH or a file path (SQLite)")
            }
            self.url = url
            source = urlValue.source
            username = properties.value(key: "spring.datasource.username")?.text
            password = properties.value(key: "spring.datasource.password")?.text
            driverClassName = properties.value(key: "spring.datasource.driver-class-name")?.text
        }
    }

    /// Data Flow's feature toggles (`spring.cloud.dataflow.features.*-enabled`).
    public struct FeatureToggles: Sendable, Hashable {
        /// `streams-enabled` (default false: this server has no streams; shown in `/about`).
        public var streamsEnabled: Bool
        /// `tasks-enabled` (default true): the task, job and platform endpoints.
        public var tasksEnabled: Bool
        /// `schedules-enabled` (default true): the schedule endpoints (they need tasks too).
        public var schedulesEnabled: Bool

        /// Creates toggles; the defaults are the server's.
        public init(streamsEnabled: Bool = false, tasksEnabled: Bool = true, schedulesEnabled: Bool = true) {
            self.streamsEnabled = streamsEnabled
            self.tasksEnabled = tasksEnabled
            self.schedulesEnabled = schedulesEnabled
        }
    }

    /// The monitoring dashboard `/about` links to (Data Flow's `spring.cloud.dataflow.metrics.dashboard.*`).
    public struct MonitoringDashboard: Sendable, Hashable {
        /// The kinds Data Flow knows.
        public enum Kind: String, Sendable, Hashable, CaseIterable {
            case grafana = "GRAFANA"
            case wavefront = "WAVEFRONT"
            case none = "NONE"
        }

        /// `url`: the dashboard's root URL; nil when not set.
        public var url: String?
        /// `type`: GRAFANA (the default when a URL is set; Data Flow's default is NONE, which hides the URL), WAVEFRONT or NONE.
        public var kind: Kind
        /// `grafana.refresh-interval`: seconds (default 15).
        public var refreshInterval: Int
        /// `wavefront.source`, for a Wavefront dashboard.
        public var wavefrontSource: String?

        /// Whether `/about` shows the dashboard: a URL is set and the type is not NONE.
        public var isEnabled: Bool { url != nil && kind != .none }

        /// Creates settings.
        public init(url: String? = nil, kind: Kind? = nil, refreshInterval: Int = 15, wavefrontSource: String? = nil) {
            self.url = url
            self.kind = kind ?? (url == nil ? .none : .grafana)
            self.refreshInterval = refreshInterval
            self.wavefrontSource = wavefrontSource
        }

        init(_ properties: ServerProperties) throws(ServerConfigurationError) {
            let prefix = "spring.cloud.dataflow.metrics.dashboard"
            let text = properties.value(key: "\(prefix).url")?.text.trimmingCharacters(in: .whitespaces)
            url = text?.isEmpty == false ? text : nil
            kind = try properties.value(key: "\(prefix).type").map { value throws(ServerConfigurationError) in
                Kind(rawValue: try PropertyValueParsing.choice(value, Kind.allCases.map(\.rawValue)))!
            } ?? (url == nil ? .none : .grafana)
            refreshInterval = try properties.value(key: "\(prefix).grafana.refresh-interval").map { value throws(ServerConfigurationError) in
                try PropertyValueParsing.integer(value, in: 1...86_400, expected: "a number of seconds from 1 to 86400")
            } ?? 15
            wavefrontSource = properties.value(key: "\(prefix).wavefront.source")?.text
        }
    }

    /// The server's own metrics, pushed to a Prometheus RSocket proxy, under the names Spring
    /// Boot apps in Data Flow use (`management.metrics.export.prometheus.rsocket.*`).
    public struct PrometheusRSocketExport: Sendable, Hashable {
        /// `enabled` (default false).
        public var enabled: Bool
        /// `host` (default localhost).
        public var host: String
        /// `port` (default 7001).
        public var port: Int
        /// The other settings given (`max-retries`, `first-backoff`, `max-backoff`, `timeout`,
        /// `transport`, `secure`), by their names after the prefix, unparsed: the MetricsRSocket
        /// module's `PrometheusRSocketSettings` reads them (see ``launchArguments``).
        public var properties: [String: String]

        /// Every setting as a `--management.metrics.export.prometheus.rsocket.NAME=VALUE`
        /// argument, for `PrometheusRSocketSettings(arguments:environment:)`.
        public var launchArguments: [String] {
            let prefix = "--management.metrics.export.prometheus.rsocket."
            return ["\(prefix)enabled=\(enabled)", "\(prefix)host=\(host)", "\(prefix)port=\(port)"]
                + properties.keys.sorted().map { "\(prefix)\($0)=\(properties[$0]!)" }
        }

        /// Creates settings; the defaults are Spring's.
        public init(enabled: Bool = false, host: String = "localhost", port: Int = 7001, properties: [String: String] = [:]) {
            self.enabled = enabled
            self.host = host
            self.port = port
            self.properties = properties
        }

        init(_ properties: ServerProperties) throws(ServerConfigurationError) {
            let prefix = "management.metrics.export.prometheus.rsocket"
            enabled = try properties.value(key: "\(prefix).enabled").map(PropertyValueParsing.bool) ?? false
            host = try properties.value(key: "\(prefix).host").map { value throws(ServerConfigurationError) in
                try PropertyValueParsing.text(value, expected: "the proxy's host name or address")
            } ?? "localhost"
            port = try properties.value(key: "\(prefix).port").map { value throws(ServerConfigurationError) in
                try PropertyValueParsing.port(value, allowZero: false)
            } ?? 7001
            var others: [String: String] = [:]
            for name in ["max-retries", "first-backoff", "max-backoff", "timeout", "transport", "secure"] {
                if let value = properties.value(key: "\(prefix).\(name)") { others[name] = value.text }
            }
            self.properties = others
        }
    }

    /// Something noticed while reading the configuration; logged at load and kept for `/about`.
    public struct Warning: Sendable, Hashable, CustomStringConvertible {
        /// The property as written (`spring.cloud.dataflow.features.task-enabled`, `SERVER_PROT`),
        /// or the ignored argument.
        public let name: String
        /// Where it was written, if anywhere.
        public let source: ServerPropertySource?
        /// The known property meant, when the name looks like a misspelling of it.
        public let suggestion: String?
        /// The whole message.
        public let message: String

        /// The message.
        public var description: String { message }

        /// Warnings for the unknown names under the server's prefixes, and for ignored arguments.
        ///
        /// A name from an argument, `SPRING_APPLICATION_JSON`, a secrets file or the YAML file is
        /// always reported: as a likely misspelling with the known property meant ("did you mean
        /// …?"), else as ignored, naming the nearest known property. An environment variable is
        /// shared with every other program in the environment (`SERVER_SOFTWARE`, `SERVER_HOST`,
        /// `DATAFLOW_VERSION`), so it is reported only as a likely misspelling. Likely: names
        /// compared run together (as they bind), the part after the owned prefix 4-7 characters
        /// long and 1 edit away (a swap of neighbours is one edit), 8-15 and up to 2, longer and
        /// up to 3.
        static func collect(_ properties: ServerProperties) -> [Warning] {
            var warnings: [Warning] = []
            var reported: Set<String> = []
            for entry in properties.unknownEntries {
                let source = entry.value.source
                guard reported.insert("\(source.origin)|\(entry.name.written)").inserted else { continue }
                let nearest = ServerPropertyCatalog.nearest(to: entry.name)
                var remainder = entry.name.flat.count
                if case .unknown(let prefix) = entry.classification { remainder -= ServerPropertyName.flat(prefix).count }
                let likely = nearest.map { ServerPropertyCatalog.isLikelyMisspelling(distance: $0.distance, remainder: remainder) } ?? false
                if likely, let nearest {
                    // In the environment, suggest the variable (legacy form, dashes as `_`: what users write).
                    let shown =
                        source.origin == .environment
                        ? "\(ServerPropertyName.environmentVariable(for: nearest.name.replacingOccurrences(of: "-", with: "_"))) (\(nearest.name))"
                        : nearest.name
                    warnings.append(
                        Warning(
                            name: entry.name.written, source: source, suggestion: nearest.name,
                            message: "\(source): unknown property; did you mean \(shown)?"))
                } else if source.origin != .environment {
                    warnings.append(
                        Warning(
                            name: entry.name.written, source: source, suggestion: nil,
                            message: "\(source): unknown property, ignored" + (nearest.map { "; the nearest property this server reads is \($0.name)" } ?? "")))
                }
            }
            for argument in properties.positionalArguments {
                warnings.append(
                    Warning(
                        name: argument, source: nil, suggestion: nil,
                        message: "argument '\(argument)' is ignored: the server takes --name=value properties (and --config=PATH)"))
            }
            return warnings
        }
    }
}
