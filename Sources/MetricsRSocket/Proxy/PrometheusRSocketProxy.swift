import Logging
import NIOCore
import ServiceLifecycle
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
/// - bounds what connections may send before their SETUP, and closes idle HTTP connections.
///
/// It is a `Service`: ``run()`` binds the ports, serves until graceful shutdown (or
/// cancellation), then closes the ports and every client connection.
///
/// ```swift
/// let proxy = PrometheusRSocketProxy(configuration: ProxyConfiguration(host: "127.0.0.1"), logger: logger)
/// let group = ServiceGroup(configuration: .init(services: [.init(service: proxy)], logger: logger))
/// try await ShutdownSignals.run(group, logger: logger)   // SIGTERM: graceful; a second: now (module Signals)
/// ```
///
/// Tests and embedders that want no service group use ``start(_:logger:)`` and ``close()``.
public final class PrometheusRSocketProxy: Service {
    /// Ports, timeouts and retention.
    public let configuration: ProxyConfiguration
    let metrics = ProxyMetrics()
    let logger: Logger
    private let keys: KeyPool
    private let onListening: @Sendable (PrometheusRSocketProxy) async -> Void
    let state = Mutex(State())
    private let servers = Mutex(Servers.idle)

    struct State {
        var clients: [Int: ProxyClient] = [:]
        var retained: [RetainedPush] = []
        var nextId = 1
    }

    private enum Servers {
        case idle
        case binding
        case listening(rsocket: RSocketServer, webSocket: RSocketServer?, http: ProxyHTTPServer)
        case closed
    }

    /// Creates a proxy that binds nothing until ``run()`` (or use ``start(_:logger:)``).
    /// - Parameters:
    ///   - configuration: Ports, timeouts and retention.
    ///   - logger: Logs the listening ports, clients coming and going, failed scrapes.
    ///   - onListening: Called by ``run()`` once every port is bound (``rsocketPort`` and the
    ///     others are known then), before serving until shutdown.
    public init(
        configuration: ProxyConfiguration, logger: Logger,
        onListening: @escaping @Sendable (PrometheusRSocketProxy) async -> Void = { _ in }
    ) {
        self.configuration = configuration
        self.logger = logger
        self.onListening = onListening
        keys = KeyPool(bits: configuration.keyBits)
    }

    /// Creates a proxy and binds its RSocket, WebSocket and HTTP ports; it serves until ``close()``.
    /// - Throws: ``MetricsRSocketError/Code/connectionClosed`` when a port cannot be bound.
    public static func start(_ configuration: ProxyConfiguration, logger: Logger) async throws -> PrometheusRSocketProxy {
        let proxy = PrometheusRSocketProxy(configuration: configuration, logger: logger)
        try await proxy.bind()
        return proxy
    }

    /// Binds the ports (unless ``start(_:logger:)`` did), calls `onListening`, serves until
    /// graceful shutdown or cancellation, then closes the ports and every client connection.
    /// - Throws: ``MetricsRSocketError/Code/connectionClosed`` when a port cannot be bound, or
    ///   the proxy was closed before it ran.
    public func run() async throws {
        try await bind()
        await onListening(self)
        try? await gracefulShutdown()
        logger.info("rsocket-proxy stopping", metadata: ["proxy.clients": "\(connectedClients)"])
        await close()
    }

    /// Binds the three ports, unless they are bound already.
    private func bind() async throws {
        let proceed = try servers.withLock { servers throws(MetricsRSocketError) -> Bool in
            switch servers {
            case .idle:
                servers = .binding
                return true
            case .listening:
                return false
            case .binding, .closed:
                throw MetricsRSocketError(.connectionClosed, "the proxy is already starting, or closed")
            }
        }
        guard proceed else { return }
        let bound: Servers
        do {
            bound = try await bindServers()
        } catch {
            servers.withLock { if case .binding = $0 { $0 = .idle } }
            throw error
        }
        let closedMeanwhile = servers.withLock { servers in
            guard case .binding = servers else { return true }
            servers = bound
            return false
        }
        if closedMeanwhile {
            await Self.close(bound)
            throw MetricsRSocketError(.connectionClosed, "the proxy was closed while it was binding its ports")
        }
        logListening()
    }

