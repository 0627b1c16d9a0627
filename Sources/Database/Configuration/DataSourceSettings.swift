/// Finds the database to use from the settings a user already has, in the order Spring
/// users expect: an explicit URL (`--db`), then `spring.datasource.url` from the launch
/// properties (command line, `SPRING_APPLICATION_JSON`, then `SPRING_DATASOURCE_URL` in the
/// environment), then ``defaultURL``.
///
/// The user name and password come from `spring.datasource.username` / `spring.datasource.password`
/// (`--spring.datasource.password=...` or `SPRING_DATASOURCE_PASSWORD`) and fill in what the URL
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

    /// Collects the settings from the launch properties: `--spring.datasource.url`,
    /// `--spring.datasource.username`, `--spring.datasource.password` or their environment
    /// forms (`SPRING_DATASOURCE_URL`, ..., or `SPRING_APPLICATION_JSON`).
    /// - Parameters:
    ///   - explicitURL: The value of a `--db` option, if the user gave one; it wins.
    ///   - properties: The launch properties.
    public static func resolve(explicitURL: String?, properties: LaunchProperties) -> DataSourceSettings {
        let username = properties["spring.datasource.username"]?.text
        let password = properties["spring.datasource.password"]?.text
        if let explicitURL {
            return DataSourceSettings(url: explicitURL, username: username, password: password, source: "--db")
        }
        if let url = properties["spring.datasource.url"], !url.text.isEmpty {
            return DataSourceSettings(url: url.text, username: username, password: password, source: url.source)
        }
        return DataSourceSettings(url: defaultURL, username: username, password: password, source: "default")
    }

    /// Collects the settings from raw arguments and the environment (see ``resolve(explicitURL:properties:)``).
    public static func resolve(
        explicitURL: String?, arguments: [String], environment: [String: String]
    ) -> DataSourceSettings {
        resolve(explicitURL: explicitURL, properties: LaunchProperties(arguments: arguments, environment: environment))
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
}
