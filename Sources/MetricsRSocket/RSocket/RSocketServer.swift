import Logging
import NIOCore
import NIOPosix
import Synchronization

/// Accepts RSocket connections over TCP, or over WebSocket (any path upgrades).
///
/// Each connection must begin with a valid SETUP (version 1.x, no resume, no lease); the
/// acceptor then sees it and returns the responder for the connection's requests, or `nil` to
/// refuse it with REJECTED_SETUP. The acceptor may itself send requests on the connection (the
/// server side uses even stream ids). The server sends KEEPALIVEs at the client's interval and
/// closes a connection whose client is silent for longer than the client's max lifetime.
///
/// Until its SETUP is accepted a connection may send at most
/// ``RSocketConnection/Configuration/maxBytesBeforeSetup`` bytes, and all such connections
/// together at most ``RSocketConnection/Configuration/maxBytesAwaitingSetup``; a connection
/// over either limit is closed with an ERROR frame that says which.
public final class RSocketServer: Sendable {
    /// What a client announced in its SETUP frame.
    public struct SetupInfo: Sendable {
        /// How often the client sends KEEPALIVE (and the server too).
        public var keepaliveInterval: Duration
        /// How long either side may go without a KEEPALIVE before the connection is closed.
        public var maxLifetime: Duration
        /// The MIME type of metadata.
        public var metadataMimeType: String
        /// The MIME type of data.
        public var dataMimeType: String
        /// The SETUP frame's payload, or `nil` when it had neither metadata nor data.
        public var payload: Payload?
        /// The protocol version the client speaks.
        public var version: RSocketVersion

        /// Creates setup information (the server makes these; tests of acceptors may too).
        public init(
            keepaliveInterval: Duration, maxLifetime: Duration, metadataMimeType: String, dataMimeType: String,
            payload: Payload?, version: RSocketVersion
        ) {
            self.keepaliveInterval = keepaliveInterval
            self.maxLifetime = maxLifetime
            self.metadataMimeType = metadataMimeType
            self.dataMimeType = dataMimeType
            self.payload = payload
            self.version = version
        }
    }

    private let channel: any Channel
    private let registry: Registry

    /// The bound TCP port (useful after binding port 0).
    public let port: Int

    private init(channel: any Channel, registry: Registry) {
        self.channel = channel
        self.port = channel.localAddress?.port ?? 0
        self.registry = registry
    }

    /// Starts listening on `host:port` (port 0 picks a free port; see ``port``).
    /// - Parameters:
    ///   - host: The address to listen on.
    ///   - port: The port, or 0 for a free one.
    ///   - transport: TCP, or WebSocket (any path upgrades).
    ///   - configuration: Limits and timeouts of every accepted connection.
    ///   - logger: Logs connections and protocol errors.
    ///   - acceptor: Sees each valid SETUP and returns the connection's responder, or `nil` to refuse it.
    /// - Throws: `.connectionClosed` when the address cannot be bound.
    public static func bind(
        host: String, port: Int, transport: RSocketTransport = .tcp, configuration: RSocketConnection.Configuration = .init(),
        logger: Logger, acceptor: @escaping @Sendable (SetupInfo, RSocketConnection) async -> (any RSocketResponder)?
    ) async throws -> RSocketServer {
        try await bind(
            host: host, port: port, transport: transport, configuration: configuration,
            budget: SetupBudget(limit: configuration.maxBytesAwaitingSetup), logger: logger, acceptor: acceptor)
    }

    /// ``bind(host:port:transport:configuration:logger:acceptor:)`` with the budget of bytes
    /// held for connections awaiting SETUP given, so several servers can share one.
    static func bind(
        host: String, port: Int, transport: RSocketTransport = .tcp, configuration: RSocketConnection.Configuration = .init(),
        budget: SetupBudget, logger: Logger,
        acceptor: @escaping @Sendable (SetupInfo, RSocketConnection) async -> (any RSocketResponder)?
    ) async throws -> RSocketServer {
        let registry = Registry()
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let peer = channel.remoteAddress.map(Self.describe) ?? "unknown peer"
                    let register: @Sendable (RSocketConnection) -> Void = { connection in
                        registry.add(connection)
                        channel.closeFuture.whenComplete { _ in registry.remove(connection) }
                    }
                    try channel.pipeline.syncOperations.addHandler(
                        SetupGuard(budget: budget, limit: configuration.maxBytesBeforeSetup, logger: logger), name: SetupGuard.name)
                    switch transport {
                    case .tcp:
                        register(
                            try RSocketConnection.install(
                                on: channel, role: .server(acceptor), transport: .tcp, responder: nil,
                                configuration: configuration, peer: peer, logger: logger))
                    case .webSocket:
                        try RSocketConnection.prepareWebSocketServer(
                            on: channel, role: .server(acceptor), configuration: configuration, peer: peer, logger: logger,
                            installed: register)
                    }
                    logger.debug("accepted \(transport) connection", metadata: ["rsocket.peer": "\(peer)"])
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.bind(host: host, port: port).get()
        } catch {
            throw MetricsRSocketError(
                .connectionClosed, "cannot listen for RSocket\(transport == .tcp ? "" : " over WebSocket") on \(host):\(port)", cause: error)
        }
        let server = RSocketServer(channel: channel, registry: registry)
        logger.info(
            "RSocket server listening",
            metadata: ["rsocket.port": "\(server.port)", "rsocket.host": "\(host)", "rsocket.transport": "\(transport)"])
        return server
    }

    /// Stops listening and closes every open connection.
    public func close() async {
        try? await channel.close()
        let open = registry.all()
        for connection in open { await connection.close() }
    }

    /// `ip:port` of a socket address.
    static func describe(_ address: SocketAddress) -> String {
        guard let ip = address.ipAddress, let port = address.port else { return "\(address)" }
        return address.protocol == .inet6 ? "[\(ip)]:\(port)" : "\(ip):\(port)"
    }
}

/// The server's open connections, so closing the server closes them too.
private final class Registry: Sendable {
    private let connections = Mutex<[ObjectIdentifier: RSocketConnection]>([:])

    func add(_ connection: RSocketConnection) {
        connections.withLock { $0[ObjectIdentifier(connection)] = connection }
    }

    func remove(_ connection: RSocketConnection) {
        _ = connections.withLock { $0.removeValue(forKey: ObjectIdentifier(connection)) }
    }

    func all() -> [RSocketConnection] { connections.withLock { Array($0.values) } }
}
