import Logging
import NIOCore
import Synchronization

/// A Prometheus RSocket proxy, wire-compatible with the Java proxy: apps connect over RSocket
/// (the Java client or ours) on TCP or WebSocket, Prometheus scrapes `GET /metrics/connected`
/// over HTTP.
///
/// Beyond the Java proxy it:
/// - scrapes each client with a timeout, so one slow client cannot stall the others;
/// - keeps the metrics a client pushed as it closed for ``ProxyConfiguration/retention`` and
///   serves them to every scrape in that time (not exactly once, which loses them when two
///   Prometheus servers scrape, or one scrape fails);
/// - keeps a client that failed one scrape instead of dropping it for good;
/// - serves `# HELP`/`# TYPE` once per family, so strict parsers accept the text;
/// - closes HTTP connections after error responses and when idle.
///
/// ```swift
/// let proxy = try await PrometheusRSocketProxy.start(ProxyConfiguration(host: "127.0.0.1"), logger: logger)
/// print(await proxy.connectedMetrics())
/// await proxy.close()
/// ```
public final class PrometheusRSocketProxy: Sendable {
    /// Ports, timeouts and retention.
    public let configuration: ProxyConfiguration
    let metrics = ProxyMetrics()
    let logger: Logger
    private let keys: KeyPool
    private let state = Mutex(State())
    private let servers = Mutex<(rsocket: RSocketServer?, webSocket: RSocketServer?, http: ProxyHTTPServer?)>((nil, nil, nil))

    private struct State {
        var clients: [Int: ProxyClient] = [:]
        var retained: [RetainedPush] = []
        var nextId = 1
    }

    private init(configuration: ProxyConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        keys = KeyPool(bits: configuration.keyBits)
    }

    /// Binds the RSocket, WebSocket and HTTP ports and starts serving.
    /// - Throws: ``MetricsRSocketError/Code/connectionClosed`` when a port cannot be bound.
    public static func start(_ configuration: ProxyConfiguration, logger: Logger) async throws -> PrometheusRSocketProxy {
        let proxy = PrometheusRSocketProxy(configuration: configuration, logger: logger)
        proxy.keys.refill()
        let acceptor: @Sendable (RSocketServer.SetupInfo, RSocketConnection) async -> (any RSocketResponder)? = {
            _, connection in await proxy.accept(connection)
        }
        let rsocket = try await RSocketServer.bind(host: configuration.host, port: configuration.rsocketPort, logger: logger, acceptor: acceptor)
        var webSocket: RSocketServer?
        do {
            if let port = configuration.webSocketPort {
                webSocket = try await RSocketServer.bind(
                    host: configuration.host, port: port, transport: .webSocket(), logger: logger, acceptor: acceptor)
            }
            let http = try await ProxyHTTPServer.bind(
                host: configuration.host, port: configuration.httpPort, idleTimeout: configuration.httpIdleTimeout, proxy: proxy)
            proxy.servers.withLock { $0 = (rsocket, webSocket, http) }
        } catch {
            await webSocket?.close()
            await rsocket.close()
            throw error
        }
        logger.info(
            "rsocket-proxy listening: RSocket on \(configuration.host):\(rsocket.port)\(webSocket.map { ", RSocket over WebSocket on \(configuration.host):\($0.port)" } ?? ""), HTTP on \(configuration.host):\(proxy.httpPort)"
        )
        return proxy
    }

    /// The bound RSocket port.
    public var rsocketPort: Int { servers.withLock { $0.rsocket?.port ?? 0 } }
    /// The bound RSocket-over-WebSocket port, or `nil` when the proxy does not listen for WebSocket.
    public var webSocketPort: Int? { servers.withLock { $0.webSocket?.port } }
    /// The bound HTTP port.
    public var httpPort: Int { servers.withLock { $0.http?.port ?? 0 } }
    /// How many clients are connected.
    public var connectedClients: Int { state.withLock { $0.clients.count } }

    /// Stops both servers and closes every client connection.
    public func close() async {
        let (rsocket, webSocket, http) = servers.withLock { $0 }
        await http?.close()
        await webSocket?.close()
        await rsocket?.close()
        for client in state.withLock({ Array($0.clients.values) }) { await client.connection.close() }
    }

