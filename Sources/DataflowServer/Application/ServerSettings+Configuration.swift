import Database
import Foundation

extension ServerSettings {
    /// The settings the server is built from, read from its configuration.
    /// - Throws: ``DatabaseError`` for a datasource URL that does not parse.
    public init(_ configuration: DataflowServerConfiguration) throws {
        let source = DataSourceSettings(
            url: configuration.datasource.url.normalized, username: configuration.datasource.username,
            password: configuration.datasource.password, source: "\(configuration.datasource.source)")
        let database = try source.databaseURL()
        var appDataSource = source
        if let absolute = Self.urlText(database) { appDataSource.url = absolute }
        self.init(
            address: configuration.address, port: configuration.port, database: database, migrate: configuration.flywayEnabled,
            features: Features(
                streams: configuration.features.streamsEnabled, tasks: configuration.features.tasksEnabled,
                schedules: configuration.features.schedulesEnabled),
            dashboardURL: configuration.dashboard.isEnabled ? configuration.dashboard.url : nil,
            security: configuration.security, appDataSource: appDataSource,
            platforms: configuration.localAccounts.map(PlatformAccount.init))
        let runner = configuration.composedTasks.runnerURI
        composedTasks = ComposedTaskSettings(
            runnerURI: runner == nil ? ComposedTaskSettings.runnerBesideExecutable : runner!.isEmpty ? nil : runner,
            serverURI: configuration.composedTasks.serverURI)
    }
}

extension PlatformAccount {
    /// An account from its configuration.
    init(_ account: DataflowServerConfiguration.LocalPlatformAccount) {
        self.init(
            name: account.name, maximumConcurrentTasks: account.maximumConcurrentTasks, queueEnabled: account.queue.enabled,
            queueCapacity: account.queue.capacity, maximumPerDefinition: account.queue.maximumPerDefinition,
            stopGracePeriod: account.shutdownTimeout == .zero ? .seconds(86_400 * 365) : account.shutdownTimeout,
            workingDirectoriesRoot: account.deployerProperties["working-directories-root"] ?? "dataflow-launches",
            inheritedEnvironment: (account.deployerProperties["env-vars-to-inherit"] ?? "").split(separator: ",")
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty },
            useSpringApplicationJSON: account.deployerProperties["use-spring-application-json"]?.lowercased() != "false")
    }
}

extension ServerConfigurationError: CategorizedError {
    /// A configuration the server cannot start with is bad input (exit code 2).
    public var category: ErrorCategory { .badInput }
}
