/// The one error type of `MetricsRSocket`.
///
/// Each error carries a ``Code`` to switch on, a message that says what failed (and, where it
/// helps, what to do), the underlying cause when there is one, and the framework file and line
/// that raised it.
public struct MetricsRSocketError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is; extensible without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate let name: String
        fileprivate init(_ name: String) { self.name = name }

        /// A frame could not be decoded (bad length, unknown layout, truncated).
        public static let malformedFrame = Code("malformedFrame")
        /// A frame or reassembled payload is larger than the configured maximum.
        public static let frameTooLarge = Code("frameTooLarge")
        /// The peer broke the RSocket protocol (a frame not allowed in this state).
        public static let protocolViolation = Code("protocolViolation")
        /// The peer answered with an ERROR frame; the message holds its code and text.
        public static let rejected = Code("rejected")
        /// The connection is closed or could not be opened.
        public static let connectionClosed = Code("connectionClosed")
        /// A key is not an RSA public key in X.509 SubjectPublicKeyInfo DER form, or has an unusable size.
        public static let invalidKey = Code("invalidKey")
        /// Encryption or decryption failed (bad padding, wrong key, bad length).
        public static let cryptoFailed = Code("cryptoFailed")
        /// Snappy data is corrupt or decompresses past the allowed size.
        public static let corruptCompression = Code("corruptCompression")
        /// Something did not happen within its time limit.
        public static let timedOut = Code("timedOut")
        /// A setting is malformed (bad port, bad duration, unknown transport).
        public static let invalidSettings = Code("invalidSettings")

        /// The code's name, such as `malformedFrame`.
        public var description: String { name }
    }

    /// What kind of failure this is.
    public var code: Code
    /// What failed and what to do, in one line.
    public var message: String
    /// The underlying error, if any.
    public var cause: (any Error)?
    /// The source file that raised the error.
    public var file: String
    /// The source line that raised the error.
    public var line: Int

    /// Creates an error.
    public init(_ code: Code, _ message: String, cause: (any Error)? = nil, file: String = #fileID, line: Int = #line) {
        self.code = code
        self.message = message
        self.cause = cause
        self.file = file
        self.line = line
    }

    /// The message, followed by the cause's description when the message does not already say it.
    public var description: String {
        guard let cause else { return message }
        let causeText = "\(cause)"
        return message.contains(causeText) ? message : "\(message): \(causeText)"
    }
}
