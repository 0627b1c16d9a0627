import Testing

@testable import MetricsRSocket

@Suite("Prometheus RSocket settings")
struct PrometheusRSocketSettingsTests {
    @Test("off by default, localhost:7001, Java client's backoff and timeout")
    func defaults() throws {
        let settings = try PrometheusRSocketSettings(arguments: [], environment: [:])
        #expect(settings == PrometheusRSocketSettings())
        #expect(!settings.enabled && settings.host == "localhost" && settings.port == 7001)
        #expect(settings.firstBackoff == .seconds(10) && settings.maxBackoff == .seconds(600) && settings.timeout == .seconds(5))
    }

    @Test("Data Flow's management.metrics.export.prometheus.rsocket.* arguments, both forms")
    func managementArguments() throws {
        let settings = try PrometheusRSocketSettings(
            arguments: [
                "--management.metrics.export.prometheus.rsocket.enabled=true",
                "--management.metrics.export.prometheus.rsocket.host", "proxy.local",
                "--management.metrics.export.prometheus.rsocket.port=7002",
                "--management.metrics.tags.service=task-application",
            ], environment: [:])
        #expect(settings.enabled && settings.host == "proxy.local" && settings.port == 7002)
        #expect(settings.tags.count == 1 && settings.tags[0] == ("service", "task-application"))
    }

    @Test("environment variables of both spellings; arguments win; relaxed names")
    func environment() throws {
        let settings = try PrometheusRSocketSettings(
            arguments: ["--micrometer.prometheus.rsocket.firstBackoff=250ms", "--micrometer.prometheus.rsocket.port=9000"],
            environment: [
                "MANAGEMENT_METRICS_EXPORT_PROMETHEUS_RSOCKET_ENABLED": "true",
                "MICROMETER_PROMETHEUS_RSOCKET_HOST": "10.0.0.5",
                "MICROMETER_PROMETHEUS_RSOCKET_PORT": "8000",
                "MICROMETER_PROMETHEUS_RSOCKET_MAX_BACKOFF": "PT1M30S",
                "MICROMETER_PROMETHEUS_RSOCKET_TIMEOUT": "2s",
                "MANAGEMENT_METRICS_TAGS_REGION": "eu",
            ])
        #expect(settings.enabled && settings.host == "10.0.0.5" && settings.port == 9000)
        #expect(settings.firstBackoff == .milliseconds(250) && settings.maxBackoff == .seconds(90) && settings.timeout == .seconds(2))
        #expect(settings.tags.count == 1 && settings.tags[0] == ("region", "eu"))
    }

    @Test("transport: TCP by default, WEBSOCKET in any case from arguments or the environment")
    func transport() throws {
        #expect(try PrometheusRSocketSettings(arguments: [], environment: [:]).transport == .tcp)
        let argument = try PrometheusRSocketSettings(
            arguments: ["--micrometer.prometheus.rsocket.transport=websocket", "--micrometer.prometheus.rsocket.port=8081"], environment: [:])
        #expect(argument.transport == .webSocket(path: "/") && argument.port == 8081)
        let environment = try PrometheusRSocketSettings(
            arguments: [], environment: ["MANAGEMENT_METRICS_EXPORT_PROMETHEUS_RSOCKET_TRANSPORT": "WEBSOCKET"])
        #expect(environment.transport == .webSocket(path: "/"))
        #expect(environment != PrometheusRSocketSettings())
    }

    @Test(
        "bad values are refused with the property and the value",
        arguments: [
            ("--management.metrics.export.prometheus.rsocket.port=70000", "must be a port from 1 to 65535, not '70000'"),
            ("--management.metrics.export.prometheus.rsocket.enabled=yes", "must be true or false, not 'yes'"),
            ("--micrometer.prometheus.rsocket.first-backoff=soon", "must be a duration such as 10s, 500ms or PT10S, not 'soon'"),
            ("--micrometer.prometheus.rsocket.transport=QUIC", "must be TCP (the proxy's port 7001) or WEBSOCKET (its port 8081), not 'QUIC'"),
            ("--micrometer.prometheus.rsocket.secure=true", "without TLS"),
        ])
    func badValues(argument: String, expected: String) {
        #expect {
            try PrometheusRSocketSettings(arguments: [argument], environment: [:])
        } throws: { error in
            guard let error = error as? MetricsRSocketError else { return false }
            return error.code == .invalidSettings && error.message.contains(expected)
                && error.message.contains(argument.dropFirst(2).split(separator: "=")[0])
        }
    }
}
