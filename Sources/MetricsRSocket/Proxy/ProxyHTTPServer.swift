import NIOCore
import NIOHTTP1
import NIOPosix

/// The proxy's HTTP side: `GET /metrics/connected` and `GET /metrics/proxy` as text/plain
/// 0.0.4; 404 for other paths, 405 for other methods. Two read-only endpoints do not need a
/// web framework, so this is plain NIOHTTP1.
final class ProxyHTTPServer: Sendable {
    private let channel: any Channel

    private init(channel: any Channel) { self.channel = channel }

    /// The bound port.
    var port: Int { channel.localAddress?.port ?? 0 }

    static func bind(host: String, port: Int, proxy: PrometheusRSocketProxy) async throws -> ProxyHTTPServer {
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(ProxyHTTPHandler(proxy: proxy))
                }
            }
        do {
            return ProxyHTTPServer(channel: try await bootstrap.bind(host: host, port: port).get())
        } catch {
            throw MetricsRSocketError(
                .connectionClosed, "cannot listen for HTTP on \(host):\(port) (\(error)); is another proxy running? pick another --http-port")
        }
    }

    func close() async {
        try? await channel.close()
    }
}

/// Serves one HTTP connection; each request's answer is computed in a task off the event loop.
final class ProxyHTTPHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let proxy: PrometheusRSocketProxy
    private var head: HTTPRequestHead?

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

    private func respond(to head: HTTPRequestHead, context: ChannelHandlerContext) {
        let path = head.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? head.uri
        let keepAlive = head.isKeepAlive
        let version = head.version
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        guard head.method == .GET || head.method == .HEAD else {
            write(.methodNotAllowed, Array("only GET is served\n".utf8), head: head.method == .HEAD, keepAlive: keepAlive, version: version, context: context)
            return
        }
        let isHead = head.method == .HEAD
        switch path {
        case "/metrics/connected":
            let proxy = self.proxy
            let eventLoop = context.eventLoop
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
            write(.notFound, Array("not found: \(path); try /metrics/connected or /metrics/proxy\n".utf8), head: isHead, keepAlive: keepAlive,
                version: version, context: context)
        }
    }

    private func write(
        _ status: HTTPResponseStatus, _ body: [UInt8], head isHead: Bool, keepAlive: Bool, version: HTTPVersion,
        context: ChannelHandlerContext
    ) {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: status == .ok ? PrometheusRegistry.contentType : "text/plain; charset=utf-8")
        headers.add(name: "Content-Length", value: String(body.count))
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: version, status: status, headers: headers))), promise: nil)
        if !isHead {
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))), promise: nil)
        }
        let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            let channel = context.channel
            done.whenComplete { _ in channel.close(promise: nil) }
        }
    }
}
