import Foundation

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
/// Arguments (`--name=value` or `--name value`) win over the environment.
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

    /// Reads the settings from launch arguments and environment variables.
    /// - Throws: ``MetricsRSocketError/Code/invalidSettings`` naming the property and the bad value.
    public init(arguments: [String], environment: [String: String]) throws(MetricsRSocketError) {
        self.init()
        var properties: [String: (text: String, source: String)] = [:]
        var tags: [(key: String, value: String, source: String)] = []
        func take(_ name: String, _ value: String, source: String) {
            let lower = name.lowercased()
            if lower.hasPrefix("management.metrics.tags.") {
                let key = String(name.dropFirst("management.metrics.tags.".count))
                tags.removeAll { $0.key == key }
                tags.append((key, value, source))
                return
            }
            for prefix in Self.prefixes where lower.hasPrefix(prefix) {
                properties[Self.canonical(lower.dropFirst(prefix.count))] = (value, source)
            }
        }
        for (key, value) in environment.sorted(by: { $0.key < $1.key }) {
            if key.hasPrefix("MANAGEMENT_METRICS_TAGS_") {
                take("management.metrics.tags." + key.dropFirst("MANAGEMENT_METRICS_TAGS_".count).lowercased(), value, source: key)
            } else if key.hasPrefix("MANAGEMENT_METRICS_EXPORT_PROMETHEUS_RSOCKET_") || key.hasPrefix("MICROMETER_PROMETHEUS_RSOCKET_") {
                take(key.lowercased().replacingOccurrences(of: "_", with: "."), value, source: key)
            }
        }
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("--management.") || argument.hasPrefix("--micrometer.") else { continue }
            let body = argument.dropFirst(2)
            if let equals = body.firstIndex(of: "=") {
                take(String(body[..<equals]), String(body[body.index(after: equals)...]), source: "--\(body[..<equals])")
            } else if index < arguments.count, !arguments[index].hasPrefix("-") {
                take(String(body), arguments[index], source: "--\(body)")
                index += 1
            } else {
                take(String(body), "true", source: "--\(body)")
            }
        }
        self.tags = tags.map { ($0.key, $0.value) }
        if let value = properties["enabled"] { enabled = try Self.bool(value) }
        if let value = properties["host"] {
            guard !value.text.isEmpty else { throw Self.invalid(value, "a host name or address") }
            host = value.text
        }
        if let value = properties["port"] {
            guard let number = Int(value.text), (1...65535).contains(number) else { throw Self.invalid(value, "a port from 1 to 65535") }
            port = number
        }
        if let value = properties["firstbackoff"] { firstBackoff = try Self.duration(value) }
        if let value = properties["maxbackoff"] { maxBackoff = try Self.duration(value) }
        if let value = properties["timeout"] { timeout = try Self.duration(value) }
        if let value = properties["maxretries"] {
            guard let number = Int(value.text), number >= 0 else { throw Self.invalid(value, "a number of retries (0 or more)") }
            maxRetries = number == Int(Int32.max) || number == Int(Int64.max) ? nil : number
        }
        if let value = properties["transport"] {
            switch value.text.uppercased() {
            case "TCP": transport = .tcp
            case "WEBSOCKET": transport = .webSocket(path: "/")
            default: throw Self.invalid(value, "TCP (the proxy's port 7001) or WEBSOCKET (its port 8081)")
            }
        }
        if let value = properties["secure"], try Self.bool(value) {
            throw MetricsRSocketError(
                .invalidSettings, "\(value.source)=true is not supported: swift-batch connects to the proxy without TLS; set it to false")
        }
    }

    /// Parses a Spring-style duration (`500ms`, `10s`, `5m`, `PT10S`, or milliseconds) given as
    /// the command-line option `option`.
    package static func parseDuration(_ text: String, option: String) throws(MetricsRSocketError) -> Duration {
        try duration((text, option))
    }

    static let prefixes = ["management.metrics.export.prometheus.rsocket.", "micrometer.prometheus.rsocket."]

    static func canonical(_ name: Substring) -> String { name.filter { $0 != "-" && $0 != "_" && $0 != "." } }

    static func invalid(_ value: (text: String, source: String), _ expected: String) -> MetricsRSocketError {
        MetricsRSocketError(.invalidSettings, "\(value.source) must be \(expected), not '\(value.text)'")
    }

    static func bool(_ value: (text: String, source: String)) throws(MetricsRSocketError) -> Bool {
        switch value.text.lowercased() {
        case "true": return true
        case "false": return false
        default: throw invalid(value, "true or false")
        }
    }

    /// Spring's duration forms: `500ms`, `10s`, `2m`, `1h`, `1d`, ISO-8601 `PT10S`, or a bare
    /// number of milliseconds.
    static func duration(_ value: (text: String, source: String)) throws(MetricsRSocketError) -> Duration {
        let text = value.text.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [(String, Int64)] = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000)]
        if let number = Int64(text), number >= 0 { return .milliseconds(number) }
        if text.hasPrefix("pt") || text.hasPrefix("p") {
            // ISO-8601 as java.time.Duration prints it: PT10S, PT1M30S, PT0.5S.
            var rest = Substring(text.dropFirst(text.hasPrefix("pt") ? 2 : 1))
            var total = 0.0
            let scale: [Character: Double] = ["h": 3600, "m": 60, "s": 1, "d": 86400]
            while !rest.isEmpty {
                guard let end = rest.firstIndex(where: { scale[$0] != nil }), let number = Double(rest[..<end]), number >= 0 else {
                    throw invalid(value, "a duration such as 10s, 500ms or PT10S")
                }
                total += number * scale[rest[end]]!
                rest = rest[rest.index(after: end)...]
            }
            return .milliseconds(Int64(total * 1000))
        }
        for (suffix, factor) in units where text.hasSuffix(suffix) {
            if let number = Int64(text.dropLast(suffix.count)), number >= 0 { return .milliseconds(number * factor) }
        }
        throw invalid(value, "a duration such as 10s, 500ms or PT10S")
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
