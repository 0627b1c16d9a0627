import Foundation

extension DatabaseURL {
    /// Parses what follows `postgres://` (or `jdbc:postgresql://`): `[user[:password]@]host[:port][,...][/db][?k=v&...]`.
    static func postgres(_ body: String, jdbc: Bool, original: String) throws(DatabaseError) -> PostgresSettings {
        var rest = Substring(body)
        var query = Substring("")
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        var path: Substring?
        if let slash = rest.firstIndex(of: "/") {
            path = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
        }
        var settings = PostgresSettings()
        if let at = rest.lastIndex(of: "@") {
            let userInfo = rest[..<at]
            rest = rest[rest.index(after: at)...]
            if let colon = userInfo.firstIndex(of: ":") {
                settings.user = try decode(userInfo[..<colon], original)
                settings.password = try decode(userInfo[userInfo.index(after: colon)...], original)
            } else {
                settings.user = try decode(userInfo, original)
            }
        }
        try parseHosts(rest, into: &settings, original: original)
        if let path, !path.isEmpty { settings.database = try decode(path, original) }
        for pair in query.split(separator: "&") where !pair.isEmpty {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = try decode(parts[0], original)
            let value = parts.count > 1 ? try decode(parts[1], original) : ""
            try apply(key: key, value: value, jdbc: jdbc, to: &settings, original: original)
        }
        return settings
    }

    private static func parseHosts(_ text: Substring, into settings: inout PostgresSettings, original: String)
        throws(DatabaseError)
    {
        guard !text.isEmpty else { return }
        var hosts: [String] = []
        var ports: [String] = []
        for item in text.split(separator: ",") {
            var host = item
            var port: Substring = "5432"
            if item.hasPrefix("["), let close = item.firstIndex(of: "]") {
                host = item[item.index(after: item.startIndex)..<close]
                let after = item[item.index(after: close)...]
                if after.hasPrefix(":") { port = after.dropFirst() }
            } else if let colon = item.lastIndex(of: ":") {
                host = item[..<colon]
                port = item[item.index(after: colon)...]
            }
            guard let number = Int(port), (1...65535).contains(number) else {
                throw invalid(original, "port '\(port)' is not a number between 1 and 65535")
            }
            guard !host.isEmpty else { throw invalid(original, "empty host name") }
            hosts.append(try decode(host, original))
            ports.append(String(number))
        }
        settings.host = hosts.joined(separator: ",")
        settings.port = ports.joined(separator: ",")
    }

    /// Applies one query parameter; JDBC names are translated to libpq keywords.
    private static func apply(
        key: String, value: String, jdbc: Bool, to settings: inout PostgresSettings, original: String
    ) throws(DatabaseError) {
        switch key {
        case "user": settings.user = value
        case "password": settings.password = value
        case "currentSchema", "search_path": settings.schema = value
        case "dbname": settings.database = value
        case "host": settings.host = value
        case "port": settings.port = value
        case "ssl" where jdbc:
            if value != "false", settings.option("sslmode") == nil {
                settings.options.append(.init(key: "sslmode", value: "require"))
            }
        case "connectTimeout" where jdbc: settings.options.append(.init(key: "connect_timeout", value: value))
        case "ApplicationName" where jdbc: settings.options.append(.init(key: "application_name", value: value))
        case "targetServerType" where jdbc:
            let attrs = ["primary": "read-write", "master": "read-write", "secondary": "read-only",
                         "preferSecondary": "prefer-standby", "any": "any"]
            if let mapped = attrs[value] { settings.options.append(.init(key: "target_session_attrs", value: mapped)) }
        case "sslmode", "sslrootcert", "sslcert", "sslkey", "options", "application_name", "connect_timeout",
            "target_session_attrs", "keepalives", "keepalives_idle", "sslcompression", "gssencmode", "krbsrvname",
            "channel_binding", "passfile", "service", "hostaddr", "tcp_user_timeout":
            settings.options.append(.init(key: key, value: value))
        default:
            // Other JDBC driver properties (stringtype, reWriteBatchedInserts, ...) tune the Java
            // driver only and have no libpq meaning; an unknown parameter on a postgres:// URL is a mistake.
            if !jdbc { throw invalid(original, "unknown connection parameter '\(key)'") }
        }
    }

    private static func decode(_ text: Substring, _ original: String) throws(DatabaseError) -> String {
        guard let decoded = String(text).removingPercentEncoding else {
            throw invalid(original, "bad percent-encoding in '\(text)'")
        }
        return decoded
    }
}
