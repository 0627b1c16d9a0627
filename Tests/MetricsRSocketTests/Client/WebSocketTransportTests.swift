import DatabaseTestSupport
import Logging
import NIOCore
import Testing

@testable import MetricsRSocket

/// RSocket over WebSocket (the Java proxy's port 8081), our client with our proxy in one process.
@Suite("RSocket over WebSocket")
struct WebSocketTransportTests {
    private static func startProxy() async throws -> PrometheusRSocketProxy {
        try await PrometheusRSocketProxy.start(
            ProxyConfiguration(host: "127.0.0.1", rsocketPort: 0, webSocketPort: 0, httpPort: 0, scrapeTimeout: .seconds(60)),
            logger: Logger(label: "test"))
    }

    private struct Silent: RSocketResponder {}

    @Test("transport WEBSOCKET: the proxy scrapes the client over its WebSocket port and acknowledges the final push")
    func scrapeAndPush() async throws {
        let proxy = try await Self.startProxy()
        let port = try #require(proxy.webSocketPort)
        let registry = PrometheusRegistry(commonTags: [("application", "ws-1")])
        registry.makeTimer(label: "spring.cloud.task", dimensions: []).recordNanoseconds(1_000_000_000)
        let settings = PrometheusRSocketSettings(
            enabled: true, host: "127.0.0.1", port: port, firstBackoff: .milliseconds(50), timeout: .seconds(3600), transport: .webSocket(path: "/"))
        let client = PrometheusRSocketClient(registry: registry, settings: settings, logger: Logger(label: "test"))
        let pushed = try await withTimeout("the client's run and final push") {
            try await runClient(client) {
                try await poll("the client to connect") { proxy.connectedClients == 1 }
                let live = await proxy.connectedMetrics()
                #expect(live.contains("spring_cloud_task_seconds_count{application=\"ws-1\"} 1.0"), "\(live)")
                #expect(proxy.proxyMetrics().contains("prometheus_proxy_scrape_seconds_count{outcome=\"success\"} 1.0"))
                registry.makeCounter(label: "late", dimensions: []).increment(by: 2)
            }
        }
        #expect(pushed == .acknowledged)
        try await poll("the client to leave") { proxy.connectedClients == 0 }
        #expect(await proxy.connectedMetrics().contains("late_total{application=\"ws-1\"} 2.0"))
        await proxy.close()
    }

    @Test("a WebSocket client at the HTTP port is told the server answered HTTP 404, and which port to use")
    func wrongPortHTTP() async throws {
        let proxy = try await Self.startProxy()
        await #expect {
            _ = try await RSocketConnection.connect(
                host: "127.0.0.1", port: proxy.httpPort, transport: .webSocket(), responder: Silent(), logger: Logger(label: "test"))
        } throws: { error in
            let message = (error as? MetricsRSocketError)?.message ?? ""
            return message.contains("answered the WebSocket upgrade with HTTP 404") && message.contains("(8081)")
        }
        await proxy.close()
    }

    @Test("a WebSocket client at the TCP RSocket port gives up after the connect timeout and says why")
    func wrongPortTCP() async throws {
        let proxy = try await Self.startProxy()
        await #expect {
            _ = try await RSocketConnection.connect(
                host: "127.0.0.1", port: proxy.rsocketPort, transport: .webSocket(), responder: Silent(),
                configuration: .init(connectTimeout: .milliseconds(300)), logger: Logger(label: "test"))
        } throws: { error in
            let message = (error as? MetricsRSocketError)?.message ?? ""
            return message.contains("no WebSocket upgrade within") && message.contains("(8081)")
        }
        await proxy.close()
    }

    @Test("a plain HTTP request to the WebSocket port gets 426 Upgrade Required and what the port is for")
    func plainHTTP() async throws {
        let proxy = try await Self.startProxy()
        let port = try #require(proxy.webSocketPort)
        let response = try await httpGet("http://127.0.0.1:\(port)/metrics/connected")
        #expect(response.status == 426)
        #expect(response.body.contains("this port speaks RSocket over WebSocket"), "\(response.body)")
        await proxy.close()
    }

    @Test("the proxy without a WebSocket port listens on TCP and HTTP only")
    func disabled() async throws {
        let proxy = try await PrometheusRSocketProxy.start(
            ProxyConfiguration(host: "127.0.0.1", rsocketPort: 0, webSocketPort: nil, httpPort: 0), logger: Logger(label: "test"))
        #expect(proxy.webSocketPort == nil && proxy.rsocketPort > 0 && proxy.httpPort > 0)
        await proxy.close()
    }
}

extension WebSocketTransportTests {
    @Test("a connection to the WebSocket port that never upgrades is closed after the setup timeout")
    func idleConnection() async throws {
        try await withTimeout("idle WebSocket connection") {
            let server = try await RSocketServer.bind(
                host: "127.0.0.1", port: 0, transport: .webSocket(), configuration: .init(setupTimeout: .milliseconds(200)),
                logger: Logger(label: "test")
            ) { _, _ in nil }
            let frames = try await withRawClient(port: server.port) { peer in try await peer.readUntilClosed() }
            #expect(frames.isEmpty, "\(frames)")
            await server.close()
        }
    }
}
