/// One property the server reads.
public struct ServerPropertySpec: Sendable, Hashable {
    /// The documented name, dotted and dashed (`server.port`); for a member of a
    /// ``ServerPropertyFamily`` the part after the map key (`maximum-concurrent-tasks`).
    public let name: String
    /// Whether the value is a secret: never logged, never echoed in messages.
    public let isSecret: Bool
    /// What it sets, for documentation.
    public let summary: String

    init(_ name: String, secret: Bool = false, _ summary: String) {
        self.name = name
        self.isSecret = secret
        self.summary = summary
    }
}

/// Properties that form a map by name, such as the local platform's accounts
/// (`spring.cloud.dataflow.task.platform.local.accounts.<account>.maximum-concurrent-tasks`).
public struct ServerPropertyFamily: Sendable, Hashable {
    /// The name before the map key (`spring.cloud.dataflow.task.platform.local.accounts`).
    public let prefix: String
    /// What the map key names, for documentation (`account`).
    public let placeholder: String
    /// The properties of each entry.
    public let members: [ServerPropertySpec]
}

/// Every property name the server knows, the prefixes it owns (under which an unknown name is
/// taken for a misspelling), and the search for the nearest known name.
public enum ServerPropertyCatalog {
    /// The prefixes the server owns: a name under one of them that is not a known property is
    /// reported (see ``DataflowServerConfiguration/Warning``).
    public static let ownedPrefixes = [
        "spring.cloud.dataflow.", "server.", "spring.datasource.", "spring.flyway.",
        "management.metrics.export.prometheus.rsocket.", "dataflow.",
    ]

    /// Where the secrets directories are named (Spring's config-tree import).
    public static let configImport = "spring.config.import"
    /// Spring's name for the configuration file's location (`--config` is the short form).
    public static let configLocation = "spring.config.location"
    /// JSON properties in one variable or argument, as Spring Boot reads them.
    public static let applicationJSON = "spring.application.json"

    /// The properties with fixed names.
    public static let properties: [ServerPropertySpec] = [
        .init("server.port", "HTTP port (1-65535, or 0 for any free port); default 9393"),
        .init("server.address", "address to listen on; default 127.0.0.1"),
        .init("spring.datasource.url", "database: jdbc:postgresql://…, postgres://…, sqlite:PATH or a file path; default ./dataflow.db"),
        .init("spring.datasource.username", "database user, when the URL has none"),
        .init("spring.datasource.password", secret: true, "database password, when the URL has none"),
        .init("spring.datasource.driver-class-name", "accepted for Data Flow compatibility; the URL decides the driver"),
        .init("spring.flyway.enabled", "apply pending schema migrations at start; default true"),
        .init("spring.cloud.dataflow.features.streams-enabled", "streams feature (never served; shown in /about); default false"),
        .init("spring.cloud.dataflow.features.tasks-enabled", "tasks and jobs endpoints; default true"),
        .init("spring.cloud.dataflow.features.schedules-enabled", "schedules endpoints; default true"),
        .init(
            "spring.cloud.dataflow.task.composed-task-runner.uri",
            "the composed-task runner (file:PATH), registered at start as task app composed-task-runner; default the one beside dataflow-server; empty: none"),
        .init("spring.cloud.dataflow.server.uri", "the URL composed-task runners reach this server at; default http://<server.address>:<port>"),
        .init("spring.cloud.dataflow.metrics.dashboard.url", "monitoring dashboard (Grafana) URL shown in /about; default none"),
        .init("spring.cloud.dataflow.metrics.dashboard.type", "GRAFANA, WAVEFRONT or NONE; default GRAFANA when a URL is set"),
        .init("spring.cloud.dataflow.metrics.dashboard.grafana.refresh-interval", "dashboard refresh in seconds; default 15"),
        .init("spring.cloud.dataflow.metrics.dashboard.grafana.token", secret: true, "accepted for Data Flow compatibility; not used"),
        .init("spring.cloud.dataflow.metrics.dashboard.wavefront.source", "Wavefront source shown in /about"),
        .init("management.metrics.export.prometheus.rsocket.enabled", "push the server's metrics to a Prometheus RSocket proxy; default false"),
        .init("management.metrics.export.prometheus.rsocket.host", "the proxy's host; default localhost"),
        .init("management.metrics.export.prometheus.rsocket.port", "the proxy's RSocket port; default 7001"),
        .init("management.metrics.export.prometheus.rsocket.max-retries", "reconnection attempts; default unlimited"),
        .init("management.metrics.export.prometheus.rsocket.first-backoff", "first reconnection wait; default 10s"),
        .init("management.metrics.export.prometheus.rsocket.max-backoff", "longest reconnection wait; default 10m"),
        .init("management.metrics.export.prometheus.rsocket.timeout", "longest wait for the proxy at shutdown; default 5s"),
        .init("management.metrics.export.prometheus.rsocket.transport", "TCP or WEBSOCKET; default TCP"),
        .init("management.metrics.export.prometheus.rsocket.secure", "TLS to the proxy (not supported: false only)"),
        .init("dataflow.security.enabled", "require HTTP Basic or bearer authentication; default true when users or tokens are configured"),
        .init(configImport, "configtree:DIR (or optional:configtree:DIR), comma separated: secrets directories, one file per property"),
        .init(configLocation, "the configuration file ([optional:][file:]PATH, a file or a directory holding application.yaml)"),
        .init(applicationJSON, "properties as one JSON document (also the SPRING_APPLICATION_JSON variable)"),
    ]

