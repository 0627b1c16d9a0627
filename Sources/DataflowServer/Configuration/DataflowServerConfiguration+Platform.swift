extension DataflowServerConfiguration {
    /// One account of the local platform, as Data Flow configures it:
    /// `spring.cloud.dataflow.task.platform.local.accounts.<name>.<property>` (in the
    /// environment `SPRING_CLOUD_DATAFLOW_TASK_PLATFORM_LOCAL_ACCOUNTS_<NAME>_<PROPERTY>`, where
    /// the name must be one word), plus the launch queue, this server's extension.
    public struct LocalPlatformAccount: Sendable, Hashable {
        /// The account's name (as written; lower case when it came from an environment variable).
        public var name: String
        /// `maximum-concurrent-tasks`: running launches allowed at once (default 20, like Data Flow).
        public var maximumConcurrentTasks: Int
        /// `shutdown-timeout`: how long a stopped task gets to exit before it is killed (default
        /// 30 s, like Data Flow; 0 waits forever): the task stop grace period.
        public var shutdownTimeout: Duration
        /// `queue.*`: launches beyond the limit wait instead of being refused (ours; Data Flow has no queue).
        public var queue: LaunchQueue
        /// The account's other settings, by their names after the account
        /// (`working-directories-root`, `env-vars-to-inherit`, `java-opts`, ...), unparsed, for the
        /// local deployer. A YAML list is joined with commas.
        public var deployerProperties: [String: String]

        /// Creates an account with Data Flow's defaults.
        public init(
            name: String, maximumConcurrentTasks: Int = 20, shutdownTimeout: Duration = .seconds(30), queue: LaunchQueue = LaunchQueue(),
            deployerProperties: [String: String] = [:]
        ) {
            self.name = name
            self.maximumConcurrentTasks = maximumConcurrentTasks
            self.shutdownTimeout = shutdownTimeout
            self.queue = queue
            self.deployerProperties = deployerProperties
        }

        /// The accounts configured, sorted by name; `default` alone when none is.
        static func accounts(_ properties: ServerProperties) throws(ServerConfigurationError) -> [LocalPlatformAccount] {
            let family = ServerPropertyCatalog.localAccounts
            var accounts: [LocalPlatformAccount] = []
            for member in properties.members(of: family) {
                func value(_ name: String) -> ServerPropertyValue? { properties.value(key: "\(family.prefix).\(member.key).\(name)") }
                var account = LocalPlatformAccount(name: member.written)
                if let value = value("maximum-concurrent-tasks") {
                    account.maximumConcurrentTasks = try PropertyValueParsing.integer(
                        value, in: 1...1_000_000, expected: "a number of tasks from 1 to 1000000")
                }
                if let value = value("shutdown-timeout") {
                    account.shutdownTimeout = .seconds(
                        try PropertyValueParsing.integer(value, in: 0...86_400, expected: "a whole number of seconds from 0 (wait forever) to 86400"))
                }
                if let value = value("queue.enabled") { account.queue.enabled = try PropertyValueParsing.bool(value) }
                if let value = value("queue.capacity") {
                    account.queue.capacity = try PropertyValueParsing.integer(value, in: 1...1_000_000, expected: "a number of launches from 1 to 1000000")
                }
                if let value = value("queue.maximum-per-definition") {
                    account.queue.maximumPerDefinition = try PropertyValueParsing.integer(
                        value, in: 1...1_000_000, expected: "a number of running launches of one definition from 1 to 1000000")
                }
                let typed: Set = ["maximum-concurrent-tasks", "shutdown-timeout", "queue.enabled", "queue.capacity", "queue.maximum-per-definition"]
                for spec in family.members where !typed.contains(spec.name) {
                    if let value = value(spec.name) { account.deployerProperties[spec.name] = value.text }
                }
                accounts.append(account)
            }
            return accounts.isEmpty ? [LocalPlatformAccount(name: "default")] : accounts
        }
    }

    /// The launch queue of an account.
    public struct LaunchQueue: Sendable, Hashable {
        /// `queue.enabled` (default false: launches beyond the limit are refused, as in Data Flow).
        public var enabled: Bool
        /// `queue.capacity` (default 100): launches that may wait.
        public var capacity: Int
        /// `queue.maximum-per-definition` (default none): running launches of one definition at once.
        public var maximumPerDefinition: Int?

        /// Creates a queue setting.
        public init(enabled: Bool = false, capacity: Int = 100, maximumPerDefinition: Int? = nil) {
            self.enabled = enabled
            self.capacity = capacity
            self.maximumPerDefinition = maximumPerDefinition
        }
    }
}

extension DataflowServerConfiguration {
    /// Data Flow's roles (its `CoreSecurityRoles`), granted to users and tokens.
    public enum SecurityRole: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
        /// Every read (GET).
        case view = "VIEW"
        /// Register apps, create definitions.
        case create = "CREATE"
        /// Launch and stop tasks.
        case deploy = "DEPLOY"
        /// Delete.
        case destroy = "DESTROY"
        /// Stop and restart jobs, change app defaults.
        case modify = "MODIFY"
        /// Create and delete schedules.
        case schedule = "SCHEDULE"
        /// Administration.
        case manage = "MANAGE"

