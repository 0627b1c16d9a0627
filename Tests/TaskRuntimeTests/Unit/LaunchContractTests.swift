import Foundation
import Testing

import MetricsRSocket
@testable import TaskRuntime

/// The launch contract both ways: what a launcher renders, an app reads back unchanged.
@Suite("launch contract round trip")
struct LaunchContractTests {
    static let awkward = [
        "plain", "with spaces", "quotes \"double\" and 'single'", "a=b=c", "comma,separated,list", "line one\nline two",
        "Zürich café 東京 🚀", "--looks-like-an-option", "", "trailing space ", "tab\there", "back\\slash", "$HOME and `id`",
    ]

    @Test("render then parse gives the same task settings, datasource and app properties", arguments: awkward)
    func roundTrip(value: String) throws {
        let dataSource = DataSourceSettings(
            url: "jdbc:postgresql://db.example:5432/batch?currentSchema=s&options=\(value)", username: "user \(value)",
            password: "p@ss:\(value)", source: "test")
        let name = String("task \(value)".prefix(100))
        let launch = TaskLaunch(
            executionId: 42, taskName: name, parentExecutionId: 7, externalExecutionId: "ext \(value)", dataSource: dataSource,
            appProperties: ["app.message": value, "format": value, "spring.batch.chunk": value],
            arguments: ["--spring.cloud.task.executionid=1", "job.parameter=\(value)", "--user.flag=\(value)"])
        let (arguments, environment) = launch.render()
        let properties = LaunchProperties(arguments: arguments, environment: environment)

        let settings = try TaskSettings(properties: properties, defaultName: "app")
        #expect(settings.executionId == 42)
        #expect(settings.taskName == name)
        #expect(settings.parentExecutionId == 7)
        #expect(settings.externalExecutionId == "ext \(value)")
        #expect(settings.arguments == arguments)

        let parsed = DataSourceSettings.resolve(explicitURL: nil, properties: properties)
        #expect(parsed.url == dataSource.url)
        #expect(parsed.username == dataSource.username)
        #expect(parsed.password == dataSource.password)

        for (key, expected) in launch.appProperties {
            #expect(properties[key]?.text == expected, "app property \(key)")
        }
        #expect(properties["user.flag"]?.text == value)
        #expect(properties.programArguments.contains("job.parameter=\(value)"))
        #expect(!arguments.contains("--spring.cloud.task.executionid=1"), "the launcher's id replaces an earlier one")
        #expect(!arguments.contains { $0.contains("p@ss") }, "the password stays out of the arguments")
    }

    @Test("the environment-variable forms a launcher or a platform may use")
    func environmentForms() throws {
        let environment = [
            "SPRING_CLOUD_TASK_EXECUTIONID": "12", "SPRING_CLOUD_TASK_NAME": "env task",
            "SPRING_CLOUD_TASK_PARENT_EXECUTION_ID": "3", "SPRING_CLOUD_TASK_EXTERNALEXECUTIONID": "pod-1",
            "SPRING_DATASOURCE_URL": "jdbc:postgresql://h:5432/db", "SPRING_DATASOURCE_USERNAME": "u",
            "SPRING_DATASOURCE_PASSWORD": "s3cret", "MANAGEMENT_METRICS_EXPORT_PROMETHEUS_RSOCKET_ENABLED": "true",
            "BATCH_HEARTBEAT_INTERVAL": "2",
        ]
        let properties = LaunchProperties(arguments: [], environment: environment)
        let settings = try TaskSettings(properties: properties, defaultName: "app")
        #expect(settings.executionId == 12 && settings.taskName == "env task" && settings.parentExecutionId == 3)
        #expect(settings.externalExecutionId == "pod-1")
        #expect(settings.metrics.enabled)
        let dataSource = DataSourceSettings.resolve(explicitURL: nil, properties: properties)
        #expect(dataSource.url == "jdbc:postgresql://h:5432/db" && dataSource.source == "SPRING_DATASOURCE_URL")
        #expect(dataSource.username == "u" && dataSource.password == "s3cret")
        #expect(try properties.duration("batch.heartbeat-interval", defaultUnit: .seconds) == .seconds(2))
        #expect(LaunchProperties.environmentVariable(for: "spring.cloud.task.parent-execution-id") == "SPRING_CLOUD_TASK_PARENTEXECUTIONID")
    }

