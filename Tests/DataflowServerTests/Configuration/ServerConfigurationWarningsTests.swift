import Foundation
import Testing

@testable import DataflowServer

@Suite("Misspelt and unknown properties")
struct ServerConfigurationWarningsTests {
    @Test("a misspelt argument names the argument and the property meant")
    func misspeltArgument() throws {
        let logs = ConfigurationLogRecorder.Store()
        let configuration = try loadServerConfiguration(["--spring.cloud.dataflow.features.task-enabled=false"], logs: logs)
        #expect(configuration.features.tasksEnabled)  // not applied
        let warning = try #require(configuration.warnings.first)
        #expect(configuration.warnings.count == 1)
        #expect(warning.suggestion == "spring.cloud.dataflow.features.tasks-enabled")
        #expect(warning.source == ServerPropertySource(.argument, name: "spring.cloud.dataflow.features.task-enabled"))
        #expect(
            warning.message
                == "argument --spring.cloud.dataflow.features.task-enabled: unknown property; did you mean spring.cloud.dataflow.features.tasks-enabled?")
        #expect(logs.all.contains { $0.hasPrefix("warning ") && $0.contains("did you mean spring.cloud.dataflow.features.tasks-enabled?") })
    }

    @Test("misspellings in every kind of source", arguments: [
        ("environment", "SPRING_CLOUD_DATAFLOW_FEATURES_TASK_ENABLED", "spring.cloud.dataflow.features.tasks-enabled"),
        ("environment", "SERVER_PROT", "server.port"),
        ("environment", "SPRING_DATASOURCE_PASWORD", "spring.datasource.password"),
        ("environment", "SPRING_CLOUD_DATAFLOW_TASK_PLATFORM_LOCAL_ACCOUNTS_DEFAULT_MAXIMUM_CONCURENT_TASKS", "spring.cloud.dataflow.task.platform.local.accounts.default.maximum-concurrent-tasks"),
        ("environment", "MANAGEMENT_METRICS_EXPORT_PROMETHEUS_RSOCKET_HOTS", "management.metrics.export.prometheus.rsocket.host"),
        ("yaml", "server.adress", "server.address"),
        ("yaml", "spring.cloud.dataflow.task.platform.local.acounts.big.maximum-concurrent-tasks", "spring.cloud.dataflow.task.platform.local.accounts.big.maximum-concurrent-tasks"),
        ("yaml", "spring.cloud.dataflow.metrics.dashboard.ulr", "spring.cloud.dataflow.metrics.dashboard.url"),
        ("yaml", "dataflow.security.users.alice.pasword", "dataflow.security.users.alice.password"),
        ("secrets", "spring.datasource.pasword", "spring.datasource.password"),
        ("secrets", "SPRING_DATASOURCE_USERNAM", "spring.datasource.username"),
    ])
    func misspellings(kind: String, name: String, suggestion: String) throws {
        let directory = try ConfigFixtureDirectory()
        defer { directory.remove() }
        let configuration: DataflowServerConfiguration
        let expectedSource: ServerPropertySource
        switch kind {
        case "environment":
            configuration = try loadServerConfiguration(environment: [name: "x"])
            expectedSource = ServerPropertySource(.environment, name: name)
        case "yaml":
            let file = try directory.write("application.yaml", "\(name): x\n")
            configuration = try loadServerConfiguration(["--config=\(file)"])
            expectedSource = ServerPropertySource(.configFile, name: name, location: file)
        default:
            let file = try directory.write("secrets/\(name)", "x\n")
            configuration = try loadServerConfiguration(["--spring.config.import=configtree:\(directory.path("secrets"))"])
            expectedSource = ServerPropertySource(.secretsFile, name: name, location: file)
        }
        #expect(configuration.warnings.count == 1)
        let warning = try #require(configuration.warnings.first)
        #expect(warning.name == name)
        #expect(warning.suggestion == suggestion)
        #expect(warning.source == expectedSource)
        #expect(warning.message.hasPrefix("\(expectedSource): unknown property; did you mean "))
        if kind == "environment" {
            #expect(warning.message.hasSuffix("did you mean \(ServerPropertyName.environmentVariable(for: suggestion.replacingOccurrences(of: "-", with: "_"))) (\(suggestion))?"))
        } else {
            #expect(warning.message.hasSuffix("did you mean \(suggestion)?"))
        }
    }

    @Test("in the environment, the variable meant is suggested")
    func environmentSuggestion() throws {
        let configuration = try loadServerConfiguration(environment: ["SPRING_CLOUD_DATAFLOW_FEATURES_TASK_ENABLED": "false"])
        #expect(
            configuration.warnings.map(\.message) == [
                "environment variable SPRING_CLOUD_DATAFLOW_FEATURES_TASK_ENABLED: unknown property; did you mean SPRING_CLOUD_DATAFLOW_FEATURES_TASKS_ENABLED (spring.cloud.dataflow.features.tasks-enabled)?"
            ])
    }

    @Test("valid keys and other programs' variables give no warning")
    func noWarnings() throws {
        let configuration = try loadServerConfiguration(
            ["--server.port=1234", "--spring.cloud.dataflow.features.tasks-enabled=true", "--management.metrics.tags.application=x"],
            environment: [
                "PATH": "/usr/bin", "HOME": "/root", "SERVER_SOFTWARE": "nginx", "SERVER_NAME": "example", "SERVER_HOST": "web1", "DATAFLOW_VERSION": "2.11.5",
                "SPRING_PROFILES_ACTIVE": "prod", "SPRING_CLOUD_DATAFLOW_SERVER_URI": "http://localhost:9393",
                "SERVERLESS_MODE": "1", "SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE": "10",
                "SPRING_DATASOURCE_DRIVER_CLASS_NAME": "org.postgresql.Driver", "server.port": "1", "LOG_LEVEL": "debug",
            ])
        #expect(configuration.warnings.isEmpty, "\(configuration.warnings)")
        #expect(configuration.port == 1234)
        #expect(configuration.datasource.driverClassName == "org.postgresql.Driver")
    }

    @Test("an unknown key far from any known one, in a file, is reported without a suggestion")
    func unknownInFile() throws {
        let directory = try ConfigFixtureDirectory()
        defer { directory.remove() }
        let file = try directory.write(
            "application.yaml", "server:\n  ssl:\n    enabled: true\nspring.cloud.dataflow.task.platform.kubernetes.accounts.dev.namespace: dev\n")
        let configuration = try loadServerConfiguration(["--config=\(file)"])
        #expect(configuration.warnings.map(\.name) == ["server.ssl.enabled", "spring.cloud.dataflow.task.platform.kubernetes.accounts.dev.namespace"])
        #expect(configuration.warnings.allSatisfy { $0.suggestion == nil })
        #expect(configuration.warnings[0].message.hasPrefix("\(file) (server.ssl.enabled): unknown property, ignored; the nearest property this server reads is "))
    }

    @Test("arguments that are no properties are reported")
    func positionalArgument() throws {
        let configuration = try loadServerConfiguration(["serve", "--server.port=1", "--", "--later"])
        #expect(configuration.properties.positionalArguments == ["serve", "--later"])
        #expect(configuration.warnings.map(\.name) == ["serve", "--later"])
    }
}

