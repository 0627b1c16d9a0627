import NIOCore

/// What a client announces in its SETUP frame.
///
/// The defaults match the Java RSocket client used by the Prometheus RSocket proxy: keepalive
/// every 20 s, a 90 s maximum lifetime and `application/binary` for both MIME types.
public struct SetupParameters: Sendable {
    /// How often each side sends a KEEPALIVE (whole milliseconds, 1 ms to about 24 days).
    public var keepaliveInterval: Duration = .seconds(20)
    /// How long a side may stay silent (no KEEPALIVE) before the other closes the connection.
    public var maxLifetime: Duration = .seconds(90)
    /// The MIME type of metadata (ASCII, at most 255 bytes).
    public var metadataMimeType = "application/binary"
    /// The MIME type of data (ASCII, at most 255 bytes).
    public var dataMimeType = "application/binary"
    /// The SETUP frame's own payload, if any.
    public var payload: Payload? = nil

    /// Creates setup parameters; every argument defaults to the Java client's value.
    public init(
        keepaliveInterval: Duration = .seconds(20), maxLifetime: Duration = .seconds(90),
        metadataMimeType: String = "application/binary", dataMimeType: String = "application/binary",
        payload: Payload? = nil
    ) {
        self.keepaliveInterval = keepaliveInterval
        self.maxLifetime = maxLifetime
        self.metadataMimeType = metadataMimeType
        self.dataMimeType = dataMimeType
        self.payload = payload
    }

    /// The SETUP frame these parameters describe.
    func setupFrame() throws(MetricsRSocketError) -> Frame.Setup {
        let interval = try Self.milliseconds(keepaliveInterval, "keepalive interval")
        let lifetime = try Self.milliseconds(maxLifetime, "max lifetime")
        for (name, value) in [("metadata", metadataMimeType), ("data", dataMimeType)] {
            guard value.utf8.count <= 255, value.utf8.allSatisfy({ $0 < 0x80 }) else {
                throw MetricsRSocketError(
                    .invalidSettings, "the \(name) MIME type '\(value)' must be ASCII of at most 255 bytes")
            }
        }
        return Frame.Setup(
            keepaliveInterval: interval, maxLifetime: lifetime,
            metadataMimeType: metadataMimeType, dataMimeType: dataMimeType, payload: payload ?? .empty)
    }

    /// A duration as whole milliseconds that fit the SETUP frame's 31-bit fields.
    static func milliseconds(_ duration: Duration, _ what: String) throws(MetricsRSocketError) -> UInt32 {
        let (seconds, attoseconds) = duration.components
        let total = Double(seconds) * 1000 + Double(attoseconds) / 1e15
        guard total >= 1, total <= Double(Int32.max) else {
            throw MetricsRSocketError(
                .invalidSettings, "the \(what) \(duration) must be between 1 ms and \(Int32.max) ms")
        }
        return UInt32(total.rounded())
    }
}