    /// The local platform's accounts (Data Flow's `LocalDeployerProperties` per account, plus the launch queue).
    public static let localAccounts = ServerPropertyFamily(
        prefix: "spring.cloud.dataflow.task.platform.local.accounts", placeholder: "account",
        members: [
            .init("maximum-concurrent-tasks", "running launches allowed at once on this account (1 or more); default 20"),
            .init("shutdown-timeout", "seconds a stopped task gets to exit before it is killed (0: wait forever); default 30"),
            .init("queue.enabled", "queue launches beyond maximum-concurrent-tasks instead of refusing them; default false"),
            .init("queue.capacity", "queued launches allowed (1 or more); default 100"),
            .init("queue.maximum-per-definition", "running launches of one definition at once; default no limit besides the account's"),
            .init("working-directories-root", "where each launch's working directory is made"),
            .init("delete-files-on-exit", "delete launch directories at exit"),
            .init("env-vars-to-inherit", "comma separated patterns of server variables passed to tasks"),
            .init("java-opts", "options for java, when a task is a jar"),
            .init("java-cmd", "the java command, when a task is a jar"),
            .init("use-spring-application-json", "pass app properties as SPRING_APPLICATION_JSON instead of arguments"),
            .init("inherit-logging", "send task output to the server's own"),
            .init("port-range.low", "lowest port offered to tasks"),
            .init("port-range.high", "highest port offered to tasks"),
            .init("debug-port", "remote debug port"),
            .init("debug-address", "remote debug address"),
            .init("debug-suspend", "y or n: suspend until a debugger attaches"),
            .init("hostname", "host name used in task URLs"),
            .init("docker.network", "Docker network for container tasks"),
            .init("docker.delete-container-on-exit", "remove task containers at exit"),
            .init("docker.port-mappings", "Docker port mappings"),
            .init("docker.volume-mounts", "Docker volume mounts"),
            .init("startup-probe.path", "HTTP path probed at start"),
            .init("health-probe.path", "HTTP path probed for health"),
        ])

    /// HTTP Basic users.
    public static let securityUsers = ServerPropertyFamily(
        prefix: "dataflow.security.users", placeholder: "user",
        members: [
            .init("password", secret: true, "bcrypt hash ($2a$, $2b$ or $2y$) of the user's password"),
            .init("roles", "comma separated roles: VIEW, CREATE, DEPLOY, DESTROY, MODIFY, SCHEDULE, MANAGE; default VIEW"),
        ])

    /// Bearer tokens.
    public static let securityTokens = ServerPropertyFamily(
        prefix: "dataflow.security.tokens", placeholder: "token",
        members: [
            .init("token-sha256", secret: true, "SHA-256 of the bearer token, 64 hexadecimal digits"),
            .init("roles", "comma separated roles, as for users; default VIEW"),
        ])

    /// Every family.
    public static let families = [localAccounts, securityUsers, securityTokens]

    /// What a name is to the server.
    enum Classification: Sendable, Hashable {
        /// A known property: `key` is its documented name with a member's map key in canonical
        /// form (the key values are stored under), `display` with the map key as written.
        case known(key: String, display: String, spec: ServerPropertySpec, member: Member?)
        /// Under an owned prefix but no known property.
        case unknown(prefix: String)
        /// Nothing of the server's.
        case unrelated
    }

    /// Where a family member sits.
    struct Member: Sendable, Hashable {
        /// The family's prefix.
        let prefix: String
        /// The map key in canonical form (what entries merge by).
        let key: String
        /// The map key as written.
        let written: String
    }

