import NIOCore

/// Encodes frames to the TCP wire format and decodes frame bodies.
///
/// ``encode(_:into:)`` writes the 3-byte length prefix followed by the frame;
/// ``decode(_:)`` (in `FrameCodec+Decode.swift`) reads one frame whose prefix was already removed.
enum FrameCodec {
    /// The largest frame the 3-byte length prefix can describe.
    static let maxFrameLength = 0xFF_FFFF
    /// The length of the stream id plus the type-and-flags field.
    static let headerLength = 6

    /// Encodes `frame` with its length prefix into a new buffer.
    static func encode(
        _ frame: Frame, allocator: ByteBufferAllocator = ByteBufferAllocator()
    ) throws(MetricsRSocketError) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: 64)
        try encode(frame, into: &buffer)
        return buffer
    }

    /// Appends `frame` with its length prefix to `buffer`.
    /// - Throws: `.frameTooLarge` when the frame or its metadata does not fit its length field;
    ///   `buffer` is then left as it was.
    static func encode(_ frame: Frame, into buffer: inout ByteBuffer) throws(MetricsRSocketError) {
        let start = buffer.writerIndex
        buffer.writeBytes([0, 0, 0])
        do {
            try writeFrame(frame, into: &buffer)
        } catch {
            buffer.moveWriterIndex(to: start)
            throw error
        }
        let length = buffer.writerIndex - start - 3
        guard length <= maxFrameLength else {
            buffer.moveWriterIndex(to: start)
            throw MetricsRSocketError(
                .frameTooLarge,
                "cannot send a \(frame.typeName) frame of \(length) bytes: the limit is \(maxFrameLength) bytes "
                    + "and this implementation does not fragment")
        }
        writeUInt24(length, at: start, in: &buffer)
    }

    private static func writeFrame(_ frame: Frame, into buffer: inout ByteBuffer) throws(MetricsRSocketError) {
        switch frame {
        case .setup(let setup):
            var flags: UInt16 = setup.resumeToken == nil ? 0 : FrameFlag.follows
            if setup.lease { flags |= FrameFlag.complete }
            let headerAt = writeHeader(streamID: 0, type: FrameType.setup, flags: flags, into: &buffer)
            buffer.writeInteger(setup.majorVersion)
            buffer.writeInteger(setup.minorVersion)
            buffer.writeInteger(setup.keepaliveInterval)
            buffer.writeInteger(setup.maxLifetime)
            if var token = setup.resumeToken {
                guard token.readableBytes <= Int(UInt16.max) else {
                    throw MetricsRSocketError(.frameTooLarge, "a resume token may have at most 65535 bytes")
                }
                buffer.writeInteger(UInt16(token.readableBytes))
                buffer.writeBuffer(&token)
            }
            try writeMimeType(setup.metadataMimeType, into: &buffer)
            try writeMimeType(setup.dataMimeType, into: &buffer)
            try writePayload(setup.payload, headerAt: headerAt, into: &buffer)
        case .lease(let timeToLive, let requests, let metadata):
            _ = writeHeader(
                streamID: 0, type: FrameType.lease, flags: metadata == nil ? 0 : FrameFlag.metadata, into: &buffer)
            buffer.writeInteger(timeToLive)
            buffer.writeInteger(requests)
            if var metadata { buffer.writeBuffer(&metadata) }
        case .keepalive(let respond, let position, var data):
            _ = writeHeader(
                streamID: 0, type: FrameType.keepalive, flags: respond ? FrameFlag.follows : 0, into: &buffer)
            buffer.writeInteger(position & 0x7FFF_FFFF_FFFF_FFFF)
            buffer.writeBuffer(&data)
        case .requestResponse(let streamID, let follows, let payload):
            let at = writeHeader(
                streamID: streamID, type: FrameType.requestResponse, flags: follows ? FrameFlag.follows : 0,
                into: &buffer)
            try writePayload(payload, headerAt: at, into: &buffer)
        case .requestFireAndForget(let streamID, let follows, let payload):
            let at = writeHeader(
                streamID: streamID, type: FrameType.requestFireAndForget, flags: follows ? FrameFlag.follows : 0,
                into: &buffer)
            try writePayload(payload, headerAt: at, into: &buffer)
        case .requestStream(let streamID, let follows, let initialRequestN, let payload):
            let at = writeHeader(
                streamID: streamID, type: FrameType.requestStream, flags: follows ? FrameFlag.follows : 0,
                into: &buffer)
            buffer.writeInteger(initialRequestN)
            try writePayload(payload, headerAt: at, into: &buffer)
        case .requestChannel(let streamID, let follows, let complete, let initialRequestN, let payload):
            let flags = (follows ? FrameFlag.follows : 0) | (complete ? FrameFlag.complete : 0)
            let at = writeHeader(streamID: streamID, type: FrameType.requestChannel, flags: flags, into: &buffer)
            buffer.writeInteger(initialRequestN)
            try writePayload(payload, headerAt: at, into: &buffer)
        case .requestN(let streamID, let n):
            _ = writeHeader(streamID: streamID, type: FrameType.requestN, flags: 0, into: &buffer)
            buffer.writeInteger(n)
        case .cancel(let streamID):
            _ = writeHeader(streamID: streamID, type: FrameType.cancel, flags: 0, into: &buffer)
        case .payload(let streamID, let follows, let complete, let next, let payload):
            let flags =
                (follows ? FrameFlag.follows : 0) | (complete ? FrameFlag.complete : 0) | (next ? FrameFlag.next : 0)
            let at = writeHeader(streamID: streamID, type: FrameType.payload, flags: flags, into: &buffer)
            try writePayload(payload, headerAt: at, into: &buffer)
        case .error(let streamID, let code, let message):
            _ = writeHeader(streamID: streamID, type: FrameType.error, flags: 0, into: &buffer)
            buffer.writeInteger(code.rawValue)
            buffer.writeString(message)
        case .metadataPush(var metadata):
            _ = writeHeader(streamID: 0, type: FrameType.metadataPush, flags: FrameFlag.metadata, into: &buffer)
            buffer.writeBuffer(&metadata)
        case .resume(let resume):
            _ = writeHeader(streamID: 0, type: FrameType.resume, flags: 0, into: &buffer)
            buffer.writeInteger(resume.majorVersion)
            buffer.writeInteger(resume.minorVersion)
            var token = resume.token
            guard token.readableBytes <= Int(UInt16.max) else {
                throw MetricsRSocketError(.frameTooLarge, "a resume token may have at most 65535 bytes")
            }
            buffer.writeInteger(UInt16(token.readableBytes))
            buffer.writeBuffer(&token)
            buffer.writeInteger(resume.lastReceivedServerPosition)
            buffer.writeInteger(resume.firstAvailableClientPosition)
        case .resumeOK(let position):
            _ = writeHeader(streamID: 0, type: FrameType.resumeOK, flags: 0, into: &buffer)
            buffer.writeInteger(position)
        case .ext(let streamID, let ignore, let extendedType, let payload):
            let at = writeHeader(
                streamID: streamID, type: FrameType.ext, flags: ignore ? FrameFlag.ignore : 0, into: &buffer)
            buffer.writeInteger(extendedType)
            try writePayload(payload, headerAt: at, into: &buffer)
        case .unknown(let streamID, let type, let ignore):
            _ = writeHeader(streamID: streamID, type: type, flags: ignore ? FrameFlag.ignore : 0, into: &buffer)
        }
    }

    /// Writes the stream id and type-and-flags field; returns where the latter starts, so the
    /// M flag can be added once the payload is known.
    private static func writeHeader(streamID: UInt32, type: UInt8, flags: UInt16, into buffer: inout ByteBuffer) -> Int {
        buffer.writeInteger(streamID & 0x7FFF_FFFF)
        let at = buffer.writerIndex
        buffer.writeInteger(UInt16(type & 0x3F) << 10 | (flags & 0x3FF))
        return at
    }

    /// Writes metadata (24-bit length first) and data; sets the M flag when there is metadata.
    private static func writePayload(
        _ payload: Payload, headerAt: Int, into buffer: inout ByteBuffer
    ) throws(MetricsRSocketError) {
        if var metadata = payload.metadata {
            guard metadata.readableBytes <= maxFrameLength else {
                throw MetricsRSocketError(
                    .frameTooLarge, "metadata of \(metadata.readableBytes) bytes exceeds the 24-bit length field")
            }
            let field = buffer.getInteger(at: headerAt, as: UInt16.self) ?? 0
            buffer.setInteger(field | FrameFlag.metadata, at: headerAt)
            buffer.writeBytes([0, 0, 0])
            writeUInt24(metadata.readableBytes, at: buffer.writerIndex - 3, in: &buffer)
            buffer.writeBuffer(&metadata)
        }
        var data = payload.data
        buffer.writeBuffer(&data)
    }

    private static func writeMimeType(_ type: String, into buffer: inout ByteBuffer) throws(MetricsRSocketError) {
        let bytes = Array(type.utf8)
        guard bytes.count <= 255, bytes.allSatisfy({ $0 < 0x80 }) else {
            throw MetricsRSocketError(.malformedFrame, "the MIME type '\(type)' must be ASCII of at most 255 bytes")
        }
        buffer.writeInteger(UInt8(bytes.count))
        buffer.writeBytes(bytes)
    }

    /// Stores a 24-bit big-endian length.
    static func writeUInt24(_ value: Int, at index: Int, in buffer: inout ByteBuffer) {
        buffer.setBytes([UInt8(truncatingIfNeeded: value >> 16), UInt8(truncatingIfNeeded: value >> 8),
                         UInt8(truncatingIfNeeded: value)], at: index)
    }
}
