import Logging
import NIOCore
import NIOPosix
import NIOWebSocket
import Synchronization

/// One RSocket connection over TCP, client or server side.
///
/// All protocol state lives in a channel handler on the connection's event loop; this object is
/// its thread-safe face: each call hops onto the loop. Requests from the peer go to the
/// ``RSocketResponder`` given at connect (client) or by the acceptor (server), each in its own task.
public final class RSocketConnection: Sendable {
    let channel: any Channel
    private let handler: NIOLoopBound<ConnectionHandler>
    private let status: ConnectionStatus
    private let closeFuture: EventLoopFuture<MetricsRSocketError?>

    /// The peer's address, such as `127.0.0.1:7001`.
    public let peerDescription: String

    init(channel: any Channel, handler: ConnectionHandler, peerDescription: String) {
        self.channel = channel
        self.handler = NIOLoopBound(handler, eventLoop: channel.eventLoop)
        self.status = handler.status
        self.closeFuture = handler.closePromise.futureResult
        self.peerDescription = peerDescription
    }

    /// Runs `body` with the handler on the event loop.
    func onLoop(_ body: @escaping @Sendable (ConnectionHandler) -> Void) {
        let handler = self.handler
        channel.eventLoop.execute { body(handler.value) }
    }

    /// Client role: opens a connection over `transport`, sends SETUP and starts keepalives.
    ///
    /// Returns once the SETUP frame is flushed. The default `setup` sends exactly the SETUP of the
    /// Java RSocket client (keepalive 20 s, max lifetime 90 s, `application/binary`). Over
    /// WebSocket the HTTP upgrade comes first, within the same `connectTimeout`.
    /// - Throws: `.connectionClosed` ("cannot connect to RSocket proxy at host:port: connection
    ///   refused") when the connection (or the WebSocket upgrade) cannot be made in
    ///   `configuration.connectTimeout`; `.invalidSettings` for unusable setup parameters.
    public static func connect(
        host: String, port: Int, transport: RSocketTransport = .tcp, setup: SetupParameters = .init(),
        responder: any RSocketResponder, configuration: Configuration = .init(), logger: Logger
    ) async throws -> RSocketConnection {
        let setupFrame = try setup.setupFrame()
        let peer = "\(host):\(port)"
        let made = Mutex<EventLoopFuture<RSocketConnection>?>(nil)
        let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(TimeAmount(configuration.connectTimeout))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let role = ConnectionHandler.Role.client(setupFrame)
                    let connection: EventLoopFuture<RSocketConnection>
                    switch transport {
                    case .tcp:
                        connection = channel.eventLoop.makeSucceededFuture(
                            try RSocketConnection.install(
                                on: channel, role: role, transport: .tcp, responder: responder, configuration: configuration,
                                peer: peer, logger: logger))
                    case .webSocket(let path):
                        let hostHeader = host.contains(":") ? "[\(host)]:\(port)" : peer
                        connection = try RSocketConnection.prepareWebSocketClient(
                            on: channel, hostHeader: hostHeader, path: path, role: role, responder: responder,
                            configuration: configuration, peer: peer, logger: logger)
                    }
                    made.withLock { $0 = connection }
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: host, port: port).get()
        } catch {
            throw MetricsRSocketError(
                .connectionClosed, "cannot connect to RSocket proxy at \(peer): \(describeConnectFailure(error))",
                cause: error)
        }
        guard let ready = made.withLock({ $0 }) else {
            channel.close(promise: nil)
            throw MetricsRSocketError(.connectionClosed, "cannot connect to RSocket proxy at \(peer): no handler")
        }
        let connection: RSocketConnection
        do {
            connection = try await Self.within(configuration.connectTimeout, ready, on: channel) {
                MetricsRSocketError(
                    .connectionClosed, "cannot connect to RSocket proxy at \(peer): no WebSocket upgrade within \(configuration.connectTimeout): is this the proxy's WebSocket port (8081)?")
            }
        } catch {
            channel.close(promise: nil)
            throw error as? MetricsRSocketError
                ?? MetricsRSocketError(.connectionClosed, "cannot connect to RSocket proxy at \(peer)", cause: error)
        }
        let started = channel.eventLoop.makePromise(of: Void.self)
        connection.onLoop { $0.startClient(promise: started) }
        do {
            try await started.futureResult.get()
        } catch {
            await connection.close()
            throw MetricsRSocketError(
                .connectionClosed, "cannot send SETUP to RSocket proxy at \(peer)", cause: error)
        }
        logger.debug("RSocket connection established", metadata: ["rsocket.peer": "\(peer)", "rsocket.transport": "\(transport)"])
        return connection
    }

    /// Waits for `future`, failing with `timeoutError()` when it takes longer than `timeout`.
    private static func within<Value: Sendable>(
        _ timeout: Duration, _ future: EventLoopFuture<Value>, on channel: any Channel,
        _ timeoutError: @escaping @Sendable () -> MetricsRSocketError
    ) async throws -> Value {
        let promise = channel.eventLoop.makePromise(of: Value.self)
        future.cascade(to: promise)
        let timer = channel.eventLoop.scheduleTask(in: TimeAmount(timeout)) { promise.fail(timeoutError()) }
        defer { timer.cancel() }
        return try await promise.futureResult.get()
    }

    /// Adds the frame decoder (TCP) or the WebSocket message adapter and a connection handler
    /// to `channel`'s pipeline (on its loop).
    static func install(
        on channel: any Channel, role: ConnectionHandler.Role, transport: RSocketTransport,
        responder: (any RSocketResponder)?, configuration: Configuration, peer: String, logger: Logger
    ) throws -> RSocketConnection {
        let handler = ConnectionHandler(
            role: role, responder: responder, configuration: configuration, peer: peer, logger: logger,
            status: ConnectionStatus(), closePromise: channel.eventLoop.makePromise())
        let operations = channel.pipeline.syncOperations
        do {
            switch transport {
            case .tcp:
                try operations.addHandler(
                    ByteToMessageHandler(FrameLengthDecoder(maxFrameLength: configuration.maxFrameLength)))
            case .webSocket:
                try operations.addHandler(
                    NIOWebSocketFrameAggregator(
                        minNonFinalFragmentSize: 0, maxAccumulatedFrameCount: 1 << 16,
                        maxAccumulatedFrameSize: configuration.maxFrameLength))
                let isClient = if case .client = role { true } else { false }
                try operations.addHandler(WebSocketFrameAdapter(masksFrames: isClient, maxFrameLength: configuration.maxFrameLength))
            }
            try operations.addHandler(handler)
        } catch {
            handler.close(reason: MetricsRSocketError(.connectionClosed, "cannot set up the connection to \(peer)", cause: error))
            throw error
        }
        let connection = RSocketConnection(channel: channel, handler: handler, peerDescription: peer)
        handler.connection = connection
        return connection
    }

    /// Sends REQUEST_RESPONSE on a new stream and returns the reply.
    ///
    /// - Throws: `.rejected` when the peer answers with an ERROR (the message holds the code's
    ///   name and text; ``MetricsRSocketError/rsocketErrorCode`` the code); `CancellationError`
    ///   when the calling task is canceled (a CANCEL is sent); `.connectionClosed` when the
    ///   connection is or becomes closed; `.frameTooLarge` when the request does not fit a frame.
    public func requestResponse(_ payload: Payload) async throws -> Payload {
        try Task.checkCancellation()
        let requestID = status.nextRequestID()
        let promise = channel.eventLoop.makePromise(of: Payload.self)
        onLoop { $0.startRequestResponse(payload, requestID: requestID, promise: promise) }
        return try await withTaskCancellationHandler {
            try await promise.futureResult.get()
        } onCancel: {
            onLoop { $0.cancelRequest(requestID: requestID) }
        }
    }

    /// Sends REQUEST_FNF; returns once the frame has been written and flushed to the socket.
    /// - Throws: `.connectionClosed` when the connection is closed; `.frameTooLarge` when the
    ///   payload does not fit a frame.
    public func fireAndForget(_ payload: Payload) async throws {
        let promise = channel.eventLoop.makePromise(of: Void.self)
        onLoop { $0.startFireAndForget(payload, promise: promise) }
        do {
            try await promise.futureResult.get()
        } catch let error as MetricsRSocketError {
            throw error
        } catch {
            throw MetricsRSocketError(
                .connectionClosed, "cannot send to the RSocket peer at \(peerDescription)", cause: error)
        }
    }

    /// Flushes what is queued and closes the connection; pending requests fail with
    /// `.connectionClosed`. Returns when the socket is closed. Idempotent.
    public func close() async {
        onLoop { $0.close(reason: nil) }
        try? await channel.closeFuture.get()
    }

    /// Waits until the connection is closed and returns why: `nil` when closed by ``close()``,
    /// else the error that ended it (peer gone, malformed or oversized frame, lifetime expired…).
    public func closed() async -> MetricsRSocketError? {
        (try? await closeFuture.get()) ?? nil
    }

    /// Calls `body` on the event loop once the connection is closed, with the reason ``closed()`` returns.
    func whenClosed(_ body: @escaping @Sendable (MetricsRSocketError?) -> Void) {
        closeFuture.whenComplete { body((try? $0.get()) ?? nil) }
    }

    /// Whether the connection is still open.
    public var isActive: Bool { status.isActive }
}

/// A short reason for a failed TCP connect, such as "connection refused".
private func describeConnectFailure(_ error: any Error) -> String {
    if let error = error as? NIOConnectionError {
        if let failure = error.connectionErrors.first { return describeConnectFailure(failure.error) }
        if let dns = error.dnsAError ?? error.dnsAAAAError { return "cannot resolve the host: \(dns)" }
        return "no address to connect to"
    }
    if let error = error as? IOError {
        switch error.errnoCode {
        case ECONNREFUSED: return "connection refused"
        case ETIMEDOUT: return "timed out"
        case ENETUNREACH, EHOSTUNREACH: return "host unreachable"
        default: return "\(error)"
        }
    }
    if let error = error as? ChannelError, case .connectTimeout(let amount) = error {
        return "timed out after \(amount.nanoseconds / 1_000_000) ms"
    }
    return "\(error)"
}
