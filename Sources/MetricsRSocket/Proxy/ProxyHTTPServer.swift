import NIOCore
import NIOHTTP1
import NIOPosix

/// The proxy's HTTP side: `GET /metrics/connected` and `GET /metrics/proxy` as text/plain
/// 0.0.4; 404 for other paths, 405 for other methods. Two read-only endpoints do not need a
/// web framework, so this is plain NIOHTTP1.
///
/// A connection is closed after any error response (a 4xx, or the 400 for a request the HTTP
/// decoder rejects), and when it has sent nothing for the idle timeout while no answer is
/// pending, so neither bad nor idle clients can pile up connections.
final class ProxyHTTPServer: Sendable {
    private let channel: any Channel

    private init(channel: any Channel) { self.channel = channel }

    /// The bound port.
    var port: Int { channel.localAddress?.port ?? 0 }

    static func bind(host: String, port: Int, idleTimeout: Duration, proxy: PrometheusRSocketProxy) async throws -> ProxyHTTPServer {
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let operations = channel.pipeline.syncOperations
                    try operations.addHandler(IdleStateHandler(readTimeout: TimeAmount(idleTimeout)))
                    // Errors are answered by ProxyHTTPHandler, which also closes the connection.
                    try operations.configureHTTPServerPipeline(withErrorHandling: false)
                    try operations.addHandler(ProxyHTTPHandler(proxy: proxy))
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
