/// What a connection does with requests from its peer.
///
/// Each request runs in its own Swift `Task`, off the event loop, so requests are served
/// concurrently and a slow responder never delays the connection. A CANCEL from the peer
/// cancels the task of that request; its result is then dropped and no reply is sent.
///
/// Default implementations: fire-and-forget requests are ignored; request-response throws
/// ``RSocketError`` `APPLICATION_ERROR` "not supported", which the peer receives as an ERROR.
public protocol RSocketResponder: Sendable {
    /// Handles a REQUEST_FNF from the peer. Nothing is sent back.
    func fireAndForget(_ payload: Payload, on connection: RSocketConnection) async

    /// Handles a REQUEST_RESPONSE from the peer; the returned payload is sent as the reply.
    ///
    /// Throw an ``RSocketError`` to choose the code of the ERROR reply; any other error is sent
    /// as `APPLICATION_ERROR` carrying the error's description.
    func requestResponse(_ payload: Payload, on connection: RSocketConnection) async throws -> Payload
}

extension RSocketResponder {
    /// Ignores the request.
    public func fireAndForget(_ payload: Payload, on connection: RSocketConnection) async {}

    /// Refuses the request with `APPLICATION_ERROR` "not supported".
    public func requestResponse(_ payload: Payload, on connection: RSocketConnection) async throws -> Payload {
        throw RSocketError(.applicationError, "not supported")
    }
}

/// A responder that serves nothing: fire-and-forget is ignored, request-response refused.
public struct RejectingResponder: RSocketResponder {
    /// Creates the responder.
    public init() {}
}
