extension RSocketConnection {
    /// Limits and timeouts of a connection.
    public struct Configuration: Sendable {
        /// The largest inbound frame accepted, in bytes (at most 16,777,215, the 3-byte prefix's limit).
        /// A larger one closes the connection with `.frameTooLarge`.
        public var maxFrameLength: Int = 16_777_215
        /// The largest payload (metadata plus data) accepted after reassembling fragments.
        public var maxPayloadLength: Int = 64 << 20
        /// How long a client waits for the TCP connection.
        public var connectTimeout: Duration = .seconds(5)
        /// Server side: how long a new connection may stay without sending SETUP before it is
        /// closed, so idle sockets cannot pile up.
        public var setupTimeout: Duration = .seconds(30)

        /// Creates a configuration; `init()` gives the defaults.
        public init(
            maxFrameLength: Int = 16_777_215, maxPayloadLength: Int = 64 << 20, connectTimeout: Duration = .seconds(5),
            setupTimeout: Duration = .seconds(30)
        ) {
            self.setupTimeout = setupTimeout
            self.maxFrameLength = maxFrameLength
            self.maxPayloadLength = maxPayloadLength
            self.connectTimeout = connectTimeout
        }
    }
}
