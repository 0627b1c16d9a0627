import NIOCore

/// One RSocket payload: optional metadata and data, both opaque bytes.
///
/// `metadata` is `nil` when the frame carried no metadata (its M flag was clear); an empty
/// buffer means the M flag was set with zero bytes of metadata.
public struct Payload: Sendable, Equatable {
    /// The metadata, or `nil` when there is none.
    public var metadata: ByteBuffer?
    /// The data.
    public var data: ByteBuffer

    /// Creates a payload.
    /// - Parameters:
    ///   - metadata: The metadata; `nil` sends a frame without the M flag.
    ///   - data: The data.
    public init(metadata: ByteBuffer? = nil, data: ByteBuffer) {
        self.metadata = metadata
        self.data = data
    }

    /// A payload with no metadata and no data.
    public static var empty: Payload { Payload(data: ByteBuffer()) }

    /// Metadata plus data bytes.
    var byteCount: Int { (metadata?.readableBytes ?? 0) + data.readableBytes }
}
