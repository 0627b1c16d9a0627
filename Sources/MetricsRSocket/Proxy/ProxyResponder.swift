import Logging
import NIOCore

/// Receives a client's pushes: REQUEST_RESPONSE (proxy 1.5 and later; acknowledged with an
/// empty payload) or REQUEST_FNF (older clients), both encrypted with this connection's key.
struct ProxyResponder: RSocketResponder {
    let client: ProxyClient
    let proxy: PrometheusRSocketProxy
    let logger: Logger

    func fireAndForget(_ payload: Payload, on connection: RSocketConnection) async {
        guard payload.metadata != nil else { return }
        try? receive(payload)
    }

    func requestResponse(_ payload: Payload, on connection: RSocketConnection) async throws -> Payload {
        try receive(payload)
        return Payload(data: ByteBuffer())
    }

    private func receive(_ payload: Payload) throws {
        guard let metadata = payload.metadata else {
            proxy.metrics.connectionErrors.increment(by: 1)
            throw MetricsRSocketError(.protocolViolation, "a push needs the encrypted AES key as metadata")
        }
        do {
            let text = try ProxyCipher.open(
                metadata: Array(buffer: metadata), data: Array(buffer: payload.data), with: client.key,
                maxTextLength: proxy.configuration.maxTextLength)
            client.pushed = text
            proxy.metrics.payloadBytes.record(Int64(payload.data.readableBytes))
            logger.debug("client pushed \(text.count) bytes of metrics", metadata: ["proxy.client": "\(client.id)"])
        } catch {
            proxy.metrics.connectionErrors.increment(by: 1)
            logger.warning("could not read a push: \(error)", metadata: ["proxy.client": "\(client.id)"])
            throw error
        }
    }
}
