import Logging
import NIOCore
import NIOHTTP1
import NIOWebSocket

extension RSocketConnection {
    /// Client side over WebSocket: HTTP codecs, the upgrade handler and the request for `path`;
    /// the RSocket handlers are installed when the server switches protocols.
    /// - Returns: The connection, once upgraded; a failure says why the server would not upgrade.
    static func prepareWebSocketClient(
        on channel: any Channel, hostHeader: String, path: String, role: ConnectionHandler.Role,
        responder: (any RSocketResponder)?, configuration: Configuration, peer: String, logger: Logger
    ) throws -> EventLoopFuture<RSocketConnection> {
        let upgraded = channel.eventLoop.makePromise(of: RSocketConnection.self)
        // A channel that closes before the upgrade completes it (a connect that failed after this
        // initializer ran never becomes active, so no handler hears of it); later it changes nothing.
        channel.closeFuture.whenComplete { _ in
            upgraded.fail(MetricsRSocketError(.connectionClosed, "the connection to \(peer) closed before the WebSocket upgrade"))
        }
        let requester = WebSocketUpgradeRequester(hostHeader: hostHeader, path: path, peer: peer, upgraded: upgraded)
        let requesterName = "rsocket-websocket-request"
        let upgrader = NIOWebSocketClientUpgrader(maxFrameSize: configuration.maxFrameLength, automaticErrorHandling: true) {
            channel, _ in
            channel.eventLoop.makeCompletedFuture {
                let operations = channel.pipeline.syncOperations
                if let context = try? operations.context(name: requesterName) {
                    operations.removeHandler(context: context, promise: nil)
                }
                do {
                    upgraded.succeed(
                        try RSocketConnection.install(
                            on: channel, role: role, transport: .webSocket(path: path), responder: responder,
                            configuration: configuration, peer: peer, logger: logger))
                } catch {
                    upgraded.fail(error)
                    throw error
                }
            }
        }
        let operations = channel.pipeline.syncOperations
        try operations.addHTTPClientHandlers(
            leftOverBytesStrategy: .forwardBytes, withClientUpgrade: (upgraders: [upgrader], completionHandler: { _ in }))
        try operations.addHandler(requester, name: requesterName)
        return upgraded.futureResult
    }

    /// Server side over WebSocket: an HTTP server that upgrades any path to WebSocket and then
    /// installs the RSocket handlers; other requests get `426 Upgrade Required`; a connection
    /// that does not upgrade within the setup timeout is closed.
    static func prepareWebSocketServer(
        on channel: any Channel, role: ConnectionHandler.Role, configuration: Configuration, peer: String, logger: Logger,
        installed: @escaping @Sendable (RSocketConnection) -> Void
    ) throws {
        let refusalName = "rsocket-websocket-refusal"
        let upgrader = NIOWebSocketServerUpgrader(
            maxFrameSize: configuration.maxFrameLength, automaticErrorHandling: true,
            shouldUpgrade: { channel, _ in channel.eventLoop.makeSucceededFuture(HTTPHeaders()) },
            upgradePipelineHandler: { channel, _ in
                channel.eventLoop.makeCompletedFuture {
                    let operations = channel.pipeline.syncOperations
                    if let context = try? operations.context(name: refusalName) {
                        operations.removeHandler(context: context, promise: nil)
                    }
                    let connection = try RSocketConnection.install(
                        on: channel, role: role, transport: .webSocket(), responder: nil, configuration: configuration,
                        peer: peer, logger: logger)
                    installed(connection)
                }
            })
        let operations = channel.pipeline.syncOperations
        try operations.configureHTTPServerPipeline(withServerUpgrade: (upgraders: [upgrader], completionHandler: { _ in }))
        try operations.addHandler(WebSocketUpgradeRefusal(timeout: TimeAmount(configuration.setupTimeout)), name: refusalName)
    }
}
