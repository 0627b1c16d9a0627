import Logging
import NIOCore

/// Server side, first in every connection's pipeline: counts what the peer sends until its
/// SETUP is accepted, so a peer cannot make the server buffer a large frame (up to 16 MiB on
/// TCP, as much on WebSocket) before it has even said who it is.
///
/// A connection that sends more than its own limit is refused with ERROR INVALID_SETUP; one
/// whose bytes would take the server's ``SetupBudget`` past its limit, or that arrives when
/// the budget is spent, with ERROR CONNECTION_ERROR. Both messages say which limit was hit.
/// Before a WebSocket upgrade no RSocket frame can be sent, so the connection is just closed.
/// The ``ConnectionHandler`` removes this guard when it accepts the SETUP; the bytes it held
/// go back to the budget then, or when the connection closes.
final class SetupGuard: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    /// The guard's name in the pipeline, for its removal.
    static let name = "rsocket-setup-guard"

    private let budget: SetupBudget
    private let limit: Int
    private let logger: Logger
    private var received = 0
    private var refused = false

    init(budget: SetupBudget, limit: Int, logger: Logger) {
        self.budget = budget
        self.limit = max(0, limit)
        self.logger = logger
    }

    func channelActive(context: ChannelHandlerContext) {
        context.fireChannelActive()
        guard budget.hasRoom else {
            refuse(
                context, .connectionError,
                "the server already holds \(budget.limit) bytes (its limit) for connections that have not completed SETUP; try again later")
            return
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !refused else { return }
        let count = unwrapInboundIn(data).readableBytes
        guard received + count <= limit else {
            refuse(
                context, .invalidSetup,
                "the connection sent more than \(limit) bytes (the limit) before its SETUP was accepted; a SETUP frame is far smaller")
            return
        }
        guard budget.charge(count) else {
            refuse(
                context, .connectionError,
                "the server holds \(budget.limit) bytes (its limit) for connections that have not completed SETUP; try again later")
            return
        }
        received += count
        context.fireChannelRead(data)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        budget.release(received)
        received = 0
    }

    /// Drops what the connection sends from now on and closes it, with an ERROR frame when the
    /// RSocket handler is in place.
    private func refuse(_ context: ChannelHandlerContext, _ code: RSocketErrorCode, _ message: String) {
        refused = true
        budget.release(received)
        received = 0
        if let handler = try? context.pipeline.syncOperations.handler(type: ConnectionHandler.self) {
            handler.rejectSetup(code, message)
        } else {
            logger.warning(
                "closing a connection before its WebSocket upgrade",
                metadata: ["rsocket.reason": "\(message)", "rsocket.peer": "\(context.channel.remoteAddress.map(RSocketServer.describe) ?? "unknown peer")"])
            context.close(promise: nil)
        }
    }
}
