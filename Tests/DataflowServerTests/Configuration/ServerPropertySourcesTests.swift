import Foundation
import Testing

@testable import DataflowServer

@Suite("Property sources and their precedence")
struct ServerPropertySourcesTests {
    @Test("with nothing configured, the defaults apply")
    func defaults() throws {
        let configuration = try loadServerConfiguration()
        #expect(configuration.port == 9393)
        #expect(configuration.address == "127.0.0.1")
        #expect(configuration.datasource.url.kind == .sqlite(path: "./dataflow.db"))
        #expect(configuration.datasource.url.normalized == "sqlite:./dataflow.db")
        #expect(configuration.datasource.source.origin == .defaults)
        #expect(configuration.flywayEnabled)
        #expect(configuration.features == .init(streamsEnabled: false, tasksEnabled: true, schedulesEnabled: true))
        #expect(configuration.dashboard.url == nil && !configuration.dashboard.isEnabled)
        #expect(configuration.localAccounts == [.init(name: "default")])
        #expect(configuration.localAccounts[0].maximumConcurrentTasks == 20)
        #expect(configuration.prometheusRSocket == .init(enabled: false, host: "localhost", port: 7001, properties: [:]))
        #expect(!configuration.security.enabled)
        #expect(configuration.warnings.isEmpty)
        #expect(configuration.properties.configFile == nil)
        #expect(configuration.properties.value("server.port")?.source.origin == .defaults)
    }

    /// The same key in every source: each source wins over those below it.
    @Test("arguments > SPRING_APPLICATION_JSON > environment > secrets directory > YAML file > defaults")
    func precedence() throws {
        let directory = try ConfigFixtureDirectory()
        defer { directory.remove() }
        let file = try directory.write("application.yaml", "server:\n  port: 1001\n")
        try directory.write("secrets/server.port", "1002\n")
        let secrets = "configtree:\(directory.path("secrets"))"
        let json = #"{"server":{"port":1004}}"#

        func port(_ arguments: [String], _ environment: [String: String]) throws -> (Int, ServerPropertySource?) {
            let configuration = try loadServerConfiguration(arguments, environment: environment)
            return (configuration.port, configuration.properties.value("server.port")?.source)
        }
        let all = try port(["--config=\(file)", "--spring.config.import=\(secrets)", "--server.port=1005"], ["SERVER_PORT": "1003", "SPRING_APPLICATION_JSON": json])
        #expect(all.0 == 1005)
        #expect(all.1 == ServerPropertySource(.argument, name: "server.port"))

        let noArgument = try port(["--config=\(file)", "--spring.config.import=\(secrets)"], ["SERVER_PORT": "1003", "SPRING_APPLICATION_JSON": json])
        #expect(noArgument.0 == 1004)
        #expect(noArgument.1?.origin == .applicationJSON)

        let environment = try port(["--config=\(file)", "--spring.config.import=\(secrets)"], ["SERVER_PORT": "1003"])
        #expect(environment.0 == 1003)
        #expect(environment.1 == ServerPropertySource(.environment, name: "SERVER_PORT"))

        let secretsFile = try port(["--config=\(file)", "--spring.config.import=\(secrets)"], [:])
        #expect(secretsFile.0 == 1002)
        #expect(secretsFile.1?.origin == .secretsFile)
        #expect(secretsFile.1?.location == directory.path("secrets/server.port"))

        let yaml = try port(["--config=\(file)"], [:])
        #expect(yaml.0 == 1001)
        #expect(yaml.1 == ServerPropertySource(.configFile, name: "server.port", location: file))
        #expect(yaml.1?.description == "\(file) (server.port)")

        let none = try port([], [:])
        #expect(none.0 == 9393)
        #expect(none.1?.origin == .defaults)
    }

