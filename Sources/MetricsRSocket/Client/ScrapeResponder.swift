import Logging
import NIOCore

/// Answers the proxy on one connection: its fire-and-forget carries this connection's key, and
/// each scrape request carries the key again and gets the registry's text, compressed and
/// encrypted for it. Work happens in the connection's request tasks, off the job's own tasks.
struct ScrapeResponder: RSocketResponder {
    let registry: PrometheusRegistry
    let state: ConnectionState
    let logger: Logger

    func fireAndForget(_ payload: Payload, on connection: RSocketConnection) async {
        do {
            let key = try RSAPublicKey(spkiDER: Array(buffer: payload.data))
            await state.received(key, on: connection)
            logger.debug("received the proxy's \(key.byteCount * 8)-bit key", metadata: ["rsocket.peer": "\(connection.peerDescription)"])
        } catch {
            logger.warning(
                "the Prometheus RSocket proxy at \(connection.peerDescription) sent a key that is not usable (\(PrometheusRSocketClient.describe(error))); its scrapes cannot be answered",
                metadata: ["rsocket.peer": "\(connection.peerDescription)"])
        }
    }

    func requestResponse(_ payload: Payload, on connection: RSocketConnection) async throws -> Payload {
        let key: RSAPublicKey
        do {
            key = try RSAPublicKey(spkiDER: Array(buffer: payload.data))
        } catch {
            logger.warning(
                "a scrape from the Prometheus RSocket proxy at \(connection.peerDescription) carried an unusable key (\(PrometheusRSocketClient.describe(error))); it is refused",
                metadata: ["rsocket.peer": "\(connection.peerDescription)"])
            throw error
        }
        await state.received(key, on: connection)
        return try Self.sealedPayload(registry.render(), for: key)
    }

    /// The payload layout of a scrape reply and of the final push: the AES key encrypted with
    /// RSA-OAEP as metadata, the compressed and encrypted text as data.
    static func sealedPayload(_ text: [UInt8], for key: RSAPublicKey) throws -> Payload {
        let sealed = try ProxyCipher.seal(text, for: key)
        return Payload(metadata: ByteBuffer(bytes: sealed.metadata), data: ByteBuffer(bytes: sealed.data))
    }
}
