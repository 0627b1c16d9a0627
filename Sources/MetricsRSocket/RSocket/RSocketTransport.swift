/// How RSocket frames travel: over TCP with a 3-byte length before each frame (the Java proxy's
/// port 7001), or over WebSocket with one frame per binary message (its port 8081), the choice
/// for proxies behind an HTTP ingress.
public enum RSocketTransport: Sendable, Hashable, CustomStringConvertible {
    /// RSocket over TCP.
    case tcp
    /// RSocket over WebSocket; the client asks for `path` in its upgrade request.
    case webSocket(path: String = "/")

    /// `TCP` or `WEBSOCKET`, as the Java client's `transport` setting spells them.
    public var description: String {
        switch self {
        case .tcp: "TCP"
        case .webSocket: "WEBSOCKET"
        }
    }
}
