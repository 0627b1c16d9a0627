import NIOCore

/// Splits the TCP byte stream into frames: each is preceded by a 3-byte big-endian length.
///
/// Emits each frame body (without the prefix) as a `ByteBuffer`. A declared length above
/// `maxFrameLength` throws `.frameTooLarge` before any of the frame is buffered; a length too
/// short to hold a frame header throws `.malformedFrame`.
struct FrameLengthDecoder: ByteToMessageDecoder {
    typealias InboundOut = ByteBuffer

    /// The largest frame body accepted.
    let maxFrameLength: Int

    init(maxFrameLength: Int) {
        self.maxFrameLength = min(max(maxFrameLength, FrameCodec.headerLength), FrameCodec.maxFrameLength)
    }

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let prefix = buffer.getBytes(at: buffer.readerIndex, length: 3) else { return .needMoreData }
        let length = Int(prefix[0]) << 16 | Int(prefix[1]) << 8 | Int(prefix[2])
        guard length <= maxFrameLength else {
            throw MetricsRSocketError(
                .frameTooLarge, "the peer announced a frame of \(length) bytes; the limit is \(maxFrameLength) bytes")
        }
        guard length >= FrameCodec.headerLength else {
            throw MetricsRSocketError(
                .malformedFrame, "the peer announced a frame of \(length) bytes, shorter than the 6-byte frame header")
        }
        guard buffer.readableBytes >= 3 + length else { return .needMoreData }
        buffer.moveReaderIndex(forwardBy: 3)
        guard let frame = buffer.readSlice(length: length) else { return .needMoreData }
        context.fireChannelRead(Self.wrapInboundOut(frame))
        return .continue
    }

    mutating func decodeLast(
        context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool
    ) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue {}
        return .needMoreData
    }
}
