import ArgumentParser
import Database
import Foundation
import Logging

/// Where the metadata database is: `--db`, else the Spring datasource settings, else `sqlite:./dataflow.db`.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .customLong("db"),
        help: ArgumentHelp(
            "Database URL: sqlite:/path/file.db, sqlite::memory:, postgres://user:password@host:5432/database or jdbc:postgresql://host:5432/database.",
            valueName: "url"))
    var url: String?

    @Option(name: .customLong("spring.datasource.url"), help: "Spring-style URL, used when --db is not given (also SPRING_DATASOURCE_URL).")
    var springURL: String?

    @Option(name: .customLong("spring.datasource.username"), help: "User name for a URL without one (also SPRING_DATASOURCE_USERNAME).")
    var springUsername: String?

    @Option(name: .customLong("spring.datasource.password"), help: "Password for a URL without one (also SPRING_DATASOURCE_PASSWORD).")
    var springPassword: String?

    @Option(name: .customLong("spring.datasource.driverClassName"), help: .hidden)
    var springDriverClassName: String?

    @Flag(name: .long, help: "Log what the database layer does.")
    var verbose = false

    /// Whether the database was named on the command line (`--db` or `--spring.datasource.url`):
    /// the commands that can ask the server or read the database read the database then.
    var isGiven: Bool { url != nil || springURL != nil }

    /// The resolved database URL: the parsed options handed to the one reader of launch
    /// properties, over the environment.
    func databaseURL() throws -> DatabaseURL {
        let given = [("url", springURL), ("username", springUsername), ("password", springPassword)]
        let arguments = given.compactMap { name, value in
            value.map { LaunchProperties.argument("spring.datasource.\(name)", $0) }
        }
        let properties = LaunchProperties(arguments: arguments, environment: ProcessInfo.processInfo.environment)
        return try DataSourceSettings.resolve(explicitURL: url, properties: properties).databaseURL()
    }

    /// Runs `body` with a small pool over the resolved database.
    func withPool<T>(createIfMissing: Bool = true, _ body: (ConnectionPool) async throws -> T) async throws -> T {
        var logger = Logger(label: "dataflow")
        logger.logLevel = verbose ? .debug : .warning
        let configuration = ConnectionPool.Configuration(maximumConnections: 2, createIfMissing: createIfMissing)
        return try await ConnectionPool.withPool(url: try databaseURL(), configuration: configuration, logger: logger) {
            try await body($0)
        }
    }
}