    private func accept(_ connection: RSocketConnection) async -> (any RSocketResponder)? {
        let key: RSAPrivateKey
        do {
            key = try await keys.take()
        } catch {
            logger.error("could not make a key for \(connection.peerDescription): \(error)")
            return nil
        }
        let client = state.withLock { state in
            let client = ProxyClient(id: state.nextId, connection: connection, key: key)
            state.nextId += 1
            state.clients[client.id] = client
            return client
        }
        var logger = self.logger
        logger[metadataKey: "proxy.client"] = "\(client.id)"
        logger[metadataKey: "rsocket.peer"] = "\(connection.peerDescription)"
        logger.info("client connected")
        Task {
            let reason = await connection.closed()
            self.disconnected(client, reason: reason)
        }
        do {
            try await connection.fireAndForget(Payload(data: client.keyDER))
        } catch {
            logger.warning("could not send the key: \(error)")
        }
        return ProxyResponder(client: client, proxy: self, logger: logger)
    }

    private func disconnected(_ client: ProxyClient, reason: MetricsRSocketError?) {
        let pushed = client.pushed
        let expires = ContinuousClock.now + configuration.retention
        state.withLock { state in
            state.clients.removeValue(forKey: client.id)
            if let pushed { state.retained.append(RetainedPush(clientId: client.id, text: pushed, expires: expires)) }
        }
        logger.info(
            "client disconnected\(reason.map { " (\($0))" } ?? "")\(pushed != nil ? "; its pushed metrics are served for \(configuration.retention)" : "")",
            metadata: ["proxy.client": "\(client.id)"])
    }

    /// Scrapes every connected client at once, each within the scrape timeout, and merges
    /// their texts with the retained pushes of clients that have gone.
    public func connectedMetrics() async -> String {
        String(decoding: await connectedMetricsBytes(), as: UTF8.self)
    }

    /// ``connectedMetrics()`` as UTF-8, as the HTTP side serves it.
    func connectedMetricsBytes() async -> [UInt8] {
        let now = ContinuousClock.now
        let (clients, retained) = state.withLock { state in
            state.retained.removeAll { $0.expires <= now }
            return (Array(state.clients.values).sorted { $0.id < $1.id }, state.retained)
        }
        metrics.activeConnections.set(Int64(clients.count))
        let texts = await withTaskGroup(of: (Int, [UInt8]?).self) { group in
            for client in clients {
                group.addTask { (client.id, await self.scrape(client)) }
            }
            var texts: [Int: [UInt8]] = [:]
            for await (id, text) in group { texts[id] = text }
            return texts
        }
        var merger = MetricsTextMerger()
        for client in clients {
            if let text = texts[client.id] ?? nil { merger.add(text) }
        }
        for push in retained { merger.add(push.text) }
        return merger.bytes()
    }

    /// The proxy's own metrics.
    public func proxyMetrics() -> String { metrics.registry.renderText() }

    /// One client's text, or its last push when it cannot answer in time; nil when neither.
    private func scrape(_ client: ProxyClient) async -> [UInt8]? {
        let started = ContinuousClock.now
        let outcome: String
        var text: [UInt8]?
        do {
            let key = client.keyDER
            let reply = try await PrometheusRSocketClient.withDeadline(started + configuration.scrapeTimeout) {
                try await client.connection.requestResponse(Payload(data: key))
            }
            guard let metadata = reply.metadata else {
                throw MetricsRSocketError(.protocolViolation, "the scrape reply has no metadata (the encrypted AES key)")
            }
            let bytes = try ProxyCipher.open(
                metadata: Array(buffer: metadata), data: Array(buffer: reply.data), with: client.key,
                maxTextLength: configuration.maxTextLength)
            metrics.payloadBytes.record(Int64(reply.data.readableBytes))
            text = bytes
            outcome = "success"
        } catch let error as MetricsRSocketError where error.code == .timedOut {
            outcome = "timeout"
            logger.warning("client did not answer the scrape within \(configuration.scrapeTimeout); left out of this scrape",
                metadata: ["proxy.client": "\(client.id)"])
        } catch let error as MetricsRSocketError where error.code == .connectionClosed {
            outcome = "closed"
        } catch {
            outcome = "error"
            metrics.connectionErrors.increment(by: 1)
            logger.warning("scrape failed: \(error)", metadata: ["proxy.client": "\(client.id)"])
        }
        metrics.scrape(outcome).recordNanoseconds(started.duration(to: .now).nanoseconds)
        return text ?? client.pushed
    }
}