@Suite("Relaxed names")
struct ServerPropertyNameTests {
    @Test("every spelling of a name is one name", arguments: [
        ("spring.datasource.driver-class-name", ServerPropertyName.Style.dotted),
        ("spring.datasource.driverClassName", .dotted),
        ("spring.datasource.driver_class_name", .dotted),
        ("SPRING_DATASOURCE_DRIVER_CLASS_NAME", .environment),
        ("SPRING_DATASOURCE_DRIVERCLASSNAME", .environment),
        ("spring[datasource].driver-class-name", .dotted),
    ])
    func spellings(name: String, style: ServerPropertyName.Style) {
        #expect(ServerPropertyName(name, style: style).flat == "springdatasourcedriverclassname")
    }

    @Test("the environment variable of a property")
    func environmentVariable() {
        #expect(ServerPropertyName.environmentVariable(for: "spring.cloud.dataflow.features.tasks-enabled") == "SPRING_CLOUD_DATAFLOW_FEATURES_TASKSENABLED")
        #expect(ServerPropertyName.environmentVariable(for: "server.port") == "SERVER_PORT")
    }

    @Test("map keys keep their spelling; environment variables are lower-cased")
    func mapKeys() {
        let dotted = ServerPropertyCatalog.classify(ServerPropertyName("spring.cloud.dataflow.task.platform.local.accounts.My-Box.java-opts", style: .dotted))
        guard case .known(let key, let display, _, let member?) = dotted else {
            Issue.record("not known: \(dotted)")
            return
        }
        #expect(key == "spring.cloud.dataflow.task.platform.local.accounts.mybox.java-opts")
        #expect(display == "spring.cloud.dataflow.task.platform.local.accounts.My-Box.java-opts")
        #expect(member.written == "My-Box")
        let variable = ServerPropertyCatalog.classify(ServerPropertyName("DATAFLOW_SECURITY_USERS_ALICE_ROLES", style: .environment))
        #expect(variable.knownKey == "dataflow.security.users.alice.roles")
    }

    @Test("edit distance counts a transposition as one edit")
    func editDistance() {
        func distance(_ a: String, _ b: String) -> Int {
            ServerPropertyCatalog.editDistance(Array(a.unicodeScalars), Array(b.unicodeScalars))
        }
        #expect(distance("port", "prot") == 1)
        #expect(distance("tasksenabled", "taskenabled") == 1)
        #expect(distance("kitten", "sitting") == 3)
        #expect(distance("", "abc") == 3)
        #expect(distance("same", "same") == 0)
    }
}

extension ServerPropertyCatalog.Classification {
    var knownKey: String? {
        if case .known(let key, _, _, _) = self { key } else { nil }
    }
}
