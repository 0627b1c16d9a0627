import Database
import Foundation

/// Everything the server is built from, read from its configuration (``ServerConfiguration``).
public struct ServerSettings: Sendable {
    /// The address to listen on (`server.address`, default 127.0.0.1).
    public var address: String
    /// The port (`server.port`, default 9393; 0 picks a free one).
    public var port: Int
    /// The metadata database.
    public var database: DatabaseURL
    /// Whether migrations run at start (`spring.flyway.enabled`).
    public var migrate: Bool
    /// The features on.
    public var features: Features
    /// The monitoring dashboard URL shown in `/about`.
    public var dashboardURL: String?
    /// Users, tokens and whether HTTP authentication is required.
    public var security: DataflowServerConfiguration.SecuritySettings
    /// Whether HTTP authentication is required.
    public var securityEnabled: Bool { security.enabled }
    /// The datasource the launched apps get (the server's own database, as a URL they can open
    /// from their own working directories).
    public var appDataSource: DataSourceSettings
    /// The platform accounts (the local platform's `default` when none is configured).
    public var platforms: [PlatformAccount]
    /// How the local scheduler looks for due schedules.
    public var scheduler: SchedulerSettings = SchedulerSettings()
    /// The composed-task runner and the URI it reaches the server at (none registered by default).
    public var composedTasks: ComposedTaskSettings = ComposedTaskSettings()

    /// Creates settings; the defaults are the server's.
    public init(
        address: String = "127.0.0.1", port: Int = 9393, database: DatabaseURL, migrate: Bool = true, features: Features = Features(),
        dashboardURL: String? = nil, security: DataflowServerConfiguration.SecuritySettings = .init(), appDataSource: DataSourceSettings? = nil,
        platforms: [PlatformAccount] = [PlatformAccount()]
    ) {
        self.address = address
        self.port = port
        self.database = database
        self.migrate = migrate
        self.features = features
        self.dashboardURL = dashboardURL
        self.security = security
        self.appDataSource = appDataSource ?? DataSourceSettings(url: Self.urlText(database), source: "server")
        self.platforms = platforms
    }

    /// A URL text for `database` that works from any directory (SQLite paths made absolute);
    /// PostgreSQL URLs need the caller's original text and credentials instead.
    static func urlText(_ database: DatabaseURL) -> String? {
        guard case .sqliteFile(let path) = database.location else { return nil }
        return "sqlite:" + (path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path)
    }
}

/// How the local scheduler works (``TaskScheduler``).
public struct SchedulerSettings: Sendable, Hashable {
    /// The longest sleep between two looks at the schedules (another server's changes are seen then).
    public var pollInterval: Duration
    /// How late a fire may be and still be on time; later ones are misfires.
    public var misfireThreshold: Duration

    /// Creates settings; the defaults are the server's.
    public init(pollInterval: Duration = .seconds(5), misfireThreshold: Duration = .seconds(60)) {
        self.pollInterval = pollInterval
        self.misfireThreshold = misfireThreshold
    }
}

/// One account of the local platform (`spring.cloud.dataflow.task.platform.local.accounts.<name>.*`).
public struct PlatformAccount: Sendable, Hashable {
    /// The account (platform) name.
    public var name: String
    /// Launches beyond this many running ones are refused, or queued when ``queueEnabled``.
    public var maximumConcurrentTasks: Int
    /// Whether launches beyond the limit wait in a persisted queue instead of being refused.
    public var queueEnabled: Bool
    /// How many launches may wait in the queue.
    public var queueCapacity: Int
    /// The most running launches of one definition (nil: no limit besides the platform's).
    public var maximumPerDefinition: Int?
    /// How long a stopped task gets between SIGTERM and SIGKILL.
    public var stopGracePeriod: Duration
    /// Where launch directories (logs) are created.
    public var workingDirectoriesRoot: String
    /// Environment variables the apps inherit besides the defaults.
    public var inheritedEnvironment: [String]
    /// Whether app properties go to the app in `SPRING_APPLICATION_JSON` (true, Data Flow's
    /// default) or as `--key=value` arguments; a launch's
    /// `deployer.<app>.local.use-spring-application-json` overrides it.
    public var useSpringApplicationJSON: Bool

    /// Creates an account with Data Flow's defaults.
    public init(
        name: String = "default", maximumConcurrentTasks: Int = 20, queueEnabled: Bool = false, queueCapacity: Int = 100,
        maximumPerDefinition: Int? = nil,
        stopGracePeriod: Duration = .seconds(30), workingDirectoriesRoot: String = "dataflow-launches", inheritedEnvironment: [String] = [],
        useSpringApplicationJSON: Bool = true
    ) {
        self.useSpringApplicationJSON = useSpringApplicationJSON
        self.name = name
        self.maximumConcurrentTasks = maximumConcurrentTasks
        self.queueEnabled = queueEnabled
        self.queueCapacity = queueCapacity
        self.maximumPerDefinition = maximumPerDefinition
        self.stopGracePeriod = stopGracePeriod
        self.workingDirectoriesRoot = workingDirectoriesRoot
        self.inheritedEnvironment = inheritedEnvironment
    }
}
