import NIOCore
import NIOHTTP1
import NIOWebSocket

/// Client side of the WebSocket handshake: sends `GET <path>` once connected (the upgrade
/// handler before it adds the `Upgrade`, `Connection` and `Sec-WebSocket-*` headers) and fails
/// `upgraded` with a clear reason when the server answers with anything but 101, or the
/// connection ends first. Removed from the pipeline when the upgrade succeeds.
final class WebSocketUpgradeRequester: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    private let hostHeader: String
    private let path: String
    private let peer: String
    private let upgraded: EventLoopPromise<RSocketConnection>

    /// - Parameter hostHeader: `host:port`, IPv6 addresses in brackets.
    init(hostHeader: String, path: String, peer: String, upgraded: EventLoopPromise<RSocketConnection>) {
        self.hostHeader = hostHeader
        self.path = path
        self.peer = peer
        self.upgraded = upgraded
    }

    func channelActive(context: ChannelHandlerContext) {
        var headers = HTTPHeaders()
        headers.add(name: "Host", value: hostHeader)
        headers.add(name: "Content-Length", value: "0")
        context.write(wrapOutboundOut(.head(HTTPRequestHead(version: .http1_1, method: .GET, uri: path, headers: headers))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head(let response) = unwrapInboundIn(data) {
            fail(
                context,
                "the server at \(peer) answered the WebSocket upgrade with HTTP \(response.status.code) \(response.status.reasonPhrase): is this the proxy's WebSocket port (8081)?"
            )
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(context, "the WebSocket upgrade with \(peer) failed: \(error)")
    }

    func channelInactive(context: ChannelHandlerContext) {
        upgraded.fail(
            MetricsRSocketError(
                .connectionClosed, "\(peer) closed the connection during the WebSocket upgrade: is this the proxy's WebSocket port (8081)?"))
        context.fireChannelInactive()
    }

    private func fail(_ context: ChannelHandlerContext, _ message: String) {
        upgraded.fail(MetricsRSocketError(.connectionClosed, message))
        context.close(promise: nil)
    }
}

/// Server side, for HTTP requests that do not ask for a WebSocket upgrade: answers
/// `426 Upgrade Required` with one line saying what the port is for, and closes. A connection
/// that has not upgraded within `timeout` (the RSocket setup timeout) is closed, so idle
/// sockets cannot pile up. Removed from the pipeline when a request does upgrade.
final class WebSocketUpgradeRefusal: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let timeout: TimeAmount
    private var deadline: Scheduled<Void>?

    init(timeout: TimeAmount) {
        self.timeout = timeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let channel = context.channel
        deadline = context.eventLoop.scheduleTask(in: timeout) { channel.close(promise: nil) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .end = unwrapInboundIn(data) else { return }
        let text = "this port speaks RSocket over WebSocket: connect with an RSocket client (transport WEBSOCKET); Prometheus scrapes the HTTP port\n"
        var body = context.channel.allocator.buffer(capacity: text.utf8.count)
        body.writeString(text)
        var headers = HTTPHeaders()
        headers.add(name: "Upgrade", value: "websocket")
        headers.add(name: "Connection", value: "close")
        headers.add(name: "Content-Type", value: "text/plain; charset=utf-8")
        headers.add(name: "Content-Length", value: "\(body.readableBytes)")
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .upgradeRequired, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
    }
}
