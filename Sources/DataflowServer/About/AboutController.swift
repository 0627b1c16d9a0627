import Database
import Foundation
import Hummingbird

/// `GET /about`: features, versions (with a 2.11-compatible core version, which Data Flow's
/// clients read to choose their endpoints), security, the platforms and the monitoring dashboard.
struct AboutController: Sendable {
    let about: AboutInfo

    func addRoutes(to router: Router<ServerRequestContext>) {
        router.get("/about", use: show)
        router.get("/security/info", use: securityInfo)
    }

    /// Data Flow's `/security/info`: whether authentication is on, and who the caller is.
    @Sendable func securityInfo(_ request: Request, context: ServerRequestContext) async throws -> Response {
        try Responses.json(AboutResource.Security(
            authenticationEnabled: about.securityEnabled, authenticated: context.user != nil, username: context.user, roles: context.roles))
    }

    @Sendable func show(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let base = RequestBase(request, fallback: "")
        var info = about
        info.username = context.user
        info.roles = context.roles
        return try Responses.json(AboutResource(info: info, links: .this(base.url + "/about")))
    }
}

/// What `/about` reports.
public struct AboutInfo: Sendable {
    /// swift-batch's version.
    public static let version = "0.3.0"
    /// The Data Flow core version reported to clients: the last open-source line, whose
    /// endpoints this server speaks.
    public static let compatibleCoreVersion = "2.11.5"

    /// The features on.
    public var features: Features
    /// The monitoring dashboard (Grafana) URL, if configured.
    public var dashboardURL: String?
    /// Whether authentication is required.
    public var securityEnabled: Bool
    /// The platforms (task launchers) and their types.
    public var platforms: [(name: String, type: String)]
    /// The database dialect, for operators.
    public var databaseDialect: String
    /// The user of the request.
    public var username: String?
    /// The roles of the user.
    public var roles: [String]

    /// Creates a value.
    public init(
        features: Features, dashboardURL: String?, securityEnabled: Bool, platforms: [(name: String, type: String)], databaseDialect: String
    ) {
        self.features = features
        self.dashboardURL = dashboardURL
        self.securityEnabled = securityEnabled
        self.platforms = platforms
        self.databaseDialect = databaseDialect
        self.username = nil
        self.roles = []
    }
}

struct AboutResource: Encodable {
    var info: AboutInfo
    var links: Links

    struct Dependency: Encodable {
        var name: String
        var version: String
        var checksumSha1: String? = nil
        var checksumSha256: String? = nil
        var url: String? = nil
    }

    enum Keys: String, CodingKey {
        case featureInfo, versionInfo, securityInfo, runtimeEnvironment, monitoringDashboardInfo, gitAndBuildInfo
        case links = "_links"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        let type = info.dashboardURL == nil ? "NONE" : "GRAFANA"
        try container.encode([
            "analyticsEnabled": AnyBoolOrString.bool(false), "streamsEnabled": .bool(info.features.streams),
            "tasksEnabled": .bool(info.features.tasks), "schedulesEnabled": .bool(info.features.schedules),
            "monitoringDashboardType": .string(type),
        ], forKey: .featureInfo)
        try container.encode([
            "implementation": Dependency(name: "swift-batch-dataflow-server", version: AboutInfo.version),
            "core": Dependency(name: "Spring Cloud Data Flow Core", version: AboutInfo.compatibleCoreVersion),
            "dashboard": Dependency(name: "swift-batch-dashboard", version: AboutInfo.version),
            "shell": Dependency(name: "dataflow", version: AboutInfo.version),
        ], forKey: .versionInfo)
        try container.encode(Security(
            authenticationEnabled: info.securityEnabled, authenticated: info.username != nil, username: info.username,
            roles: info.roles), forKey: .securityInfo)
        let launchers = info.platforms.map { platform in
            Runtime(deployerName: platform.name, platformType: platform.type, database: info.databaseDialect)
        }
        try container.encode(RuntimeEnvironment(appDeployer: Runtime(deployerName: "local", platformType: "Local", database: info.databaseDialect), taskLaunchers: launchers), forKey: .runtimeEnvironment)
        try container.encode(Monitoring(url: info.dashboardURL ?? "", refreshInterval: 15, dashboardType: type, source: "default-scdf-source"), forKey: .monitoringDashboardInfo)
        try container.encode([String: String](), forKey: .gitAndBuildInfo)
        try container.encode(links, forKey: .links)
    }

    enum AnyBoolOrString: Encodable {
        case bool(Bool)
        case string(String)
        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .bool(let value): try container.encode(value)
            case .string(let value): try container.encode(value)
            }
        }
    }

    struct Security: Encodable {
        var authenticationEnabled: Bool
        var authenticated: Bool
        var username: String?
        var roles: [String]
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(authenticationEnabled, forKey: .authenticationEnabled)
            try container.encode(authenticated, forKey: .authenticated)
            try container.encode(username, forKey: .username)
            try container.encode(roles, forKey: .roles)
        }
        enum CodingKeys: String, CodingKey { case authenticationEnabled, authenticated, username, roles }
    }

    struct Runtime: Encodable {
        var deployerName: String
        var platformType: String
        var database: String
        var deployerImplementationVersion = AboutInfo.version
        var deployerSpiVersion = AboutInfo.version
        var platformApiVersion = ""
        var platformClientVersion = ""
        var platformHostVersion = ProcessInfo.processInfo.operatingSystemVersionString
        var platformSpecificInfo: [String: String] { ["database": database] }
        var javaVersion = ""
        var springBootVersion = ""
        var springVersion = ""

        enum CodingKeys: String, CodingKey {
            case deployerName, platformType, deployerImplementationVersion, deployerSpiVersion, platformApiVersion
            case platformClientVersion, platformHostVersion, platformSpecificInfo, javaVersion, springBootVersion, springVersion
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(deployerName, forKey: .deployerName)
            try container.encode(platformType, forKey: .platformType)
            try container.encode(deployerImplementationVersion, forKey: .deployerImplementationVersion)
            try container.encode(deployerSpiVersion, forKey: .deployerSpiVersion)
            try container.encode(platformApiVersion, forKey: .platformApiVersion)
            try container.encode(platformClientVersion, forKey: .platformClientVersion)
            try container.encode(platformHostVersion, forKey: .platformHostVersion)
            try container.encode(platformSpecificInfo, forKey: .platformSpecificInfo)
            try container.encode(javaVersion, forKey: .javaVersion)
            try container.encode(springBootVersion, forKey: .springBootVersion)
            try container.encode(springVersion, forKey: .springVersion)
        }
    }

    struct RuntimeEnvironment: Encodable {
        var appDeployer: Runtime
        var taskLaunchers: [Runtime]
    }

    struct Monitoring: Encodable {
        var url: String
        var refreshInterval: Int
        var dashboardType: String
        var source: String
    }
}
