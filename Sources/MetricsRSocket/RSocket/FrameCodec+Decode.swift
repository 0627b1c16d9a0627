import NIOCore

extension FrameCodec {
    /// Decodes one frame from `buffer`, which holds exactly the frame (its length prefix removed).
    /// - Throws: `.malformedFrame` naming what is wrong; never traps on any input.
    static func decode(_ buffer: ByteBuffer) throws(MetricsRSocketError) -> Frame {
        var reader = FrameReader(buffer: buffer)
        let rawStreamID = try reader.uint32("stream id")
        guard rawStreamID & 0x8000_0000 == 0 else {
            throw MetricsRSocketError(.malformedFrame, "the stream id has its reserved top bit set")
        }
        let streamID = rawStreamID
        let typeAndFlags = try reader.uint16("frame type")
        let type = UInt8(typeAndFlags >> 10)
        let flags = typeAndFlags & 0x3FF
        let hasMetadata = flags & FrameFlag.metadata != 0
        let follows = flags & FrameFlag.follows != 0
        let complete = flags & FrameFlag.complete != 0
        reader.frameName = Frame.unknown(streamID: streamID, type: type, ignore: false).typeName

        switch type {
        case FrameType.setup:
            reader.frameName = "SETUP"
            try reader.requireStream(streamID, zero: true)
            var setup = Frame.Setup(
                majorVersion: try reader.uint16("major version"), minorVersion: try reader.uint16("minor version"),
                keepaliveInterval: try reader.uint32("keepalive interval"),
                maxLifetime: try reader.uint32("max lifetime"),
                metadataMimeType: "", dataMimeType: "", payload: .empty)
            if follows {
                let length = Int(try reader.uint16("resume token length"))
                setup.resumeToken = try reader.bytes(length, "resume token")
            }
            setup.lease = complete
            setup.metadataMimeType = try reader.mimeType("metadata MIME type")
            setup.dataMimeType = try reader.mimeType("data MIME type")
            setup.payload = try reader.payload(hasMetadata: hasMetadata)
            return .setup(setup)
        case FrameType.lease:
            reader.frameName = "LEASE"
            try reader.requireStream(streamID, zero: true)
            let timeToLive = try reader.uint32("time to live")
            let requests = try reader.uint32("number of requests")
            return .lease(timeToLive: timeToLive, requests: requests, metadata: hasMetadata ? reader.rest() : nil)
        case FrameType.keepalive:
            reader.frameName = "KEEPALIVE"
            try reader.requireStream(streamID, zero: true)
            let position = try reader.uint64("last received position")
            return .keepalive(respond: follows, lastReceivedPosition: position, data: reader.rest())
        case FrameType.requestResponse:
            reader.frameName = "REQUEST_RESPONSE"
            try reader.requireStream(streamID, zero: false)
            return .requestResponse(
                streamID: streamID, follows: follows, payload: try reader.payload(hasMetadata: hasMetadata))
        case FrameType.requestFireAndForget:
            reader.frameName = "REQUEST_FNF"
            try reader.requireStream(streamID, zero: false)
            return .requestFireAndForget(
                streamID: streamID, follows: follows, payload: try reader.payload(hasMetadata: hasMetadata))
        case FrameType.requestStream:
            reader.frameName = "REQUEST_STREAM"
            try reader.requireStream(streamID, zero: false)
            let n = try reader.requestN("initial request n")
            return .requestStream(
                streamID: streamID, follows: follows, initialRequestN: n,
                payload: try reader.payload(hasMetadata: hasMetadata))
        case FrameType.requestChannel:
            reader.frameName = "REQUEST_CHANNEL"
            try reader.requireStream(streamID, zero: false)
            let n = try reader.requestN("initial request n")
            return .requestChannel(
                streamID: streamID, follows: follows, complete: complete, initialRequestN: n,
                payload: try reader.payload(hasMetadata: hasMetadata))
        case FrameType.requestN:
            reader.frameName = "REQUEST_N"
            try reader.requireStream(streamID, zero: false)
            let n = try reader.requestN("request n")
            try reader.requireEnd()
            return .requestN(streamID: streamID, n: n)
        case FrameType.cancel:
            reader.frameName = "CANCEL"
            try reader.requireStream(streamID, zero: false)
            try reader.requireEnd()
            return .cancel(streamID: streamID)
        case FrameType.payload:
            reader.frameName = "PAYLOAD"
            try reader.requireStream(streamID, zero: false)
            return .payload(
                streamID: streamID, follows: follows, complete: complete, next: flags & FrameFlag.next != 0,
                payload: try reader.payload(hasMetadata: hasMetadata))
        case FrameType.error:
            reader.frameName = "ERROR"
            let code = RSocketErrorCode(rawValue: try reader.uint32("error code"))
            let text = reader.rest()
            return .error(
                streamID: streamID, code: code, message: String(decoding: text.readableBytesView, as: UTF8.self))
        case FrameType.metadataPush:
            reader.frameName = "METADATA_PUSH"
            try reader.requireStream(streamID, zero: true)
            guard hasMetadata else {
                throw MetricsRSocketError(.malformedFrame, "a METADATA_PUSH frame must have its M flag set")
            }
            return .metadataPush(metadata: reader.rest())
        case FrameType.resume:
            reader.frameName = "RESUME"
            try reader.requireStream(streamID, zero: true)
            let major = try reader.uint16("major version")
            let minor = try reader.uint16("minor version")
            let token = try reader.bytes(Int(try reader.uint16("resume token length")), "resume token")
            let resume = Frame.Resume(
                majorVersion: major, minorVersion: minor, token: token,
                lastReceivedServerPosition: try reader.uint64("last received server position"),
                firstAvailableClientPosition: try reader.uint64("first available client position"))
            try reader.requireEnd()
            return .resume(resume)
        case FrameType.resumeOK:
            reader.frameName = "RESUME_OK"
            try reader.requireStream(streamID, zero: true)
            let position = try reader.uint64("last received client position")
            try reader.requireEnd()
            return .resumeOK(lastReceivedClientPosition: position)
        case FrameType.ext:
            reader.frameName = "EXT"
            let extendedType = try reader.uint32("extended type")
            return .ext(
                streamID: streamID, ignore: flags & FrameFlag.ignore != 0, extendedType: extendedType,
                payload: try reader.payload(hasMetadata: hasMetadata))
        default:
            return .unknown(streamID: streamID, type: type, ignore: flags & FrameFlag.ignore != 0)
        }
    }
}

