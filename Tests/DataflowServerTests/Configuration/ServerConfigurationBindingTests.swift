import Foundation
import Testing

@testable import DataflowServer

@Suite("Typed settings")
struct ServerConfigurationBindingTests {
    @Test("the feature toggles, as Data Flow's environment variables set them")
    func featureToggles() throws {
        let configuration = try loadServerConfiguration(environment: [
            "SPRING_CLOUD_DATAFLOW_FEATURES_STREAMS_ENABLED": "true",
            "SPRING_CLOUD_DATAFLOW_FEATURES_TASKS_ENABLED": "false",
            "SPRING_CLOUD_DATAFLOW_FEATURES_SCHEDULES_ENABLED": "off",
        ])
        #expect(configuration.features == .init(streamsEnabled: true, tasksEnabled: false, schedulesEnabled: false))
        // Streams cannot be served: said once.
        #expect(configuration.warnings.map(\.name) == ["spring.cloud.dataflow.features.streams-enabled"])
    }

    @Test("the monitoring dashboard URL, shown in /about")
    func dashboard() throws {
        let configuration = try loadServerConfiguration(environment: ["SPRING_CLOUD_DATAFLOW_METRICS_DASHBOARD_URL": "http://grafana:3000"])
        #expect(configuration.dashboard.url == "http://grafana:3000")
        #expect(configuration.dashboard.kind == .grafana && configuration.dashboard.isEnabled)
        #expect(configuration.dashboard.refreshInterval == 15)
        let hidden = try loadServerConfiguration(environment: [
            "SPRING_CLOUD_DATAFLOW_METRICS_DASHBOARD_URL": "http://grafana:3000", "SPRING_CLOUD_DATAFLOW_METRICS_DASHBOARD_TYPE": "none",
        ])
        #expect(!hidden.dashboard.isEnabled)
    }

