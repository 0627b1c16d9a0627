import NIOCore
import Testing
@testable import MetricsRSocket

@Suite struct FrameCodecTests {
    static let meta = ByteBuffer(string: "meta")
    static let data = ByteBuffer(string: "data")
    static let both = Payload(metadata: meta, data: data)
    static let dataOnly = Payload(data: data)
    static let emptyMetadata = Payload(metadata: ByteBuffer(), data: ByteBuffer())

    /// Every frame type and every flag combination the codec supports.
    static var allFrames: [Frame] {
        var frames: [Frame] = [
            .setup(Frame.Setup(keepaliveInterval: 20_000, maxLifetime: 90_000, metadataMimeType: "application/binary",
                               dataMimeType: "application/binary", payload: .empty)),
            .setup(Frame.Setup(majorVersion: 1, minorVersion: 2, keepaliveInterval: 100, maxLifetime: 500,
                               resumeToken: ByteBuffer(string: "token"), lease: true, metadataMimeType: "m/x",
                               dataMimeType: "", payload: both)),
            .setup(Frame.Setup(keepaliveInterval: 1, maxLifetime: 2, metadataMimeType: "a", dataMimeType: "b",
                               payload: dataOnly)),
            .lease(timeToLive: 1000, requests: 5, metadata: nil),
            .lease(timeToLive: 1000, requests: 5, metadata: meta),
            .keepalive(respond: true, lastReceivedPosition: 0, data: ByteBuffer()),
            .keepalive(respond: false, lastReceivedPosition: 12345, data: data),
            .requestN(streamID: 3, n: 0x7FFF_FFFF),
            .cancel(streamID: 0x7FFF_FFFF),
            .error(streamID: 0, code: .connectionError, message: "bye ü"),
            .error(streamID: 5, code: .applicationError, message: ""),
            .metadataPush(metadata: meta),
            .resume(Frame.Resume(majorVersion: 1, minorVersion: 0, token: ByteBuffer(string: "tok"),
                                 lastReceivedServerPosition: 7, firstAvailableClientPosition: 9)),
            .resumeOK(lastReceivedClientPosition: 42),
            .ext(streamID: 1, ignore: true, extendedType: 77, payload: both),
            .ext(streamID: 0, ignore: false, extendedType: 1, payload: dataOnly),
            .unknown(streamID: 9, type: 0x20, ignore: true),
            .unknown(streamID: 0, type: 0x10, ignore: false),
        ]
        for payload in [both, dataOnly, emptyMetadata, Payload.empty] {
            for follows in [false, true] {
                frames.append(.requestResponse(streamID: 1, follows: follows, payload: payload))
                frames.append(.requestFireAndForget(streamID: 2, follows: follows, payload: payload))
                frames.append(.requestStream(streamID: 3, follows: follows, initialRequestN: 8, payload: payload))
                for complete in [false, true] {
                    frames.append(.requestChannel(streamID: 4, follows: follows, complete: complete, initialRequestN: 1,
                                                  payload: payload))
                    for next in [false, true] {
                        frames.append(.payload(streamID: 5, follows: follows, complete: complete, next: next,
                                               payload: payload))
                    }
                }
            }
        }
        return frames
    }

    @Test func everyFrameRoundTrips() throws {
        for frame in Self.allFrames {
            var encoded = try FrameCodec.encode(frame)
            let prefix = encoded.readBytes(length: 3)
            let length = try #require(prefix)
            #expect(Int(length[0]) << 16 | Int(length[1]) << 8 | Int(length[2]) == encoded.readableBytes, "\(frame)")
            #expect(try FrameCodec.decode(encoded) == frame)
        }
    }

    @Test func defaultSetupIsTheJavaClientsBytes() throws {
        let setup = try SetupParameters().setupFrame()
        let encoded = try FrameCodec.encode(.setup(setup))
        #expect(Array(encoded.readableBytesView) == javaSetupBytes)
        #expect(try FrameCodec.decode(ByteBuffer(bytes: javaSetupBytes.dropFirst(3))) == .setup(setup))
    }

    @Test func keepaliveBytes() throws {
        let respond = try FrameCodec.encode(.keepalive(respond: true, lastReceivedPosition: 0, data: ByteBuffer()))
        let echo = try FrameCodec.encode(.keepalive(respond: false, lastReceivedPosition: 0, data: ByteBuffer()))
        #expect(Array(respond.readableBytesView) == keepaliveRespondBytes)
        #expect(Array(echo.readableBytesView) == keepaliveEchoBytes)
    }

    /// Bytes 7 and 8 (after the prefix and stream id) are the type-and-flags field.
    private func typeAndFlags(_ frame: Frame) throws -> [UInt8] {
        Array(try FrameCodec.encode(frame).readableBytesView[7..<9])
    }

    @Test func replyAndFireAndForgetHeaders() throws {
        #expect(try typeAndFlags(.payload(streamID: 1, follows: false, complete: true, next: true, payload: Self.both))
                == [0x29, 0x60])
        #expect(try typeAndFlags(.payload(streamID: 1, follows: false, complete: true, next: true, payload: .empty))
                == [0x28, 0x60])
        #expect(try typeAndFlags(.requestFireAndForget(streamID: 1, follows: false, payload: Self.both)) == [0x15, 0x00])
    }

    @Test func metadataLengthIs24BitsBeforeTheMetadata() throws {
        let frame = Frame.requestResponse(streamID: 1, follows: false, payload: Self.both)
        let bytes = Array(try FrameCodec.encode(frame).readableBytesView)
        #expect(bytes == hex("00 00 11 00 00 00 01 11 00 00 00 04") + Array("metadata".utf8))
    }

    @Test func malformedFramesAreRejectedWithReasons() {
        let cases: [([UInt8], String)] = [
            (hex("80 00 00 01 24 00"), "top bit"),
            (hex("00 00 00 01 20"), "truncated"),
            (hex("00 00 00 00 10 00"), "must not use stream 0"),  // REQUEST_RESPONSE on stream 0
            (hex("00 00 00 01 0c 00 00 00 00 00 00 00 00 00"), "must use stream 0"),  // KEEPALIVE on stream 1
            (hex("00 00 00 01 11 00 00 00 09 61"), "claims 9 bytes"),  // metadata longer than the frame
            (hex("00 00 00 01 20 00 00 00 00 00"), "request n 0"),
            (hex("00 00 00 01 24 00 ff"), "trailing"),
            (hex("00 00 00 00 30 00 61"), "M flag"),  // METADATA_PUSH without M
            (hex("00 00 00 00 04 00 00 01 00 00 00 00 00 01 00 00 00 01 01 ff 00"), "not ASCII"),
        ]
        for (bytes, reason) in cases {
            #expect {
                try FrameCodec.decode(ByteBuffer(bytes: bytes))
            } throws: { error in
                let error = error as? MetricsRSocketError
                return error?.code == .malformedFrame && error?.message.contains(reason) == true
            }
        }
    }

    @Test func oversizedFramesAreNotEncoded() {
        let big = Payload(data: ByteBuffer(repeating: 0, count: FrameCodec.maxFrameLength))
        var buffer = ByteBuffer(string: "x")
        #expect(throws: MetricsRSocketError.self) {
            try FrameCodec.encode(.requestFireAndForget(streamID: 1, follows: false, payload: big), into: &buffer)
        }
        #expect(buffer == ByteBuffer(string: "x"))
    }
}
