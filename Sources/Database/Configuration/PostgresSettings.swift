/// Where and how to reach a PostgreSQL server: the parts of a `postgres://` or
/// `jdbc:postgresql://` URL, ready for libpq.
public struct PostgresSettings: Sendable, Hashable {
    /// Host name, IP address or Unix socket directory; several comma-separated hosts are tried in order.
    public var host: String
    /// Port, or comma-separated ports matching ``host``.
    public var port: String
    /// Database name; nil means libpq's default (the user name).
    public var database: String?
    /// User name; nil means libpq's default (`PGUSER`, then the OS user).
    public var user: String?
    /// Password; nil means libpq's default (`PGPASSWORD`, then `~/.pgpass`).
    public var password: String?
    /// The schema to work in (`currentSchema=` in the URL): set as the connection's `search_path`.
    public var schema: String?
    /// Further libpq connection keywords (`sslmode`, `connect_timeout`, `application_name`, ...), in URL order.
    public var options: [Option]

    /// One libpq connection keyword and its value.
    public struct Option: Sendable, Hashable {
        /// The libpq keyword.
        public var key: String
        /// Its value.
        public var value: String

        /// Creates an option.
        public init(key: String, value: String) {
            self.key = key
            self.value = value
        }
    }

    /// Creates settings.
    public init(
        host: String = "localhost", port: String = "5432", database: String? = nil, user: String? = nil,
        password: String? = nil, schema: String? = nil, options: [Option] = []
    ) {
        self.host = host
        self.port = port
        self.database = database
        self.user = user
        self.password = password
        self.schema = schema
        self.options = options
    }

    /// The value of libpq keyword `key`, if set.
    public func option(_ key: String) -> String? {
        options.last { $0.key == key }?.value
    }

    /// The keyword/value pairs handed to `PQconnectdbParams`.
    func connectionKeywords(applicationName: String, connectTimeoutSeconds: Int) -> [(String, String)] {
        var pairs: [(String, String)] = [("host", host), ("port", port)]
        if let database { pairs.append(("dbname", database)) }
        if let user { pairs.append(("user", user)) }
        if let password { pairs.append(("password", password)) }
        if option("connect_timeout") == nil { pairs.append(("connect_timeout", String(connectTimeoutSeconds))) }
        if option("application_name") == nil { pairs.append(("application_name", applicationName)) }
        var serverOptions = "-c TimeZone=UTC -c DateStyle=ISO,MDY -c client_encoding=UTF8"
        if let schema { serverOptions += " -c search_path=\(Self.escapeOption(schema))" }
        for option in options {
            if option.key == "options" {
                serverOptions += " " + option.value
            } else {
                pairs.append((option.key, option.value))
            }
        }
        pairs.append(("options", serverOptions))
        return pairs
    }

    /// Escapes spaces and backslashes the way libpq's `options` keyword expects.
    private static func escapeOption(_ value: String) -> String {
        var escaped = ""
        for character in value {
            if character == " " || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }
}
