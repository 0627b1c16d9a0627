import NIOCore
import NIOHTTP1

/// Serves one HTTP connection; each request's answer is computed in a task off the event loop.
///
/// Closes the connection after an error response, after a response to a request that did not
/// ask to keep the connection, on a request the decoder rejects (answered 400 first), and when
/// the ``IdleStateHandler`` before it reports the peer idle while no answer is pending.
final class ProxyHTTPHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let proxy: PrometheusRSocketProxy
    private var head: HTTPRequestHead?
    /// A response is being computed or written.
    private var answering = false
    /// The connection is to close once the pending response is written.
    private var closeWhenAnswered = false

    init(proxy: PrometheusRSocketProxy) { self.proxy = proxy }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head): self.head = head
        case .body: break
        case .end:
            guard let head else { return }
            self.head = nil
            respond(to: head, context: context)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if answering {
            // The pipelining handler holds a parse error back until the pending answer is written.
            closeWhenAnswered = true
        } else if error is HTTPParserError {
            write(.badRequest, Array("bad request: \(error)\n".utf8), head: false, keepAlive: false, version: .http1_1, context: context)
        } else {
            context.close(promise: nil)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard let idle = event as? IdleStateHandler.IdleStateEvent, idle == .read else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        // A scrape may take up to the scrape timeout; the idle clock only runs between requests.
        if !answering && head == nil { context.close(promise: nil) }
    }

    private func respond(to head: HTTPRequestHead, context: ChannelHandlerContext) {
        let path = head.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? head.uri
        let keepAlive = head.isKeepAlive
        let version = head.version
        let isHead = head.method == .HEAD
        guard head.method == .GET || isHead else {
            write(.methodNotAllowed, Array("only GET is served\n".utf8), head: isHead, keepAlive: keepAlive, version: version, context: context)
            return
        }
        switch path {
        case "/metrics/connected":
            answering = true
            let proxy = self.proxy
            let eventLoop = context.eventLoop
            let bound = NIOLoopBound((self, context), eventLoop: eventLoop)
            // The handler runs on its event loop, outside any task: the scrape is a task of its own.
            Task {
                let text = await proxy.connectedMetricsBytes()
                eventLoop.execute {
                    let (handler, context) = bound.value
                    handler.write(.ok, text, head: isHead, keepAlive: keepAlive, version: version, context: context)
                }
            }
        case "/metrics/proxy":
            write(.ok, Array(proxy.proxyMetrics().utf8), head: isHead, keepAlive: keepAlive, version: version, context: context)
        default:
            write(
                .notFound, Array("not found: \(path); try /metrics/connected or /metrics/proxy\n".utf8), head: isHead,
                keepAlive: keepAlive, version: version, context: context)
        }
    }

    /// Writes a whole response; closes the connection afterwards when the client asked to, the
    /// status is an error, or an error arrived while it was being computed.
    private func write(
        _ status: HTTPResponseStatus, _ body: [UInt8], head isHead: Bool, keepAlive: Bool, version: HTTPVersion,
        context: ChannelHandlerContext
    ) {
        answering = false
        let close = !keepAlive || status.code >= 400 || closeWhenAnswered
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: status == .ok ? PrometheusRegistry.contentType : "text/plain; charset=utf-8")
        headers.add(name: "Content-Length", value: String(body.count))
        if close { headers.add(name: "Connection", value: "close") }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: version, status: status, headers: headers))), promise: nil)
        if !isHead {
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))), promise: nil)
        }
        let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if close {
            let channel = context.channel
            done.whenComplete { _ in channel.close(promise: nil) }
        }
    }
}
