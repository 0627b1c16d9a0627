import DatabaseTestSupport
import NIOCore
import Testing
@testable import MetricsRSocket

/// A raw TCP peer in the client's role against our RSocketServer.
@Suite struct ServerProtocolTests {
    @Test func keepaliveIsEchoedExactly() async throws {
        try await withTimeout("keepalive echo") {
            let server = try await TestServer.start()
            try await withRawClient(port: server.port) { peer in
                try await peer.send(javaSetupBytes)
                try await peer.send(keepaliveRespondBytes)
                #expect(try await peer.readFrameBytes() == keepaliveEchoBytes)
                // With data: echoed with the same data.
                try await peer.send(.keepalive(respond: true, lastReceivedPosition: 99, data: ByteBuffer(string: "hi")))
                #expect(try await peer.readFrame() == .keepalive(respond: false, lastReceivedPosition: 0,
                                                                 data: ByteBuffer(string: "hi")))
            }
            await server.server.close()
        }
    }

    /// How many KEEPALIVEs fit in the lifetime depends on how the loaded machine schedules the
    /// timers (KeepaliveTests counts them on a clock the test moves); here: the server sent at
    /// least one at the client's interval, then gave up, and not before the lifetime.
    @Test func aSilentClientIsClosedAfterItsMaxLifetime() async throws {
        try await withTimeout("lifetime") {
            let server = try await TestServer.start()
            let started = ContinuousClock.now
            let frames = try await withRawClient(port: server.port) { peer in
                try await peer.send(try setupBytes(keepalive: 100, lifetime: 500))
                return try await peer.readUntilClosed()
            }
            let elapsed = ContinuousClock.now - started
            #expect(frames.contains(.keepalive(respond: true, lastReceivedPosition: 0, data: ByteBuffer())), "\(frames)")
            guard case .error(0, .connectionError, let message)? = frames.last else {
                Issue.record("expected ERROR CONNECTION_ERROR last, got \(frames)")
                return
            }
            #expect(message.contains("no KEEPALIVE for 500 ms"), "\(message)")
            // Never before the lifetime (less a margin: NIO's timers and this clock are different clocks).
            #expect(elapsed >= .milliseconds(450))
            let serverSide = try await server.nextConnection()
            let reason = await serverSide.closed()
            #expect(reason?.code == .timedOut)
            await server.server.close()
        }
    }

    @Test func theServerSendsKeepalivesAtTheClientsInterval() async throws {
        try await withTimeout("server keepalives") {
            let server = try await TestServer.start()
            try await withRawClient(port: server.port) { peer in
                // A lifetime far beyond the test: only the KEEPALIVEs are awaited.
                try await peer.send(try setupBytes(keepalive: 50, lifetime: 600_000))
                for _ in 0..<3 {
                    #expect(try await peer.readFrame() == .keepalive(respond: true, lastReceivedPosition: 0, data: ByteBuffer()))
                }
            }
            await server.server.close()
        }
    }

    @Test func aClientThatNeverSendsSetupIsClosed() async throws {
        try await withTimeout("setup timeout") {
            let server = try await TestServer.start(configuration: .init(setupTimeout: .milliseconds(200)))
            let frames = try await withRawClient(port: server.port) { peer in
                try await peer.readUntilClosed()
            }
            #expect(frames.isEmpty, "\(frames)")
            await server.server.close()
        }
    }

    @Test func resumeAndLeaseAreUnsupportedSetups() async throws {
        try await withTimeout("resume") {
            let server = try await TestServer.start()
            let resume = try setupBytes(resumeToken: Array("token".utf8))
            var lease = javaSetupBytes
            lease[8] |= 0x40  // the L flag
            for (bytes, text) in [(resume, "resumption"), (lease, "leasing")] {
                let frames = try await withRawClient(port: server.port) { peer in
                    try await peer.send(bytes)
                    return try await peer.readUntilClosed()
                }
                #expect(frames.count == 1)
                guard case .error(0, .unsupportedSetup, let message)? = frames.first else {
                    Issue.record("expected ERROR UNSUPPORTED_SETUP, got \(frames)")
                    continue
                }
                #expect(message.contains(text))
            }
            await server.server.close()
        }
    }

    @Test func aFirstFrameOtherThanSetupIsAnInvalidSetup() async throws {
        try await withTimeout("invalid setup") {
            let server = try await TestServer.start()
            let frames = try await withRawClient(port: server.port) { peer in
                try await peer.send(.requestFireAndForget(streamID: 1, follows: false, payload: payload("x")))
                return try await peer.readUntilClosed()
            }
            #expect(frames.count == 1)
            if case .error(0, let code, let message)? = frames.first {
                #expect(code == .invalidSetup)
                #expect(message.contains("REQUEST_FNF"))
            } else {
                Issue.record("expected ERROR INVALID_SETUP, got \(frames)")
            }
            await server.server.close()
        }
    }

    @Test func fragmentedRequestsAreReassembled() async throws {
        try await withTimeout("fragments") {
            let server = try await TestServer.start()
            try await withRawClient(port: server.port) { peer in
                try await peer.send(javaSetupBytes)
                try await peer.send(.requestResponse(streamID: 1, follows: true, payload: payload("", metadata: "meta-1|")))
                try await peer.send(.payload(streamID: 1, follows: true, complete: false, next: true,
                                             payload: payload("data-1|", metadata: "meta-2")))
                try await peer.send(.payload(streamID: 1, follows: false, complete: false, next: true,
                                             payload: payload("data-2")))
                let bytes = try #require(try await peer.readFrameBytes())
                #expect(Array(bytes[7..<9]) == [0x29, 0x60])
                #expect(try FrameCodec.decode(ByteBuffer(bytes: bytes.dropFirst(3))) ==
                        .payload(streamID: 1, follows: false, complete: true, next: true,
                                 payload: payload("echo:data-1|data-2", metadata: "meta-1|meta-2")))
                // A fragmented fire-and-forget, and a frame written one byte at a time.
                try await peer.send(.requestFireAndForget(streamID: 3, follows: true, payload: payload("a", metadata: "")))
                try await peer.send(.payload(streamID: 3, follows: false, complete: false, next: true, payload: payload("b")))
                #expect(try await server.nextFNF() == payload("ab", metadata: ""))
                let request = try FrameCodec.encode(.requestResponse(streamID: 5, follows: false, payload: payload("slowly")))
                for byte in request.readableBytesView { try await peer.send([byte]) }
                #expect(try await peer.readFrameSkippingKeepalives() == .payload(streamID: 5, follows: false, complete: true, next: true,
                                                               payload: payload("echo:slowly")))
            }
            await server.server.close()
        }
    }

    /// Sends SETUP then `bytes`; returns the frames until the server closed and why it closed.
    private func closingExchange(
        _ bytes: [UInt8], configuration: RSocketConnection.Configuration = .init()
    ) async throws -> (frames: [Frame], reason: MetricsRSocketError?) {
        let server = try await TestServer.start(configuration: configuration)
        let frames = try await withRawClient(port: server.port) { peer in
            try await peer.send(javaSetupBytes)
            try await peer.send(bytes)
            return try await peer.readUntilClosed()
        }
        let reason = try await server.nextConnection().closed()
        await server.server.close()
        return (frames, reason)
    }

    private func expectConnectionError(_ frames: [Frame], containing text: String) {
        guard case .error(0, .connectionError, let message)? = frames.last else {
            Issue.record("expected ERROR CONNECTION_ERROR, got \(frames)")
            return
        }
        #expect(message.contains(text), "\(message)")
    }

    @Test func aMalformedFrameClosesTheConnection() async throws {
        try await withTimeout("malformed") {
            // REQUEST_N without its n.
            let (frames, reason) = try await closingExchange(hex("00 00 06 00 00 00 01 20 00"))
            #expect(reason?.code == .malformedFrame)
            #expect(reason?.message.contains("REQUEST_N") == true)
            expectConnectionError(frames, containing: "REQUEST_N")
        }
    }

    @Test func anOversizedFrameClosesTheConnection() async throws {
        try await withTimeout("oversized") {
            let configuration = RSocketConnection.Configuration(maxFrameLength: 1024)
            let (frames, reason) = try await closingExchange(hex("00 07 d0 00 00 00 01 14 00"), configuration: configuration)
            #expect(reason?.code == .frameTooLarge)
            #expect(reason?.message == "the peer announced a frame of 2000 bytes; the limit is 1024 bytes")
            expectConnectionError(frames, containing: "2000 bytes")
        }
    }

    @Test func anOversizedReassembledPayloadClosesTheConnection() async throws {
        try await withTimeout("oversized payload") {
            var bytes = try FrameCodec.encode(.requestResponse(
                streamID: 1, follows: true, payload: Payload(data: ByteBuffer(repeating: 1, count: 80))))
            try FrameCodec.encode(
                .payload(streamID: 1, follows: true, complete: false, next: true,
                         payload: Payload(data: ByteBuffer(repeating: 2, count: 80))), into: &bytes)
            let configuration = RSocketConnection.Configuration(maxPayloadLength: 100)
            let (frames, reason) = try await closingExchange(Array(bytes.readableBytesView), configuration: configuration)
            #expect(reason?.code == .frameTooLarge)
            expectConnectionError(frames, containing: "more than 100 bytes")
        }
    }

    @Test func wrongParityAndReusedStreamIDsAreProtocolErrors() async throws {
        try await withTimeout("stream ids") {
            let even = try FrameCodec.encode(.requestResponse(streamID: 2, follows: false, payload: payload("x")))
            let (frames, reason) = try await closingExchange(Array(even.readableBytesView))
            #expect(reason?.code == .protocolViolation)
            expectConnectionError(frames, containing: "must be odd")

            var twice = try FrameCodec.encode(.requestResponse(streamID: 1, follows: true, payload: payload("x")))
            try FrameCodec.encode(.requestResponse(streamID: 1, follows: false, payload: payload("y")), into: &twice)
            let (again, reused) = try await closingExchange(Array(twice.readableBytesView))
            #expect(reused?.code == .protocolViolation)
            expectConnectionError(again, containing: "reused the live stream id 1")
        }
    }

    @Test func unservedAndUnknownFrames() async throws {
        try await withTimeout("unserved frames") {
            let server = try await TestServer.start()
            try await withRawClient(port: server.port) { peer in
                try await peer.send(javaSetupBytes)
                try await peer.send(.requestStream(streamID: 1, follows: false, initialRequestN: 5, payload: payload("s")))
                #expect(try await peer.readFrameSkippingKeepalives() == .error(streamID: 1, code: .rejected,
                                                             message: "REQUEST_STREAM is not supported"))
                try await peer.send(.unknown(streamID: 0, type: 0x20, ignore: true))
                try await peer.send(.ext(streamID: 3, ignore: true, extendedType: 9, payload: payload("e")))
                try await peer.send(.metadataPush(metadata: ByteBuffer(string: "pushed")))
                try await peer.send(.requestResponse(streamID: 5, follows: false, payload: payload("alive")))
                #expect(try await peer.readFrameSkippingKeepalives() == .payload(streamID: 5, follows: false, complete: true, next: true,
                                                               payload: payload("echo:alive")))
                try await peer.send(.unknown(streamID: 0, type: 0x20, ignore: false))
                let frames = try await peer.readUntilClosed()
                guard case .error(0, .connectionError, let message)? = frames.last else {
                    Issue.record("expected ERROR CONNECTION_ERROR, got \(frames)")
                    return
                }
                #expect(message.contains("without the ignore flag"))
            }
            await server.server.close()
        }
    }

    @Test func cancelStopsTheResponderAndNoReplyIsSent() async throws {
        try await withTimeout("peer cancel") {
            let (events, sink) = AsyncStream<String>.makeStream()
            let server = try await TestServer.start(rr: { request in
                guard request.dataString == "slow" else { return payload("fast") }
                sink.yield("started")
                do {
                    try await Task.sleep(for: .seconds(60))  // hangs until canceled
                } catch {
                    sink.yield("canceled")
                }
                return payload("late reply")  // must not be sent
            })
            try await withRawClient(port: server.port) { peer in
                var iterator = events.makeAsyncIterator()
                try await peer.send(javaSetupBytes)
                try await peer.send(.requestResponse(streamID: 1, follows: false, payload: payload("slow")))
                #expect(await iterator.next() == "started")
                try await peer.send(.cancel(streamID: 1))
                #expect(await iterator.next() == "canceled")
                try await peer.send(.requestResponse(streamID: 3, follows: false, payload: payload("next")))
                // The next frame is the reply to stream 3: nothing was sent for stream 1.
                #expect(try await peer.readFrameSkippingKeepalives() == .payload(streamID: 3, follows: false, complete: true, next: true,
                                                               payload: payload("fast")))
            }
            await server.server.close()
        }
    }
}