    @Test("local platform accounts from YAML: several accounts, typed settings and the deployer's rest")
    func accountsFromYAML() throws {
        let directory = try ConfigFixtureDirectory()
        defer { directory.remove() }
        let file = try directory.write(
            "application.yaml",
            """
            spring:
              cloud:
                dataflow:
                  task:
                    platform:
                      local:
                        accounts:
                          default:
                            maximum-concurrent-tasks: 4
                            shutdown-timeout: 5
                            working-directories-root: /var/lib/dataflow
                            env-vars-to-inherit: [TZ, "LC_.*"]
                            use-spring-application-json: false
                            queue:
                              enabled: true
                              capacity: 50
                          big-box:
                            maximumConcurrentTasks: 64
            """)
        let configuration = try loadServerConfiguration(["--config=\(file)"])
        #expect(configuration.localAccounts.map(\.name) == ["big-box", "default"])
        let big = configuration.localAccounts[0]
        #expect(big.maximumConcurrentTasks == 64)
        #expect(big.shutdownTimeout == .seconds(30) && !big.queue.enabled && big.deployerProperties.isEmpty)
        let account = configuration.localAccounts[1]
        #expect(account.maximumConcurrentTasks == 4)
        #expect(account.shutdownTimeout == .seconds(5))
        #expect(account.queue == .init(enabled: true, capacity: 50))
        #expect(account.deployerProperties == [
            "working-directories-root": "/var/lib/dataflow", "env-vars-to-inherit": "TZ,LC_.*", "use-spring-application-json": "false",
        ])
        #expect(!PlatformAccount(account).useSpringApplicationJSON && PlatformAccount(big).useSpringApplicationJSON)
        #expect(configuration.warnings.isEmpty)
    }

    @Test("an account from the environment, in both forms of a dashed name", arguments: [
        "SPRING_CLOUD_DATAFLOW_TASK_PLATFORM_LOCAL_ACCOUNTS_DEFAULT_MAXIMUM_CONCURRENT_TASKS",
        "SPRING_CLOUD_DATAFLOW_TASK_PLATFORM_LOCAL_ACCOUNTS_DEFAULT_MAXIMUMCONCURRENTTASKS",
    ])
    func accountFromEnvironment(variable: String) throws {
        let configuration = try loadServerConfiguration(environment: [
            variable: "4", "SPRING_CLOUD_DATAFLOW_TASK_PLATFORM_LOCAL_ACCOUNTS_DEFAULT_QUEUE_ENABLED": "true",
        ])
        #expect(configuration.localAccounts.count == 1)
        #expect(configuration.localAccounts[0].name == "default")
        #expect(configuration.localAccounts[0].maximumConcurrentTasks == 4)
        #expect(configuration.localAccounts[0].queue.enabled)
        #expect(configuration.warnings.isEmpty)
    }

    @Test("an account set in YAML and the environment merges, the variable winning and the YAML spelling kept")
    func accountMerged() throws {
        let directory = try ConfigFixtureDirectory()
        defer { directory.remove() }
        let file = try directory.write(
            "application.yaml",
            "spring.cloud.dataflow.task.platform.local.accounts:\n  Batch-Box:\n    maximum-concurrent-tasks: 2\n    java-opts: -Xmx1g\n")
        let configuration = try loadServerConfiguration(
            ["--config=\(file)"], environment: ["SPRING_CLOUD_DATAFLOW_TASK_PLATFORM_LOCAL_ACCOUNTS_BATCHBOX_MAXIMUM_CONCURRENT_TASKS": "8"])
        #expect(configuration.localAccounts.map(\.name) == ["Batch-Box"])
        #expect(configuration.localAccounts[0].maximumConcurrentTasks == 8)
        #expect(configuration.localAccounts[0].deployerProperties["java-opts"] == "-Xmx1g")
    }

    @Test("the server's metrics through the Prometheus RSocket proxy")
    func prometheusRSocket() throws {
        let configuration = try loadServerConfiguration(environment: [
            "MANAGEMENT_METRICS_EXPORT_PROMETHEUS_RSOCKET_ENABLED": "true",
            "MANAGEMENT_METRICS_EXPORT_PROMETHEUS_RSOCKET_HOST": "proxy.monitoring",
            "MANAGEMENT_METRICS_EXPORT_PROMETHEUS_RSOCKET_PORT": "7002",
            "MANAGEMENT_METRICS_EXPORT_PROMETHEUS_RSOCKET_MAX_BACKOFF": "1m",
        ])
        #expect(configuration.prometheusRSocket == .init(enabled: true, host: "proxy.monitoring", port: 7002, properties: ["max-backoff": "1m"]))
        #expect(
            configuration.prometheusRSocket.launchArguments == [
                "--management.metrics.export.prometheus.rsocket.enabled=true", "--management.metrics.export.prometheus.rsocket.host=proxy.monitoring",
                "--management.metrics.export.prometheus.rsocket.port=7002", "--management.metrics.export.prometheus.rsocket.max-backoff=1m",
            ])
        #expect(configuration.warnings.isEmpty)
    }

    @Test("datasource URLs in the accepted forms", arguments: [
        ("jdbc:postgresql://db:5432/dataflow?currentSchema=scdf", DatasourceURL.Kind.postgresql, "jdbc:postgresql://db:5432/dataflow?currentSchema=scdf"),
        ("postgres://scdf:pw@db/dataflow", .postgresql, "postgres://scdf:pw@db/dataflow"),
        ("postgresql://db/dataflow", .postgresql, "postgresql://db/dataflow"),
        ("sqlite:/var/lib/dataflow.db", .sqlite(path: "/var/lib/dataflow.db"), "sqlite:/var/lib/dataflow.db"),
        ("jdbc:sqlite:data/x.db", .sqlite(path: "data/x.db"), "jdbc:sqlite:data/x.db"),
        ("./dataflow.db", .sqlite(path: "./dataflow.db"), "sqlite:./dataflow.db"),
        ("/srv/dataflow.db", .sqlite(path: "/srv/dataflow.db"), "sqlite:/srv/dataflow.db"),
    ])
    func datasourceURLs(url: String, kind: DatasourceURL.Kind, normalized: String) throws {
        let configuration = try loadServerConfiguration(["--spring.datasource.url=\(url)"])
        #expect(configuration.datasource.url.kind == kind)
        #expect(configuration.datasource.url.normalized == normalized)
    }

    @Test("passwords in URLs are hidden when shown")
    func urlRedaction() {
        #expect(DatasourceURL.redacted("postgres://scdf:s3cret@db:5432/dataflow") == "postgres://scdf:***@db:5432/dataflow")
        #expect(DatasourceURL.redacted("jdbc:postgresql://db/x?user=a&password=s3cret&ssl=true") == "jdbc:postgresql://db/x?user=a&password=***&ssl=true")
        #expect(DatasourceURL.redacted("9393") == "9393")
        #expect(DatasourceURL("postgres://scdf:s3cret@db/x")?.description == "postgres://scdf:***@db/x")
    }

    @Test("users and tokens, with roles; security on by default once someone can sign in")
    func security() throws {
        let configuration = try loadServerConfiguration(environment: [
            "DATAFLOW_SECURITY_USERS_ALICE_PASSWORD": sampleBcrypt,
            "DATAFLOW_SECURITY_USERS_ALICE_ROLES": "view, ROLE_DEPLOY,Create",
            "DATAFLOW_SECURITY_USERS_BOB_PASSWORD": "{bcrypt}" + sampleBcrypt.replacingOccurrences(of: "$2a$", with: "$2y$"),
            "DATAFLOW_SECURITY_TOKENS_CI_TOKEN_SHA256": sampleSHA256.uppercased(),
            "DATAFLOW_SECURITY_TOKENS_CI_ROLES": "VIEW,SCHEDULE",
        ])
        let security = configuration.security
        #expect(security.enabled)
        #expect(security.users.map(\.name) == ["alice", "bob"])
        #expect(security.users[0].roles == [.view, .create, .deploy])
        #expect(security.users[1].roles == [.view])
        #expect(security.users[1].passwordHash.hasPrefix("$2y$10$"))
        #expect(security.tokens.map(\.name) == ["ci"])
        #expect(security.tokens[0].sha256 == sampleSHA256)
        #expect(security.tokens[0].roles == [.view, .schedule])
        #expect(configuration.warnings.isEmpty)
    }

    @Test("security on with nobody to sign in, or a user without a password, fails")
    func securityInconsistent() throws {
        let nobody = try #require(serverConfigurationError(["--dataflow.security.enabled=true"]))
        #expect(nobody.kind == .inconsistent)
        #expect(nobody.message.contains("nobody could sign in"))
        let noPassword = try #require(serverConfigurationError(environment: ["DATAFLOW_SECURITY_USERS_ALICE_ROLES": "VIEW"]))
        #expect(noPassword.message.contains("dataflow.security.users.alice.password"))
        #expect(noPassword.message.contains("environment variable DATAFLOW_SECURITY_USERS_ALICE_ROLES"))
        let off = try loadServerConfiguration(["--dataflow.security.enabled=false", "--dataflow.security.users.alice.password=\(sampleBcrypt)"])
        #expect(!off.security.enabled)
        #expect(off.warnings.map(\.name) == ["dataflow.security.enabled"])
    }

    @Test("bad values fail naming the property, the source and the expected form", arguments: [
        (["SERVER_PORT": "abc"], "server.port=abc from environment variable SERVER_PORT: expected a port number 1-65535"),
        (["SERVER_PORT": "70000"], "server.port=70000 from environment variable SERVER_PORT: expected a port number 1-65535"),
        (["SPRING_FLYWAY_ENABLED": "maybe"], "spring.flyway.enabled=maybe from environment variable SPRING_FLYWAY_ENABLED: expected true or false"),
        (["SPRING_DATASOURCE_URL": "jdbc:mysql://db/x"], "spring.datasource.url=jdbc:mysql://db/x from environment variable SPRING_DATASOURCE_URL: expected jdbc:postgresql://"),
        (["SPRING_DATASOURCE_URL": "jdbc:mysql://u:pw@db/x"], "spring.datasource.url=jdbc:mysql://u:***@db/x from"),
        (
            ["SPRING_CLOUD_DATAFLOW_TASK_PLATFORM_LOCAL_ACCOUNTS_DEFAULT_MAXIMUM_CONCURRENT_TASKS": "0"],
            "spring.cloud.dataflow.task.platform.local.accounts.default.maximum-concurrent-tasks=0 from environment variable SPRING_CLOUD_DATAFLOW_TASK_PLATFORM_LOCAL_ACCOUNTS_DEFAULT_MAXIMUM_CONCURRENT_TASKS: expected a number of tasks from 1"
        ),
        (["MANAGEMENT_METRICS_EXPORT_PROMETHEUS_RSOCKET_PORT": "0"], "management.metrics.export.prometheus.rsocket.port=0 from environment variable MANAGEMENT_METRICS_EXPORT_PROMETHEUS_RSOCKET_PORT: expected a port number 1-65535"),
        (["SPRING_CLOUD_DATAFLOW_METRICS_DASHBOARD_TYPE": "kibana"], "expected one of GRAFANA, WAVEFRONT, NONE"),
        (["DATAFLOW_SECURITY_TOKENS_CI_TOKEN_SHA256": "abc"], "dataflow.security.tokens.ci.token-sha256 from environment variable DATAFLOW_SECURITY_TOKENS_CI_TOKEN_SHA256: expected the SHA-256"),
        (["DATAFLOW_SECURITY_USERS_ALICE_PASSWORD": sampleBcrypt, "DATAFLOW_SECURITY_USERS_ALICE_ROLES": "VIEW,ADMIN"], "expected comma separated roles among VIEW, CREATE, DEPLOY, DESTROY, MODIFY, SCHEDULE, MANAGE"),
    ])
    func badValues(environment: [String: String], message: String) throws {
        let error = try #require(serverConfigurationError(environment: environment))
        #expect(error.kind == .invalidValue)
        #expect(error.message.contains(message), "\(error.message)")
        #expect(error.source?.origin == .environment)
    }

    @Test("a bad value in the YAML file names the file and the key")
    func badValueInYAML() throws {
        let directory = try ConfigFixtureDirectory()
        defer { directory.remove() }
        let file = try directory.write("application.yaml", "server:\n  port: nine\n")
        let error = try #require(serverConfigurationError(["--config=\(file)"]))
        #expect(error.message == "server.port=nine from \(file) (server.port): expected a port number 1-65535 (or 0 for any free port)")
        #expect(error.property == "server.port")
    }

    @Test("a password that is no bcrypt hash fails without showing it")
    func plainPassword() throws {
        let error = try #require(serverConfigurationError(["--dataflow.security.users.alice.password=hunter2"]))
        #expect(error.message.contains("dataflow.security.users.alice.password from argument --dataflow.security.users.alice.password: expected a bcrypt hash"))
        #expect(!error.message.contains("hunter2"))
    }

    @Test("secrets never reach the log, the warnings or the listing of values")
    func secretsNeverLogged() throws {
        let directory = try ConfigFixtureDirectory()
        defer { directory.remove() }
        try directory.write("secrets/spring.datasource.password", "file-secret\n")
        try directory.write("secrets/dataflow.security.tokens.ci.token-sha256", sampleSHA256)
        try directory.write("secrets/spring.datasource.pasword", "typo-secret")  // misspelt: warned about, value not shown
        let logs = ConfigurationLogRecorder.Store()
        let configuration = try loadServerConfiguration(
            ["--spring.config.import=configtree:\(directory.path("secrets"))", "--spring.datasource.url=postgres://scdf:url-secret@db/x"],
            environment: ["DATAFLOW_SECURITY_USERS_ALICE_PASSWORD": sampleBcrypt], logs: logs)
        #expect(configuration.datasource.password == "file-secret")
        #expect(configuration.warnings.count == 1)
        let everything =
            logs.all + configuration.warnings.map(\.message) + configuration.properties.effectiveValues.map(\.description)
            + [String(describing: configuration), String(reflecting: configuration), String(describing: configuration.security)]
        #expect(logs.all.contains { $0.contains("spring.datasource.password=<redacted>") })
        for secret in ["file-secret", "typo-secret", "url-secret", sampleBcrypt, sampleSHA256] {
            #expect(!everything.contains { $0.contains(secret) }, "\(secret) shown")
        }
    }
}
