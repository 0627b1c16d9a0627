import NIOCore
import Synchronization

/// One app connected to the proxy: its connection, the key pair made for it, and what it pushed.
final class ProxyClient: Sendable {
    let id: Int
    let connection: RSocketConnection
    let key: RSAPrivateKey
    let keyDER: ByteBuffer
    private let pushedText = Mutex<[UInt8]?>(nil)

    init(id: Int, connection: RSocketConnection, key: RSAPrivateKey) {
        self.id = id
        self.connection = connection
        self.key = key
        keyDER = ByteBuffer(bytes: key.publicKeySPKIDER)
    }

    /// The text (UTF-8) of the client's latest push (a later push replaces an earlier one).
    var pushed: [UInt8]? {
        get { pushedText.withLock { $0 } }
        set { pushedText.withLock { $0 = newValue } }
    }
}

/// Pushed metrics of a client that has gone, served to every scrape until they expire.
struct RetainedPush: Sendable {
    var clientId: Int
    var text: [UInt8]
    var expires: ContinuousClock.Instant
}