    @Test("nested YAML maps, dotted keys and mixtures of both bind alike")
    func yamlNestingAndDottedKeys() throws {
        let directory = try ConfigFixtureDirectory()
        defer { directory.remove() }
        let file = try directory.write(
            "application.yaml",
            """
            server:
              port: 8080
              address: 0.0.0.0
            spring.datasource.url: jdbc:postgresql://db.example:5432/dataflow
            spring:
              datasource:
                username: scdf
              flyway.enabled: false
              cloud.dataflow:
                features:
                  tasks-enabled: true
                  schedulesEnabled: false
                metrics.dashboard:
                  url: http://grafana:3000
            """)
        let configuration = try loadServerConfiguration(["--config", file])
        #expect(configuration.port == 8080)
        #expect(configuration.address == "0.0.0.0")
        #expect(configuration.datasource.url.kind == .postgresql)
        #expect(configuration.datasource.url.text == "jdbc:postgresql://db.example:5432/dataflow")
        #expect(configuration.datasource.username == "scdf")
        #expect(!configuration.flywayEnabled)
        #expect(configuration.features.tasksEnabled && !configuration.features.schedulesEnabled)
        #expect(configuration.dashboard.url == "http://grafana:3000")
        #expect(configuration.properties.configFile == file)
        #expect(configuration.warnings.isEmpty)
        // Read through swift-configuration: YAMLSnapshot for the file, the environment provider, in-memory arguments.
        let providers = Dictionary(configuration.properties.layers.map { ($0.origin, $0.providerName) }, uniquingKeysWith: { a, _ in a })
        #expect(providers[.configFile] == file)
        #expect(providers[.environment] == "EnvironmentVariablesProvider")
        #expect(providers[.argument] == "InMemoryProvider[arguments]")
    }

    @Test("an empty YAML file and null values are no properties")
    func yamlEmptyAndNull() throws {
        let directory = try ConfigFixtureDirectory()
        defer { directory.remove() }
        let empty = try directory.write("empty.yaml", "# nothing yet\n")
        #expect(try loadServerConfiguration(["--config=\(empty)"]).port == 9393)
        let nulls = try directory.write("nulls.yaml", "server:\n  port: ~\n  address:\n")
        let configuration = try loadServerConfiguration(["--config=\(nulls)"])
        #expect(configuration.port == 9393 && configuration.address == "127.0.0.1")
    }

    @Test("a list of maps elsewhere in the file (Kubernetes volumes in a Data Flow file) does not stop it from being read")
    func yamlListOfMaps() throws {
        let directory = try ConfigFixtureDirectory()
        defer { directory.remove() }
        let file = try directory.write(
            "application.yaml",
            """
            server.port: 1234
            spring.cloud.dataflow.task.platform.local.accounts.default.env-vars-to-inherit: [TZ, LANG]
            deployer:
              volumes:
                - name: data
                  hostPath: {path: /data}
            """)
        let configuration = try loadServerConfiguration(["--config=\(file)"])
        #expect(configuration.port == 1234)
        #expect(configuration.localAccounts[0].deployerProperties["env-vars-to-inherit"] == "TZ,LANG")
        // YAMLSnapshot refused the file; the walk's values were used.
        #expect(configuration.properties.layers.first { $0.origin == .configFile }?.providerName == "InMemoryProvider[\(file)]")
        #expect(configuration.properties.value("server.port")?.source.location == file)
    }

    @Test("a YAML file that is no map of properties fails, naming the file")
    func yamlNotAMap() throws {
        let directory = try ConfigFixtureDirectory()
        defer { directory.remove() }
        let list = try directory.write("list.yaml", "- a\n- b\n")
        let error = try #require(serverConfigurationError(["--config=\(list)"]))
        #expect(error.kind == .unreadableFile)
        #expect(error.message.contains(list))
        let broken = try directory.write("broken.yaml", "server: [port\n")
        #expect(serverConfigurationError(["--config=\(broken)"])?.message.contains(broken) == true)
    }

    @Test("environment variables bind with relaxed names", arguments: [
        ["SPRING_CLOUD_DATAFLOW_FEATURES_TASKS_ENABLED": "false"],
        ["SPRING_CLOUD_DATAFLOW_FEATURES_TASKSENABLED": "false"],
    ])
    func environmentRelaxedForms(environment: [String: String]) throws {
        var environment = environment
        environment["SPRING_DATASOURCE_URL"] = "postgres://scdf@db/dataflow"
        environment["SERVER_PORT"] = "9494"
        environment["SERVER_ADDRESS"] = "::1"
        environment["SPRING_FLYWAY_ENABLED"] = "FALSE"
        let configuration = try loadServerConfiguration(environment: environment)
        #expect(!configuration.features.tasksEnabled)
        #expect(configuration.datasource.url.kind == .postgresql)
        #expect(configuration.datasource.source == ServerPropertySource(.environment, name: "SPRING_DATASOURCE_URL"))
        #expect(configuration.port == 9494)
        #expect(configuration.address == "::1")
        #expect(!configuration.flywayEnabled)
        #expect(configuration.warnings.isEmpty)
    }