        /// `VIEW`, ...
        public var description: String { rawValue }
    }

    /// Who may use the API: HTTP Basic users and bearer tokens, each with roles. Data Flow uses
    /// OAuth2; this server's layout is its own:
    ///
    /// ```yaml
    /// dataflow:
    ///   security:
    ///     enabled: true            # default: true when any user or token is configured
    ///     users:
    ///       alice:
    ///         password: "$2y$10$…" # bcrypt hash ($2a$, $2b$ or $2y$), never the password
    ///         roles: VIEW,CREATE,DEPLOY
    ///     tokens:
    ///       ci:
    ///         token-sha256: 9f86d0…  # SHA-256 of the bearer token, 64 hex digits
    ///         roles: VIEW,DEPLOY
    /// ```
    ///
    /// Roles default to VIEW. Hashes are best kept in a secrets directory
    /// (`/etc/secrets/dataflow.security.users.alice.password`).
    public struct SecuritySettings: Sendable, Hashable {
        /// An HTTP Basic user.
        public struct User: Sendable, Hashable, CustomStringConvertible {
            /// The user name (as written; lower case when from an environment variable).
            public var name: String
            /// The bcrypt hash of the password (a secret: not shown by ``description``).
            public var passwordHash: String
            /// The roles granted.
            public var roles: [SecurityRole]

            /// `alice [VIEW, DEPLOY]`.
            public var description: String { "\(name) \(roles)" }

            /// Creates a user.
            public init(name: String, passwordHash: String, roles: [SecurityRole]) {
                self.name = name
                self.passwordHash = passwordHash
                self.roles = roles
            }
        }

        /// A bearer token.
        public struct Token: Sendable, Hashable, CustomStringConvertible {
            /// The token's name (for audit and logs).
            public var name: String
            /// The SHA-256 of the token, 64 lower-case hexadecimal digits (a secret: not shown by ``description``).
            public var sha256: String
            /// The roles granted.
            public var roles: [SecurityRole]

            /// `ci [VIEW, DEPLOY]`.
            public var description: String { "\(name) \(roles)" }

            /// Creates a token.
            public init(name: String, sha256: String, roles: [SecurityRole]) {
                self.name = name
                self.sha256 = sha256
                self.roles = roles
            }
        }

        /// Whether requests must authenticate (`dataflow.security.enabled`; default true when a user or token is configured).
        public var enabled: Bool
        /// The users, sorted by name.
        public var users: [User]
        /// The tokens, sorted by name.
        public var tokens: [Token]

        /// Creates settings.
        public init(enabled: Bool = false, users: [User] = [], tokens: [Token] = []) {
            self.enabled = enabled
            self.users = users
            self.tokens = tokens
        }

        init(_ properties: ServerProperties) throws(ServerConfigurationError) {
            let usersFamily = ServerPropertyCatalog.securityUsers
            var users: [User] = []
            for member in properties.members(of: usersFamily) {
                let prefix = "\(usersFamily.prefix).\(member.key)"
                guard let password = properties.value(key: "\(prefix).password") else {
                    let roles = properties.value(key: "\(prefix).roles")
                    throw ServerConfigurationError(
                        .inconsistent, property: "\(usersFamily.prefix).\(member.written).password", source: roles?.source,
                        "user \(member.written) has no \(usersFamily.prefix).\(member.written).password (a bcrypt hash)"
                            + (roles.map { "; its roles come from \($0.source)" } ?? ""))
                }
                let roles = try properties.value(key: "\(prefix).roles").map(PropertyValueParsing.roles) ?? [.view]
                users.append(User(name: member.written, passwordHash: try PropertyValueParsing.bcryptHash(password), roles: roles))
            }
            let tokensFamily = ServerPropertyCatalog.securityTokens
            var tokens: [Token] = []
            for member in properties.members(of: tokensFamily) {
                let prefix = "\(tokensFamily.prefix).\(member.key)"
                guard let digest = properties.value(key: "\(prefix).token-sha256") else {
                    let roles = properties.value(key: "\(prefix).roles")
                    throw ServerConfigurationError(
                        .inconsistent, property: "\(tokensFamily.prefix).\(member.written).token-sha256", source: roles?.source,
                        "token \(member.written) has no \(tokensFamily.prefix).\(member.written).token-sha256 (the SHA-256 of the token)"
                            + (roles.map { "; its roles come from \($0.source)" } ?? ""))
                }
                let roles = try properties.value(key: "\(prefix).roles").map(PropertyValueParsing.roles) ?? [.view]
                tokens.append(Token(name: member.written, sha256: try PropertyValueParsing.sha256Hex(digest), roles: roles))
            }
            let configured = !users.isEmpty || !tokens.isEmpty
            if let value = properties.value(key: "dataflow.security.enabled") {
                enabled = try PropertyValueParsing.bool(value)
                if enabled && !configured {
                    throw ServerConfigurationError(
                        .inconsistent, property: "dataflow.security.enabled", source: value.source,
                        "dataflow.security.enabled=true from \(value.source), but no user (dataflow.security.users.<name>.password) "
                            + "or token (dataflow.security.tokens.<name>.token-sha256) is configured: nobody could sign in")
                }
            } else {
                enabled = configured
            }
            self.users = users
            self.tokens = tokens
        }
    }
}