    private func bindServers() async throws -> Servers {
        keys.refill()
        let acceptor: @Sendable (RSocketServer.SetupInfo, RSocketConnection) async -> (any RSocketResponder)? = {
            [weak self] _, connection in await self?.accept(connection)
        }
        let connection = RSocketConnection.Configuration()
        // One budget for both ports: what all connections awaiting SETUP may make the proxy hold.
        let budget = SetupBudget(limit: connection.maxBytesAwaitingSetup)
        let rsocket = try await RSocketServer.bind(
            host: configuration.host, port: configuration.rsocketPort, configuration: connection, budget: budget, logger: logger,
            acceptor: acceptor)
        var webSocket: RSocketServer?
        do {
            if let port = configuration.webSocketPort {
                webSocket = try await RSocketServer.bind(
                    host: configuration.host, port: port, transport: .webSocket(), configuration: connection, budget: budget,
                    logger: logger, acceptor: acceptor)
            }
            let http = try await ProxyHTTPServer.bind(
                host: configuration.host, port: configuration.httpPort, idleTimeout: configuration.httpIdleTimeout, proxy: self)
            return .listening(rsocket: rsocket, webSocket: webSocket, http: http)
        } catch {
            await webSocket?.close()
            await rsocket.close()
            throw error
        }
    }

    private func logListening() {
        let host = configuration.host
        logger.info(
            "rsocket-proxy listening: RSocket on \(host):\(rsocketPort)\(webSocketPort.map { ", RSocket over WebSocket on \(host):\($0)" } ?? ""), HTTP on \(host):\(httpPort)"
        )
        guard configuration.bindsEveryInterface else { return }
        let ports = [rsocketPort, webSocketPort, httpPort].compactMap { $0 }.map(String.init).joined(separator: ", ")
        logger.warning(
            "rsocket-proxy listens on every interface (\(host)) without authentication: anyone who can reach ports \(ports) can read every app's metrics (/metrics/connected) and push metrics of their own; to restrict it, listen on loopback or a private address (rsocket-proxy --host 127.0.0.1) or firewall the ports",
            metadata: ["proxy.host": "\(host)"])
    }

    /// The bound RSocket port (0 before binding).
    public var rsocketPort: Int { listening?.rsocket.port ?? 0 }
    /// The bound RSocket-over-WebSocket port, or `nil` when the proxy does not listen for WebSocket (or is not bound).
    public var webSocketPort: Int? { listening?.webSocket?.port }
    /// The bound HTTP port (0 before binding).
    public var httpPort: Int { listening?.http.port ?? 0 }
    /// How many clients are connected.
    public var connectedClients: Int { state.withLock { $0.clients.count } }

    private var listening: (rsocket: RSocketServer, webSocket: RSocketServer?, http: ProxyHTTPServer)? {
        servers.withLock { servers in
            guard case .listening(let rsocket, let webSocket, let http) = servers else { return nil }
            return (rsocket, webSocket, http)
        }
    }

    /// Stops listening and closes every client connection. Idempotent; a proxy once closed does not run again.
    public func close() async {
        let previous = servers.withLock { servers in
            defer { servers = .closed }
            return servers
        }
        await Self.close(previous)
        for client in state.withLock({ Array($0.clients.values) }) { await client.connection.close() }
    }

    private static func close(_ servers: Servers) async {
        guard case .listening(let rsocket, let webSocket, let http) = servers else { return }
        await http.close()
        await webSocket?.close()
        await rsocket.close()
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
        connection.whenClosed { [weak self] reason in self?.disconnected(client, reason: reason) }
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
}