    @Test("arguments bind in any spelling, as --name=value or --name value")
    func argumentForms() throws {
        let configuration = try loadServerConfiguration([
            "--Server.Port", "9595", "--spring.datasource.driverClassName=org.postgresql.Driver",
            "--spring.cloud.dataflow.features.schedules_enabled=false", "--spring.flyway.enabled",
        ])
        #expect(configuration.port == 9595)
        #expect(configuration.datasource.driverClassName == "org.postgresql.Driver")
        #expect(!configuration.features.schedulesEnabled)
        #expect(configuration.flywayEnabled)  // `--name` alone means true
        #expect(configuration.properties.value("SERVER_PORT")?.source == ServerPropertySource(.argument, name: "Server.Port"))
        #expect(configuration.warnings.isEmpty)
    }

    @Test("a value with commas stays one value")
    func argumentWithCommas() throws {
        let configuration = try loadServerConfiguration(["--spring.datasource.url=postgres://h1:5432,h2:5432/db?target_session_attrs=read-write"])
        #expect(configuration.datasource.url.text == "postgres://h1:5432,h2:5432/db?target_session_attrs=read-write")
    }

    @Test("SPRING_APPLICATION_JSON (or --spring.application.json) sits between the arguments and the environment")
    func applicationJSON() throws {
        let json = #"{"spring.cloud.dataflow.metrics.dashboard":{"url":"http://localhost:3000"},"server":{"port":9696},"spring.flyway.enabled":false}"#
        let configuration = try loadServerConfiguration(environment: ["SPRING_APPLICATION_JSON": json, "SERVER_PORT": "1"])
        #expect(configuration.dashboard.url == "http://localhost:3000")
        #expect(configuration.port == 9696)
        #expect(!configuration.flywayEnabled)
        #expect(configuration.properties.value("server.port")?.source == ServerPropertySource(.applicationJSON, name: "server.port", location: "SPRING_APPLICATION_JSON"))
        let fromArgument = try loadServerConfiguration([#"--spring.application.json={"server.port":9797}"#], environment: ["SPRING_APPLICATION_JSON": json])
        #expect(fromArgument.port == 9797)
        #expect(serverConfigurationError(environment: ["SPRING_APPLICATION_JSON": "[1]"])?.message.contains("SPRING_APPLICATION_JSON") == true)
    }

    @Test("a secrets directory: file names as properties or as environment variables, trailing line break trimmed")
    func secretsDirectory() throws {
        let directory = try ConfigFixtureDirectory()
        defer { directory.remove() }
        try directory.write("secrets/spring.datasource.password", "pa ss\n")
        try directory.write("secrets/SPRING_DATASOURCE_USERNAME", "scdf\r\n")
        try directory.write("secrets/spring/datasource/url", "jdbc:postgresql://db/dataflow")
        try directory.write("secrets/.hidden", "ignored")
        let configuration = try loadServerConfiguration(environment: ["SPRING_CONFIG_IMPORT": "configtree:\(directory.path("secrets"))/"])
        #expect(configuration.datasource.password == "pa ss")
        #expect(configuration.datasource.username == "scdf")
        #expect(configuration.datasource.url.kind == .postgresql)
        let password = try #require(configuration.properties.value("spring.datasource.password"))
        #expect(password.isSecret)
        #expect(password.source == ServerPropertySource(.secretsFile, name: "spring.datasource.password", location: directory.path("secrets/spring.datasource.password")))
        #expect(configuration.properties.value("spring.datasource.username")?.isSecret == true)  // everything in a secrets directory
        #expect(configuration.properties.secretsDirectories == [directory.path("secrets") + "/"])
        #expect(configuration.warnings.isEmpty)
    }

    @Test("a Kubernetes Secret volume: files are links into a hidden ..data directory")
    func kubernetesSecretLayout() throws {
        let directory = try ConfigFixtureDirectory()
        defer { directory.remove() }
        try directory.write("secrets/..2026_01_01_00_00_00.000/SPRING_DATASOURCE_PASSWORD", "k8s-secret\n")
        let manager = FileManager.default
        try manager.createSymbolicLink(atPath: directory.path("secrets/..data"), withDestinationPath: "..2026_01_01_00_00_00.000")
        try manager.createSymbolicLink(
            atPath: directory.path("secrets/SPRING_DATASOURCE_PASSWORD"), withDestinationPath: "..data/SPRING_DATASOURCE_PASSWORD")
        let configuration = try loadServerConfiguration(["--spring.config.import=configtree:\(directory.path("secrets"))"])
        #expect(configuration.datasource.password == "k8s-secret")
    }

    @Test("several secrets directories: the later one wins; optional ones may be missing")
    func severalSecretsDirectories() throws {
        let directory = try ConfigFixtureDirectory()
        defer { directory.remove() }
        try directory.write("a/server.port", "1111")
        try directory.write("b/SERVER_PORT", "2222")
        let imports = "configtree:\(directory.path("a")),configtree:\(directory.path("b")),optional:configtree:\(directory.path("absent"))"
        let configuration = try loadServerConfiguration(["--spring.config.import=\(imports)"])
        #expect(configuration.port == 2222)
        #expect(configuration.properties.secretsDirectories == [directory.path("a"), directory.path("b")])
    }

    @Test("a missing secrets directory fails unless optional; other imports are refused")
    func missingSecretsDirectory() throws {
        let error = try #require(serverConfigurationError(environment: ["SPRING_CONFIG_IMPORT": "configtree:/nonexistent/secrets"]))
        #expect(error.kind == .missingFile)
        #expect(error.message.contains("/nonexistent/secrets") && error.message.contains("SPRING_CONFIG_IMPORT"))
        #expect(serverConfigurationError(environment: ["SPRING_CONFIG_IMPORT": "optional:configtree:/nonexistent/secrets"]) == nil)
        let other = try #require(serverConfigurationError(["--spring.config.import=file:extra.yaml"]))
        #expect(other.message.contains("expected configtree:DIR"))
    }

    @Test("the secrets directory can be named in the YAML file")
    func secretsNamedInYAML() throws {
        let directory = try ConfigFixtureDirectory()
        defer { directory.remove() }
        try directory.write("secrets/dataflow.security.users.alice.password", sampleBcrypt + "\n")
        let file = try directory.write("application.yaml", "spring.config.import: configtree:\(directory.path("secrets"))\nserver.port: 1\n")
        let configuration = try loadServerConfiguration(["--config=\(file)"])
        #expect(configuration.security.users.map(\.name) == ["alice"])
        #expect(configuration.security.users.first?.passwordHash == sampleBcrypt)
    }

    @Test("--config naming a missing file is an error")
    func missingConfigOption() throws {
        let error = try #require(serverConfigurationError(["--config=/nonexistent/application.yaml"]))
        #expect(error.kind == .missingFile)
        #expect(error.message.contains("--config=/nonexistent/application.yaml"))
        #expect(serverConfigurationError(["--config"])?.kind == .invalidArgument)
    }

    @Test("without --config: ./config/application.yaml, then /config/application.yaml; none is fine")
    func defaultLocations() throws {
        let directory = try ConfigFixtureDirectory()
        defer { directory.remove() }
        let first = directory.path("first")
        let second = directory.path("second")
        try directory.write("second/application.yaml", "server.port: 2000\n")
        #expect(try loadServerConfiguration(configDirectories: [first, second]).port == 2000)
        try directory.write("first/application.yml", "server.port: 1000\n")
        #expect(try loadServerConfiguration(configDirectories: [first, second]).port == 1000)
        #expect(try loadServerConfiguration(configDirectories: [directory.path("none")]).properties.configFile == nil)
        // --config wins over the default locations, and may name a directory.
        try directory.write("named/application.yaml", "server.port: 3000\n")
        #expect(try loadServerConfiguration(["--config", directory.path("named")], configDirectories: [first]).port == 3000)
    }

    @Test("spring.config.location names the file too; optional: allows it to be missing")
    func springConfigLocation() throws {
        let directory = try ConfigFixtureDirectory()
        defer { directory.remove() }
        let file = try directory.write("dataflow.yaml", "server.port: 4000\n")
        #expect(try loadServerConfiguration(environment: ["SPRING_CONFIG_LOCATION": "file:\(file)"]).port == 4000)
        #expect(try loadServerConfiguration(["--spring.config.location=optional:/nonexistent.yaml"]).properties.configFile == nil)
        #expect(serverConfigurationError(["--spring.config.location=/nonexistent.yaml"])?.kind == .missingFile)
    }
}