/// Reads the fields of one frame body, throwing `.malformedFrame` with the field's name when
/// the bytes run out or a value is out of range.
private struct FrameReader {
    var buffer: ByteBuffer
    var frameName = "frame"

    private func truncated(_ field: String) -> MetricsRSocketError {
        MetricsRSocketError(.malformedFrame, "truncated \(frameName) frame: no room for its \(field)")
    }

    mutating func uint16(_ field: String) throws(MetricsRSocketError) -> UInt16 {
        guard let value = buffer.readInteger(as: UInt16.self) else { throw truncated(field) }
        return value
    }

    mutating func uint32(_ field: String) throws(MetricsRSocketError) -> UInt32 {
        guard let value = buffer.readInteger(as: UInt32.self) else { throw truncated(field) }
        return value
    }

    mutating func uint64(_ field: String) throws(MetricsRSocketError) -> UInt64 {
        guard let value = buffer.readInteger(as: UInt64.self) else { throw truncated(field) }
        return value
    }

    mutating func bytes(_ count: Int, _ field: String) throws(MetricsRSocketError) -> ByteBuffer {
        guard let slice = buffer.readSlice(length: count) else {
            throw MetricsRSocketError(
                .malformedFrame,
                "malformed \(frameName) frame: its \(field) claims \(count) bytes but only \(buffer.readableBytes) remain")
        }
        return slice
    }

    mutating func rest() -> ByteBuffer {
        buffer.readSlice(length: buffer.readableBytes) ?? ByteBuffer()
    }

    mutating func requestN(_ field: String) throws(MetricsRSocketError) -> UInt32 {
        let n = try uint32(field)
        guard n > 0, n <= 0x7FFF_FFFF else {
            throw MetricsRSocketError(.malformedFrame, "malformed \(frameName) frame: \(field) \(n) is not in 1...2^31-1")
        }
        return n
    }

    mutating func mimeType(_ field: String) throws(MetricsRSocketError) -> String {
        guard let length = buffer.readInteger(as: UInt8.self) else { throw truncated(field) }
        let bytes = try self.bytes(Int(length), field)
        guard bytes.readableBytesView.allSatisfy({ $0 < 0x80 }) else {
            throw MetricsRSocketError(.malformedFrame, "malformed \(frameName) frame: its \(field) is not ASCII")
        }
        return String(decoding: bytes.readableBytesView, as: UTF8.self)
    }

    /// Metadata (24-bit length first, when `hasMetadata`) followed by data to the end.
    mutating func payload(hasMetadata: Bool) throws(MetricsRSocketError) -> Payload {
        var metadata: ByteBuffer? = nil
        if hasMetadata {
            guard let high = buffer.readInteger(as: UInt8.self), let low = buffer.readInteger(as: UInt16.self) else {
                throw truncated("metadata length")
            }
            metadata = try bytes(Int(high) << 16 | Int(low), "metadata length")
        }
        return Payload(metadata: metadata, data: rest())
    }

    func requireStream(_ streamID: UInt32, zero: Bool) throws(MetricsRSocketError) {
        if zero, streamID != 0 {
            throw MetricsRSocketError(.malformedFrame, "a \(frameName) frame must use stream 0, not stream \(streamID)")
        }
        if !zero, streamID == 0 {
            throw MetricsRSocketError(.malformedFrame, "a \(frameName) frame must not use stream 0")
        }
    }

    func requireEnd() throws(MetricsRSocketError) {
        guard buffer.readableBytes == 0 else {
            throw MetricsRSocketError(
                .malformedFrame, "malformed \(frameName) frame: \(buffer.readableBytes) unexpected trailing bytes")
        }
    }
}
