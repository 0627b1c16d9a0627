/// Finds the database to use from the settings a user already has, in the order Spring
/// users expect: an explicit URL (`--db`), then `--spring.datasource.url` on the command
/// line, then `SPRING_DATASOURCE_URL` in the environment, then ``defaultURL``.
///
/// The user name and password come from `--spring.datasource.username` / `--spring.datasource.password`
/// or `SPRING_DATASOURCE_USERNAME` / `SPRING_DATASOURCE_PASSWORD` and fill in what the URL
/// itself does not say, so a `jdbc:postgresql://host:5432/db` URL works with separate credentials.
public struct DataSourceSettings: Sendable, Hashable {
    /// The embedded default: an SQLite file in the working directory.
    public static let defaultURL = "sqlite:./dataflow.db"

    /// The URL text, if any setting gave one.
    public var url: String?
    /// The user name, if given separately.
    public var username: String?
    /// The password, if given separately.
    public var password: String?
    /// Where the URL came from, for messages (`--db`, `SPRING_DATASOURCE_URL`, `default`, ...).
    public var source: String

    /// Creates settings.
    public init(url: String?, username: String? = nil, password: String? = nil, source: String) {
        self.url = url
        self.username = username
        self.password = password
        self.source = source
    }

    /// Collects the settings.
    /// - Parameters:
    ///   - explicitURL: The value of a `--db` option, if the user gave one.
    ///   - arguments: Raw command-line arguments; `--spring.datasource.url=...` (or `... value`) and friends are read.
    ///   - environment: The process environment.
    public static func resolve(
        explicitURL: String?, arguments: [String], environment: [String: String]
    ) -> DataSourceSettings {
        resolve(
            explicitURL: explicitURL, springURL: springArgument("url", in: arguments),
            springUsername: springArgument("username", in: arguments),
            springPassword: springArgument("password", in: arguments), environment: environment)
    }

    /// Collects the settings from values a command-line parser already read.
    /// - Parameters:
    ///   - explicitURL: The value of `--db`.
    ///   - springURL: The value of `--spring.datasource.url`.
    ///   - springUsername: The value of `--spring.datasource.username`.
    ///   - springPassword: The value of `--spring.datasource.password`.
    ///   - environment: The process environment (`SPRING_DATASOURCE_*`).
    public static func resolve(
        explicitURL: String?, springURL: String?, springUsername: String?, springPassword: String?,
        environment: [String: String]
    ) -> DataSourceSettings {
        let username = springUsername ?? environment["SPRING_DATASOURCE_USERNAME"]
        let password = springPassword ?? environment["SPRING_DATASOURCE_PASSWORD"]
        if let explicitURL {
            return DataSourceSettings(url: explicitURL, username: username, password: password, source: "--db")
        }
        if let springURL {
            return DataSourceSettings(
                url: springURL, username: username, password: password, source: "--spring.datasource.url")
        }
        if let url = environment["SPRING_DATASOURCE_URL"], !url.isEmpty {
            return DataSourceSettings(url: url, username: username, password: password, source: "SPRING_DATASOURCE_URL")
        }
        return DataSourceSettings(url: defaultURL, username: username, password: password, source: "default")
    }

    /// The parsed URL with the separate user name and password filled in where the URL has none.
    /// - Throws: ``DatabaseError/Code/invalidURL`` naming the setting the URL came from.
    public func databaseURL() throws(DatabaseError) -> DatabaseURL {
        var parsed: DatabaseURL
        do {
            parsed = try DatabaseURL(url ?? Self.defaultURL)
        } catch {
            var error = error
            error.message += " (from \(source))"
            throw error
        }
        if case .postgres(var settings) = parsed.location {
            if settings.user == nil { settings.user = username }
            if settings.password == nil { settings.password = password }
            parsed.location = .postgres(settings)
        }
        return parsed
    }

    /// The value of `--spring.datasource.<name>=value` or `--spring.datasource.<name> value`; the last one wins.
    static func springArgument(_ name: String, in arguments: [String]) -> String? {
        let flag = "--spring.datasource.\(name)"
        var found: String?
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            if argument.hasPrefix(flag + "=") {
                found = String(argument.dropFirst(flag.count + 1))
            } else if argument == flag, index + 1 < arguments.endIndex {
                found = arguments[index + 1]
                index += 1
            }
            index += 1
        }
        return found
    }
}
