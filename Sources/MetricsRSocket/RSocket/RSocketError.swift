/// An RSocket ERROR: its code and text.
///
/// Received ERROR frames surface as the ``MetricsRSocketError/cause`` of a `.rejected` (or, on
/// stream 0, `.connectionClosed`) error; ``MetricsRSocketError/rsocketErrorCode`` reads the code.
/// A responder may throw one to choose the code of its ERROR reply; any other error thrown by a
/// responder is sent as `APPLICATION_ERROR` with the error's description.
public struct RSocketError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The error code.
    public var code: RSocketErrorCode
    /// The error text (UTF-8 on the wire).
    public var message: String

    /// Creates an error to send or that was received.
    public init(_ code: RSocketErrorCode, _ message: String) {
        self.code = code
        self.message = message
    }

    /// `NAME (0xCODE): message`.
    public var description: String { "\(code): \(message)" }
}

extension MetricsRSocketError {
    /// The RSocket error code when this error reports an ERROR frame from the peer, else `nil`.
    public var rsocketErrorCode: RSocketErrorCode? { (cause as? RSocketError)?.code }
}
