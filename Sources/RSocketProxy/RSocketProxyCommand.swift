import ArgumentParser
import Foundation
import Logging
import MetricsRSocket
import ServiceLifecycle
import Signals

/// `rsocket-proxy`: a Prometheus RSocket proxy that apps (the Java client or swift-batch's)
/// connect to over RSocket and Prometheus scrapes over HTTP.
@main
struct RSocketProxyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rsocket-proxy",
        abstract: "A Prometheus RSocket proxy: apps connect over RSocket, Prometheus scrapes /metrics/connected.",
        discussion: """
            Wire-compatible with micrometer-metrics/prometheus-rsocket-proxy: the Java client and swift-batch apps \
            (--management.metrics.export.prometheus.rsocket.enabled=true) connect to the RSocket port. The Java \
            proxy's --server.port, --micrometer.prometheus-proxy.tcp-port and \
            --micrometer.prometheus-proxy.websocket-port are accepted too. Apps behind an HTTP ingress connect to the \
            WebSocket port (transport WEBSOCKET). The proxy has no authentication: by default it listens on every \
            interface, as the Java proxy does, and warns; --host 127.0.0.1 keeps it to this machine. SIGTERM or \
            SIGINT stops it gracefully (exit code 0).
            """)

    @Option(help: "The address to listen on (0.0.0.0: every interface; 127.0.0.1: this machine only).")
    var host = "0.0.0.0"

    @Option(name: .customLong("rsocket-port"), help: "The RSocket TCP port apps connect to.")
    var rsocketPort = 7001

    @Option(name: .customLong("websocket-port"), help: "The RSocket-over-WebSocket port (any path; 0 picks a free port).")
    var webSocketPort = 8081

    @Flag(name: .customLong("no-websocket"), help: "Do not listen for RSocket over WebSocket.")
    var noWebSocket = false

    @Option(name: .customLong("http-port"), help: "The HTTP port Prometheus scrapes (/metrics/connected, /metrics/proxy).")
    var httpPort = 8080

    @Option(name: .customLong("scrape-timeout"), help: "How long one app may take to answer a scrape (e.g. 5s, 500ms).")
    var scrapeTimeout = "5s"

    @Option(help: "How long an app's metrics pushed at exit are served after it disconnects (e.g. 5m).")
    var retention = "5m"

    @Option(name: .customLong("http-idle-timeout"), help: "How long an HTTP connection may stay idle before it is closed (e.g. 30s, 500ms).")
    var httpIdleTimeout = "30s"

    @Option(name: .customLong("key-bits"), help: "The RSA key size made for each connection (2048, 3072 or 4096).")
    var keyBits = 2048

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning or error.")
    var logLevel = "info"

    func validate() throws {
        for (name, port) in [("--rsocket-port", rsocketPort), ("--http-port", httpPort), ("--websocket-port", webSocketPort)] where !(0...65535).contains(port) {
            throw ValidationError("\(name) must be a port from 0 to 65535, not \(port)")
        }
        guard [2048, 3072, 4096].contains(keyBits) else { throw ValidationError("--key-bits must be 2048, 3072 or 4096, not \(keyBits)") }
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level must be trace, debug, info, notice, warning or error, not '\(logLevel)'")
        }
    }

    /// Accepts the Java proxy's Spring properties as aliases.
    static func translate(_ arguments: [String]) -> [String] {
        let aliases = [
            "--server.port": "--http-port", "--micrometer.prometheus-proxy.tcp-port": "--rsocket-port",
            "--micrometer.prometheus-proxy.websocket-port": "--websocket-port",
        ]
        return arguments.map { argument in
            for (spring, ours) in aliases where argument.hasPrefix(spring + "=") {
                return ours + argument.dropFirst(spring.count)
            }
            return aliases[argument] ?? argument
        }
    }

    static func main() async {
        do {
            var command = try parseAsRoot(translate(Array(CommandLine.arguments.dropFirst())))
            if var command = command as? RSocketProxyCommand {
                try await command.serve()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }

    /// The proxy's configuration from the options.
    func proxyConfiguration() throws -> ProxyConfiguration {
        let idle = try PrometheusRSocketSettings.parseDuration(httpIdleTimeout, option: "--http-idle-timeout")
        guard idle > .zero else { throw ValidationError("--http-idle-timeout must be longer than 0, not '\(httpIdleTimeout)'") }
        return ProxyConfiguration(
            host: host, rsocketPort: rsocketPort, webSocketPort: noWebSocket ? nil : webSocketPort, httpPort: httpPort,
            scrapeTimeout: try PrometheusRSocketSettings.parseDuration(scrapeTimeout, option: "--scrape-timeout"),
            retention: try PrometheusRSocketSettings.parseDuration(retention, option: "--retention"), keyBits: keyBits,
            httpIdleTimeout: idle)
    }

    /// Runs the proxy in a service group until SIGTERM or SIGINT shuts it down gracefully. Prints
    /// `rsocket-proxy listening rsocket=<port> http=<port> [websocket=<port>]` once the ports are bound.
    mutating func serve() async throws {
        let configuration = try proxyConfiguration()
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "rsocket-proxy")
        let proxy = PrometheusRSocketProxy(configuration: configuration, logger: logger) { proxy in
            let webSocket = proxy.webSocketPort.map { " websocket=\($0)" } ?? ""
            FileHandle.standardOutput.write(Data("rsocket-proxy listening rsocket=\(proxy.rsocketPort) http=\(proxy.httpPort)\(webSocket)\n".utf8))
        }
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(services: [.init(service: proxy)], logger: logger))
        do {
            // The one signal story: the first SIGTERM or SIGINT closes the ports and clients, a second cancels that.
            try await ShutdownSignals.run(group, logger: logger)
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            Foundation.exit(1)
        }
    }
}
