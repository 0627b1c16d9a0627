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
        /// Server side: the most a connection may send before its SETUP is accepted, counted on
        /// the wire (a WebSocket connection's HTTP upgrade request included). A connection that
        /// sends more is closed with ERROR INVALID_SETUP saying so, or, before a WebSocket
        /// upgrade, just closed. A SETUP frame is a few hundred bytes (the Java client's is 59),
        /// so the 64 KiB default leaves ample room while a frame of up to 16 MiB could otherwise
        /// be buffered for each connection.
        public var maxBytesBeforeSetup: Int = 64 << 10
        /// Server side: the most held at once for all of a server's connections that have not
        /// had their SETUP accepted (4 MiB by default). A connection whose bytes would take the
        /// total past it, or that arrives when the total has reached it, is closed with ERROR
        /// CONNECTION_ERROR saying so.
        public var maxBytesAwaitingSetup: Int = 4 << 20

        /// Creates a configuration; `init()` gives the defaults.
        public init(
            maxFrameLength: Int = 16_777_215, maxPayloadLength: Int = 64 << 20, connectTimeout: Duration = .seconds(5),
            setupTimeout: Duration = .seconds(30), maxBytesBeforeSetup: Int = 64 << 10, maxBytesAwaitingSetup: Int = 4 << 20
        ) {
            self.setupTimeout = setupTimeout
            self.maxFrameLength = maxFrameLength
            self.maxPayloadLength = maxPayloadLength
            self.connectTimeout = connectTimeout
            self.maxBytesBeforeSetup = maxBytesBeforeSetup
            self.maxBytesAwaitingSetup = maxBytesAwaitingSetup
        }
    }
}
