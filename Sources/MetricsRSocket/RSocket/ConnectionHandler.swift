import Logging
import NIOCore

/// The per-connection RSocket state machine; lives in the channel pipeline after
/// `FrameLengthDecoder` and is only ever touched on the channel's event loop.
///
/// It owns the stream table (our pending requests, the peer's requests being served),
/// reassembly buffers, keepalive timers and the lifetime check. ``RSocketConnection`` is the
/// thread-safe face of it: every call hops onto the event loop.
final class ConnectionHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    typealias Acceptor = @Sendable (RSocketServer.SetupInfo, RSocketConnection) async -> (any RSocketResponder)?

    /// Which side of the connection we are.
    enum Role {
        case client(Frame.Setup)
        case server(Acceptor)
    }

    enum State {
        /// Server: waiting for the client's SETUP.
        case awaitingSetup
        /// Server: SETUP accepted, the acceptor has not returned a responder yet.
        case accepting
        /// Requests flow both ways.
        case established
        case closed
    }

    /// One of our requests waiting for its reply.
    struct PendingRequest {
        let requestID: UInt64
        let promise: EventLoopPromise<Payload>
    }

    let role: Role
    let configuration: RSocketConnection.Configuration
    var logger: Logger
    let closePromise: EventLoopPromise<MetricsRSocketError?>
    let status: ConnectionStatus
    let peer: String
    /// Set when the connection object exists; cleared on close to break the reference cycle.
    var connection: RSocketConnection?
    var context: ChannelHandlerContext?
    var state: State
    var responder: (any RSocketResponder)?

    var nextStreamID: UInt32
    var pending: [UInt32: PendingRequest] = [:]
    var streamOfRequest: [UInt64: UInt32] = [:]
    /// The tasks serving the peer's request-response streams.
    var serving: [UInt32: Task<Void, Never>] = [:]
    /// The peer's requests that arrived while the acceptor was still deciding.
    var deferred: [(streamID: UInt32, kind: Reassembly.Kind, payload: Payload)] = []
    var reassembly: [UInt32: Reassembly] = [:]

    var keepaliveInterval = TimeAmount.seconds(20)
    var maxLifetime = TimeAmount.seconds(90)
    var lastKeepaliveReceived = NIODeadline.now()
    var keepaliveTask: RepeatedTask?
    var lifetimeCheck: Scheduled<Void>?

    init(
        role: Role, responder: (any RSocketResponder)?, configuration: RSocketConnection.Configuration,
        peer: String, logger: Logger, status: ConnectionStatus, closePromise: EventLoopPromise<MetricsRSocketError?>
    ) {
        self.role = role
        self.responder = responder
        self.configuration = configuration
        self.peer = peer
        self.logger = logger
        self.status = status
        self.closePromise = closePromise
        switch role {
        case .client:
            state = .established
            nextStreamID = 1
            self.logger[metadataKey: "rsocket.role"] = "client"
        case .server:
            state = .awaitingSetup
            nextStreamID = 2
            self.logger[metadataKey: "rsocket.role"] = "server"
        }
        self.logger[metadataKey: "rsocket.peer"] = .string(peer)
    }

    /// The event loop's clock (a test's embedded loop moves it by hand).
    var now: NIODeadline { context?.eventLoop.now ?? .now() }

    var isClient: Bool {
        if case .client = role { return true }
        return false
    }

    // MARK: Channel events

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        guard !isClient else { return }
        // Until SETUP arrives there are no keepalives; this check stands in for the lifetime one.
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        let timeout = configuration.setupTimeout
        lifetimeCheck = context.eventLoop.scheduleTask(in: TimeAmount(timeout)) {
            let handler = bound.value
            guard handler.state == .awaitingSetup else { return }
            handler.close(
                reason: MetricsRSocketError(.timedOut, "the RSocket peer at \(handler.peer) sent no SETUP within \(timeout)"))
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        close(reason: MetricsRSocketError(.connectionClosed, "the connection to the RSocket peer at \(peer) was closed"))
        self.context = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard state != .closed else { return }
        let body = unwrapInboundIn(data)
        let frame: Frame
        do {
            frame = try FrameCodec.decode(body)
        } catch {
            if state == .awaitingSetup {
                rejectSetup(.invalidSetup, "the first frame is not a valid SETUP frame: \(error.message)")
            } else {
                close(reason: error, sending: .connectionError)
            }
            return
        }
        if state == .awaitingSetup {
            receiveSetup(frame)
        } else {
            receive(frame)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        close(reason: MetricsRSocketError(.connectionClosed, "the RSocket peer at \(peer) closed the connection"))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        switch error {
        case let error as MetricsRSocketError:
            close(reason: error, sending: .connectionError)
        case ByteToMessageDecoderError.leftoverDataWhenDone:
            close(reason: MetricsRSocketError(
                .connectionClosed, "the RSocket peer at \(peer) closed the connection in the middle of a frame"))
        default:
            close(reason: MetricsRSocketError(
                .connectionClosed, "the connection to the RSocket peer at \(peer) failed", cause: error))
        }
    }

    // MARK: Writing and closing

    /// Encodes, writes and flushes a frame (`promise` completes when it is on the wire); returns
    /// `false`, logged and with `promise` failed, when the frame cannot be encoded or the channel is gone.
    @discardableResult
    func send(_ frame: Frame, promise: EventLoopPromise<Void>? = nil) -> Bool {
        guard let context else {
            promise?.fail(MetricsRSocketError(.connectionClosed, "the connection to \(peer) is closed"))
            return false
        }
        do {
            let buffer = try FrameCodec.encode(frame, allocator: context.channel.allocator)
            context.writeAndFlush(wrapOutboundOut(buffer), promise: promise)
            return true
        } catch {
            logger.error(
                "cannot send an RSocket frame",
                metadata: ["rsocket.stream_id": "\(frame.streamID)", "rsocket.frame": "\(frame.typeName)",
                           "rsocket.error": "\(error.message)"])
            promise?.fail(error)
            return false
        }
    }

    /// A protocol violation by the peer: ERROR CONNECTION_ERROR on stream 0, then close.
    func violation(_ message: String) {
        close(reason: MetricsRSocketError(.protocolViolation, message), sending: .connectionError)
    }

    /// Refuses the peer's SETUP with an ERROR of `code` on stream 0, then closes.
    func rejectSetup(_ code: RSocketErrorCode, _ message: String) {
        close(
            reason: MetricsRSocketError(
                .protocolViolation, "refused the SETUP of the RSocket client at \(peer) with \(code): \(message)",
                cause: RSocketError(code, message)),
            sending: code, text: message)
    }

    /// Ends the connection once: stops timers, fails our pending requests, cancels the tasks
    /// serving the peer, optionally sends an ERROR on stream 0, flushes and closes the channel.
    /// - Parameters:
    ///   - reason: Why; `nil` when closed by us on purpose. Logged and returned by `closed()`.
    ///   - code: When set, an ERROR frame with this code (and `text`, or the reason's message) is sent first.
    func close(reason: MetricsRSocketError?, sending code: RSocketErrorCode? = nil, text: String? = nil) {
        guard state != .closed else { return }
        state = .closed
        status.markClosed()
        if let reason {
            var metadata: Logger.Metadata = ["rsocket.reason": "\(reason.message)", "rsocket.error": "\(reason.code)"]
            if let cause = reason.cause, !(cause is RSocketError) { metadata["rsocket.cause"] = "\(cause)" }
            let level: Logger.Level = reason.code == .connectionClosed ? .info : .warning
            logger.log(level: level, "closing RSocket connection", metadata: metadata)
        } else {
            logger.debug("closing RSocket connection")
        }
        keepaliveTask?.cancel()
        lifetimeCheck?.cancel()
        keepaliveTask = nil
        lifetimeCheck = nil
        let failure = MetricsRSocketError(
            .connectionClosed,
            reason.map { "the RSocket connection to \(peer) closed: \($0.message)" }
                ?? "the RSocket connection to \(peer) was closed", cause: reason?.cause ?? reason)
        let requests = pending.values
        pending.removeAll()
        streamOfRequest.removeAll()
        for request in requests { request.promise.fail(failure) }
        for task in serving.values { task.cancel() }
        serving.removeAll()
        deferred.removeAll()
        reassembly.removeAll()
        connection = nil
        closePromise.succeed(reason)

        guard let context, context.channel.isActive else { return }
        var last = context.channel.allocator.buffer(capacity: 0)
        if let code {
            let message = text ?? reason?.message ?? "closing"
            last = (try? FrameCodec.encode(.error(streamID: 0, code: code, message: String(message.prefix(4096))))) ?? last
        }
        // The write completes once everything queued before it is on the wire.
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(last)).whenComplete { _ in channel.close(promise: nil) }
        channel.eventLoop.scheduleTask(in: .seconds(2)) { channel.close(promise: nil) }
    }
}