    @Test("SPRING_APPLICATION_JSON sits between the arguments and the environment")
    func applicationJSON() throws {
        let json = #"{"spring":{"cloud":{"task":{"name":"from json","executionid":5}}},"spring.datasource.url":"sqlite:/tmp/x.db","list":[1,true]}"#
        let properties = LaunchProperties(
            arguments: ["--spring.cloud.task.executionid=6"],
            environment: ["SPRING_APPLICATION_JSON": json, "SPRING_CLOUD_TASK_NAME": "from env", "SPRING_DATASOURCE_URL": "sqlite:/tmp/env.db"])
        let settings = try TaskSettings(properties: properties, defaultName: "app")
        #expect(settings.taskName == "from json")
        #expect(settings.executionId == 6)
        #expect(properties["spring.datasource.url"]?.text == "sqlite:/tmp/x.db")
        #expect(properties["list[1]"]?.text == "true")
        #expect(properties["spring.cloud.task.name"]?.source == "SPRING_APPLICATION_JSON")
    }

    @Test("what is a property and what the program keeps")
    func splitting() {
        let properties = LaunchProperties(arguments: [
            "start", "job", "--spring.datasource.url", "jdbc:postgresql://h/db?x=y", "--spring.cloud.task.single-instance-enabled",
            "input.file=a.csv", "--db=sqlite:x.db", "--next", "--format=yyyy", "--logging.level.root=info",
        ])
        #expect(properties.programArguments == ["start", "job", "input.file=a.csv", "--db=sqlite:x.db", "--next", "--format=yyyy"])
        #expect(properties["spring.datasource.url"]?.text == "jdbc:postgresql://h/db?x=y")
        #expect(properties["spring.cloud.task.singleInstanceEnabled"]?.text == "true")
        #expect(properties["format"]?.text == "yyyy")
        #expect(properties.option("db") == "sqlite:x.db")
        #expect(properties["logging.level.root"]?.text == "info")
    }

    @Test("between two spellings of one setting, the later argument wins; arguments win over the environment")
    func aliases() throws {
        let properties = LaunchProperties(
            arguments: ["--management.metrics.export.prometheus.rsocket.timeout=120s", "--micrometer.prometheus.rsocket.timeout=500ms"],
            environment: ["MANAGEMENT_METRICS_EXPORT_PROMETHEUS_RSOCKET_PORT": "7002", "MICROMETER_PROMETHEUS_RSOCKET_HOST": "proxy"])
        let metrics = try PrometheusRSocketSettings(properties: properties)
        #expect(metrics.timeout == .milliseconds(500))
        #expect(metrics.port == 7002 && metrics.host == "proxy")
    }

    @Test("durations in Spring's forms", arguments: [
        ("500ms", Duration.milliseconds(500)), ("10s", .seconds(10)), ("2m", .seconds(120)), ("1h", .seconds(3600)),
        ("PT10S", .seconds(10)), ("PT1M30S", .seconds(90)), ("PT0.5S", .milliseconds(500)), ("P1D", .seconds(86400)),
        ("250", .milliseconds(250)),
    ])
    func durations(text: String, expected: Duration) {
        #expect(SpringDuration.parse(text) == expected)
    }

    @Test("bad durations and bad values name the property")
    func badValues() {
        #expect(SpringDuration.parse("soon") == nil)
        #expect(SpringDuration.parse("-5s") == nil)
        #expect(SpringDuration.parse("PT") == nil)
        // Longer than Duration holds in nanoseconds: nil, not a crash.
        #expect(SpringDuration.parse("1000000000d") == nil)
        #expect(SpringDuration.parse("P999999999D") == nil)
        let properties = LaunchProperties(arguments: ["--batch.liveness-timeout=soon", "--a.flag=maybe"])
        #expect(throws: PropertyError.self) { try properties.duration("batch.liveness-timeout") }
        do {
            _ = try properties.bool("a.flag")
            Issue.record("expected an error")
        } catch {
            #expect(error.message == "--a.flag must be true or false, not 'maybe'")
        }
    }
}
