import Foundation
import Properties

/// Settings of the Prometheus RSocket proxy client, read from the properties Spring apps use.
///
/// Two spellings name the same settings (relaxed binding: case, `-` and `_` do not matter):
/// - `management.metrics.export.prometheus.rsocket.<setting>` (Spring Boot 2, what Data Flow
///   deployments pass), environment `MANAGEMENT_METRICS_EXPORT_PROMETHEUS_RSOCKET_<SETTING>`;
/// - `micrometer.prometheus.rsocket.<setting>` (the client's own, newer names), environment
///   `MICROMETER_PROMETHEUS_RSOCKET_<SETTING>`.
///
/// Settings: `enabled` (default false), `host` (localhost), `port` (7001), `first-backoff` (10s),
/// `max-backoff` (10m), `max-retries` (unlimited), `timeout` (5s: the longest wait at exit for a
/// key and the acknowledgement of the final push), `transport` (`TCP`, or `WEBSOCKET` for the
/// proxy's WebSocket port, usually 8081) and `secure` (false only).
/// `management.metrics.tags.<key>=<value>` adds common tags to every series.
///
/// Read through ``LaunchProperties``: arguments (`--name=value` or `--name value`) win over
/// `SPRING_APPLICATION_JSON`, which wins over the environment.
public struct PrometheusRSocketSettings: Sendable, Hashable {
    /// Whether the client runs at all.
    public var enabled: Bool
    /// The proxy's host.
    public var host: String
    /// The proxy's RSocket port (TCP 7001, or its WebSocket port, 8081, with ``transport`` `WEBSOCKET`).
    public var port: Int
    /// TCP (the default) or WebSocket (path `/`).
    public var transport: RSocketTransport
    /// The wait before the first reconnection attempt; it doubles up to ``maxBackoff``.
    public var firstBackoff: Duration
    /// The longest wait between reconnection attempts.
    public var maxBackoff: Duration
    /// How many reconnection attempts to make after a connection fails or drops; nil means no limit.
    public var maxRetries: Int?
    /// The longest wait at exit for a key and for the acknowledgement of the final push.
    public var timeout: Duration
    /// Common tags from `management.metrics.tags.*`, in the order given.
    public var tags: [(String, String)]

    /// The defaults: disabled, `localhost:7001`, backoff 10 s to 10 min, 5 s timeout, no tags.
    public init(
        enabled: Bool = false, host: String = "localhost", port: Int = 7001, firstBackoff: Duration = .seconds(10),
        maxBackoff: Duration = .seconds(600), maxRetries: Int? = nil, timeout: Duration = .seconds(5), tags: [(String, String)] = [],
        transport: RSocketTransport = .tcp
    ) {
        self.enabled = enabled
        self.host = host
        self.port = port
        self.transport = transport
        self.firstBackoff = firstBackoff
        self.maxBackoff = maxBackoff
        self.maxRetries = maxRetries
        self.timeout = timeout
        self.tags = tags
    }

    /// Reads the settings from launch arguments and environment variables (see ``init(properties:)``).
    /// - Throws: ``MetricsRSocketError/Code/invalidSettings`` naming the property and the bad value.
    public init(arguments: [String], environment: [String: String]) throws(MetricsRSocketError) {
        try self.init(properties: LaunchProperties(arguments: arguments, environment: environment))
    }

    /// Reads the settings from the launch properties: for each setting the highest-precedence
    /// of its two spellings, and every `management.metrics.tags.*`.
    /// - Throws: ``MetricsRSocketError/Code/invalidSettings`` naming the property and the bad value.
    public init(properties: LaunchProperties) throws(MetricsRSocketError) {
        self.init()
        func value(_ setting: String) -> LaunchProperties.Value? {
            properties[anyOf: Self.prefixes.map { $0 + setting }]
        }
        do {
            tags = properties.withPrefix("management.metrics.tags").map { ($0.key, $0.value.text) }
            if let value = value("enabled") { enabled = try Self.bool(value) }
            if let value = value("host") {
                guard !value.text.isEmpty else { throw PropertyError(value, expected: "a host name or address") }
                host = value.text
            }
            if let value = value("port") {
                guard let number = Int(value.text), (1...65535).contains(number) else {
                    throw PropertyError(value, expected: "a port from 1 to 65535")
                }
                port = number
            }
            if let value = value("first-backoff") { firstBackoff = try Self.duration(value) }
            if let value = value("max-backoff") { maxBackoff = try Self.duration(value) }
            if let value = value("timeout") { timeout = try Self.duration(value) }
            if let value = value("max-retries") {
                guard let number = Int(value.text), number >= 0 else { throw PropertyError(value, expected: "a number of retries (0 or more)") }
                maxRetries = number == Int(Int32.max) || number == Int(Int64.max) ? nil : number
            }
            if let value = value("transport") {
                switch value.text.uppercased() {
                case "TCP": transport = .tcp
                case "WEBSOCKET": transport = .webSocket(path: "/")
                default: throw PropertyError(value, expected: "TCP (the proxy's port 7001) or WEBSOCKET (its port 8081)")
                }
            }
            if let value = value("secure"), try Self.bool(value) {
                throw MetricsRSocketError(
                    .invalidSettings, "\(value.source)=true is not supported: swift-batch connects to the proxy without TLS; set it to false")
            }
        } catch let error as PropertyError {
            throw MetricsRSocketError(.invalidSettings, error.message)
        } catch let error as MetricsRSocketError {
            throw error
        } catch {
            throw MetricsRSocketError(.invalidSettings, "\(error)")
        }
    }

    /// Parses a Spring-style duration (`500ms`, `10s`, `5m`, `PT10S`, or milliseconds) given as
    /// the command-line option `option`.
    package static func parseDuration(_ text: String, option: String) throws(MetricsRSocketError) -> Duration {
        guard let duration = SpringDuration.parse(text) else {
            throw MetricsRSocketError(.invalidSettings, "\(option) must be a duration such as 10s, 500ms or PT10S, not '\(text)'")
        }
        return duration
    }

    static let prefixes = ["management.metrics.export.prometheus.rsocket.", "micrometer.prometheus.rsocket."]

    static func bool(_ value: LaunchProperties.Value) throws(PropertyError) -> Bool {
        switch value.text.lowercased() {
        case "true": return true
        case "false": return false
        default: throw PropertyError(value, expected: "true or false")
        }
    }

    static func duration(_ value: LaunchProperties.Value) throws(PropertyError) -> Duration {
        guard let duration = SpringDuration.parse(value.text) else {
            throw PropertyError(value, expected: "a duration such as 10s, 500ms or PT10S")
        }
        return duration
    }

    /// Equal when every setting and tag is equal.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.enabled == rhs.enabled && lhs.host == rhs.host && lhs.port == rhs.port && lhs.transport == rhs.transport
            && lhs.firstBackoff == rhs.firstBackoff
            && lhs.maxBackoff == rhs.maxBackoff && lhs.maxRetries == rhs.maxRetries && lhs.timeout == rhs.timeout
            && lhs.tags.elementsEqual(rhs.tags, by: { $0 == $1 })
    }

    /// Hashes every setting and tag.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(enabled)
        hasher.combine(host)
        hasher.combine(port)
        hasher.combine(transport)
        hasher.combine(firstBackoff)
        hasher.combine(maxBackoff)
        hasher.combine(maxRetries)
        hasher.combine(timeout)
        for (key, value) in tags {
            hasher.combine(key)
            hasher.combine(value)
        }
    }
}