    private static let byFlat: [String: ServerPropertySpec] = Dictionary(
        properties.map { (ServerPropertyName.flat($0.name), $0) }, uniquingKeysWith: { first, _ in first })

    /// Classifies a name.
    static func classify(_ name: ServerPropertyName) -> Classification {
        let flat = name.flat
        if let spec = byFlat[flat] {
            return .known(key: spec.name, display: spec.name, spec: spec, member: nil)
        }
        for family in families {
            guard let split = split(name, under: family.prefix), split.rest.count > 0 else { continue }
            let rest = split.rest.joined()
            if let spec = family.members.first(where: { ServerPropertyName.flat($0.name) == rest }) {
                let member = Member(prefix: family.prefix, key: name.elements[split.keyIndex], written: name.writtenElements[split.keyIndex])
                return .known(
                    key: "\(family.prefix).\(member.key).\(spec.name)", display: "\(family.prefix).\(member.written).\(spec.name)", spec: spec,
                    member: member)
            }
        }
        if let prefix = ownedPrefix(of: name) { return .unknown(prefix: prefix) }
        return .unrelated
    }

    /// The owned prefix a name is under, matched on element boundaries (`SERVER_PORT` is under
    /// `server.`, `SERVERLESS_MODE` is not).
    static func ownedPrefix(of name: ServerPropertyName) -> String? {
        ownedPrefixes.first { prefix in
            guard let count = elementCount(of: name, matching: String(prefix.dropLast())) else { return false }
            return count < name.elements.count
        }
    }

    /// How many leading elements of `name` spell `dotted` run together, if some do exactly.
    static func elementCount(of name: ServerPropertyName, matching dotted: String) -> Int? {
        let target = ServerPropertyName.flat(dotted)
        var joined = ""
        for (index, element) in name.elements.enumerated() {
            joined += element
            if joined == target { return index + 1 }
            if !target.hasPrefix(joined) { return nil }
        }
        return nil
    }

    /// Splits a name under a family prefix into the map key's index and the elements after it.
    static func split(_ name: ServerPropertyName, under prefix: String) -> (keyIndex: Int, rest: ArraySlice<String>)? {
        guard let count = elementCount(of: name, matching: prefix), count < name.elements.count else { return nil }
        return (count, name.elements[(count + 1)...])
    }

    /// The known name nearest to `name` (by edit distance on the names run together), with the
    /// distance; a family member is tried with the map key as written in `name`.
    static func nearest(to name: ServerPropertyName) -> (name: String, distance: Int)? {
        var candidates = properties.map(\.name).filter { $0.contains(".") && !$0.hasPrefix("spring.config.") && $0 != applicationJSON }
        for family in families {
            var keyIndexes: Set<Int> = []
            if let split = split(name, under: family.prefix) { keyIndexes.insert(split.keyIndex) }
            // A misspelt prefix (`acounts`) still has the map key where the prefix's elements end.
            let position = family.prefix.split(separator: ".").count
            if name.elements.count > position + 1 { keyIndexes.insert(position) }
            for index in keyIndexes.sorted() {
                let written = name.writtenElements[index]
                candidates += family.members.map { "\(family.prefix).\(written).\($0.name)" }
            }
        }
        let flat = Array(name.flat.unicodeScalars)
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(flat, Array(ServerPropertyName.flat(candidate).unicodeScalars))
            if best == nil || distance < best!.distance { best = (candidate, distance) }
        }
        return best
    }

    /// Whether a distance makes a likely misspelling, given how long the name is after its owned
    /// prefix (run together): up to 1 edit in 4-7 characters, 2 in 8-15, 3 beyond; never in 3 or
    /// fewer (`SERVER_HOST` is no misspelt `server.port`: half of `host` differs).
    static func isLikelyMisspelling(distance: Int, remainder: Int) -> Bool {
        let allowed = remainder < 4 ? 0 : remainder < 8 ? 1 : remainder < 16 ? 2 : 3
        return distance > 0 && distance <= allowed
    }

    /// Edit distance with adjacent transpositions counted as one edit (optimal string alignment).
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, previous2[j - 2] + 1)
                }
                current[j] = value
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }

    /// Whether a name looks like it holds a secret (password, secret, token, credentials, key).
    public static func looksSecret(_ name: String) -> Bool {
        let lowered = name.lowercased()
        return ["password", "passwd", "secret", "token", "credential", "key"].contains { lowered.contains($0) }
    }
}
