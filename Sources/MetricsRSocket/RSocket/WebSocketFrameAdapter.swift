import NIOCore
import NIOWebSocket

/// Carries RSocket frames in WebSocket messages: one frame per binary message, no length
/// prefix (RSocket's WebSocket transport). Sits between the WebSocket codec and the
/// ``ConnectionHandler``, which reads and writes frames as it does on TCP.
///
/// Inbound: a binary message (its fragments already joined by `NIOWebSocketFrameAggregator`)
/// becomes one frame; a ping is answered with a pong; a close is echoed and ends the
/// connection; a text message is a protocol error. Outbound: the handler's length-prefixed frame
/// loses its 3-byte prefix and goes out as one binary message, masked when we are the client.
final class WebSocketFrameAdapter: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = WebSocketFrame
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = WebSocketFrame

    /// Clients mask every frame they send (RFC 6455 §5.3); servers never do.
    private let masksFrames: Bool
    private let maxFrameLength: Int
    private var closeSent = false

    init(masksFrames: Bool, maxFrameLength: Int) {
        self.masksFrames = masksFrames
        self.maxFrameLength = maxFrameLength
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        switch frame.opcode {
        case .binary:
            let body = frame.unmaskedData
            guard body.readableBytes >= FrameCodec.headerLength else {
                context.fireErrorCaught(
                    MetricsRSocketError(
                        .malformedFrame,
                        "the peer sent a WebSocket message of \(body.readableBytes) bytes, shorter than the 6-byte frame header"))
                return
            }
            guard body.readableBytes <= maxFrameLength else {
                context.fireErrorCaught(
                    MetricsRSocketError(
                        .frameTooLarge, "the peer sent a frame of \(body.readableBytes) bytes; the limit is \(maxFrameLength) bytes"))
                return
            }
            context.fireChannelRead(wrapInboundOut(body))
        case .ping:
            send(opcode: .pong, data: frame.unmaskedData, context: context, promise: nil)
            context.flush()
        case .pong:
            break
        case .connectionClose:
            guard !closeSent else {
                context.close(promise: nil)
                return
            }
            closeSent = true
            var echo = frame.unmaskedData
            let code = echo.readSlice(length: min(2, echo.readableBytes)) ?? ByteBuffer()
            let channel = context.channel
            send(opcode: .connectionClose, data: code, context: context, promise: nil)
            context.flush()
            channel.close(promise: nil)
        case .text:
            context.fireErrorCaught(
                MetricsRSocketError(.malformedFrame, "the peer sent a WebSocket text message; RSocket frames travel as binary messages"))
        default:
            context.fireErrorCaught(
                MetricsRSocketError(.malformedFrame, "the peer sent a WebSocket frame with the unknown opcode \(frame.opcode)"))
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        var buffer = unwrapOutboundIn(data)
        buffer.moveReaderIndex(forwardBy: min(3, buffer.readableBytes))
        send(opcode: .binary, data: buffer, context: context, promise: promise)
    }

    /// Says goodbye with a close message (1000, normal closure) before the socket closes, as
    /// RFC 6455 asks; the peer's own close then ends the connection.
    func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        guard mode == .all, !closeSent, context.channel.isActive else {
            context.close(mode: mode, promise: promise)
            return
        }
        closeSent = true
        var code = context.channel.allocator.buffer(capacity: 2)
        code.write(webSocketErrorCode: .normalClosure)
        let written = context.eventLoop.makePromise(of: Void.self)
        send(opcode: .connectionClose, data: code, context: context, promise: written)
        context.flush()
        written.futureResult.assumeIsolated().whenComplete { _ in context.close(mode: mode, promise: promise) }
    }

    private func send(opcode: WebSocketOpcode, data: ByteBuffer, context: ChannelHandlerContext, promise: EventLoopPromise<Void>?) {
        let frame = WebSocketFrame(fin: true, opcode: opcode, maskKey: masksFrames ? .random() : nil, data: data)
        context.write(wrapOutboundOut(frame), promise: promise)
    }
}
