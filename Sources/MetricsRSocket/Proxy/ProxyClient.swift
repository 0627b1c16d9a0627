import NIOCore
import Synchronization

/// One app connected to the proxy: its connection, the key pair made for it, and what it pushed.
final class ProxyClient: Sendable {
    let id: Int
    let connection: RSocketConnection
    let key: RSAPrivateKey
    let keyDER: ByteBuffer
    private let pushedText = Mutex<String?>(nil)

    init(id: Int, connection: RSocketConnection, key: RSAPrivateKey) {
        self.id = id
        self.connection = connection
        self.key = key
        keyDER = ByteBuffer(bytes: key.publicKeySPKIDER)
    }

    /// The text of the client's latest push (a later push replaces an earlier one).
    var pushed: String? {
        get { pushedText.withLock { $0 } }
        set { pushedText.withLock { $0 = newValue } }
    }
}

/// Pushed metrics of a client that has gone, served to every scrape until they expire.
struct RetainedPush: Sendable {
    var clientId: Int
    var text: String
    var expires: ContinuousClock.Instant
}
