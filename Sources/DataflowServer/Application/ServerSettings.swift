import Database

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
    /// Whether HTTP authentication is required.
    public var securityEnabled: Bool

    /// Creates settings; the defaults are the server's.
    public init(
        address: String = "127.0.0.1", port: Int = 9393, database: DatabaseURL, migrate: Bool = true, features: Features = Features(),
        dashboardURL: String? = nil, securityEnabled: Bool = false
    ) {
        self.address = address
        self.port = port
        self.database = database
        self.migrate = migrate
        self.features = features
        self.dashboardURL = dashboardURL
        self.securityEnabled = securityEnabled
    }
}
