import DatabaseTestSupport
import NIOCore
import Testing

@testable import MetricsRSocket

/// What a connection may make the server hold before its SETUP is accepted: its own limit,
/// and a total over all such connections.
@Suite struct SetupLimitTests {
    /// A frame announced as 10,000,000 bytes: the 3-byte length prefix.
    static let tenMegabytePrefix: [UInt8] = [0x98, 0x96, 0x80]

    /// A SETUP frame (with its prefix) of exactly `size` bytes: the Java client's, padded with data.
    static func setup(size: Int) throws -> [UInt8] {
        let empty = try setupBytes().count
        let frame = Frame.setup(
            Frame.Setup(
                keepaliveInterval: 20_000, maxLifetime: 3_600_000, metadataMimeType: "application/binary",
                dataMimeType: "application/binary", payload: Payload(data: ByteBuffer(repeating: 7, count: size - empty))))
        let bytes = Array(try FrameCodec.encode(frame).readableBytesView)
        #expect(bytes.count == size)
        return bytes
    }

    static func expectRefusal(_ frames: [Frame], _ code: RSocketErrorCode, containing text: String) {
        guard case .error(0, let sent, let message)? = frames.last, sent == code else {
            Issue.record("expected ERROR \(code) on stream 0, got \(frames)")
            return
        }
        #expect(message.contains(text), "\(message)")
    }

    @Test func aClientAnnouncingAHugeFrameBeforeSetupIsClosedAtTheLimit() async throws {
        try await withTimeout("bytes before SETUP") {
            let server = try await TestServer.start()
            let limit = RSocketConnection.Configuration().maxBytesBeforeSetup
            #expect(limit == 65_536)
            let frames = try await withRawClient(port: server.port) { peer in
                // The prefix and the first bytes of the frame: one byte past the limit in all.
                try await peer.send(Self.tenMegabytePrefix + [UInt8](repeating: 0, count: limit + 1 - 3))
                return try await peer.readUntilClosed()
            }
            Self.expectRefusal(frames, .invalidSetup, containing: "more than 65536 bytes (the limit) before its SETUP was accepted")
            await server.server.close()
        }
    }

    /// Five connections each send 900 bytes of a 1,000-byte SETUP against a total of 4,096:
    /// whichever the server reads last is refused, and only that one. The other four complete
    /// their SETUP (with a KEEPALIVE after it: 4 × 1,017 bytes still fit, in whatever order the
    /// server reads them), which gives their bytes back, so a sixth is accepted afterwards.
    @Test func theTotalHeldForConnectionsAwaitingSetupIsBounded() async throws {
        try await withTimeout("total before SETUP") {
            let configuration = RSocketConnection.Configuration(setupTimeout: hangLimit, maxBytesBeforeSetup: 1024, maxBytesAwaitingSetup: 4096)
            let server = try await TestServer.start(configuration: configuration)
            let setup = try Self.setup(size: 1000)
            let writers = AsyncStream<(Int, NIOAsyncChannelOutboundWriter<ByteBuffer>)>.makeStream()
            let port = server.port
            try await withThrowingTaskGroup(of: (Int, [Frame]).self) { group in
                for index in 0..<5 {
                    group.addTask {
                        try await withRawClient(port: port) { peer in
                            try await peer.send(Array(setup.prefix(900)))
                            writers.continuation.yield((index, peer.writer))
                            // Until the server closes the connection, or echoes the KEEPALIVE sent after SETUP.
                            var frames: [Frame] = []
                            while let bytes = try await peer.readFrameBytes() {
                                frames.append(try FrameCodec.decode(ByteBuffer(bytes: bytes.dropFirst(3))))
                                if case .keepalive(respond: false, _, _) = frames.last { break }
                            }
                            return (index, frames)
                        }
                    }
                }
                var waiting: [Int: NIOAsyncChannelOutboundWriter<ByteBuffer>] = [:]
                for await (index, writer) in writers.stream {
                    waiting[index] = writer
                    if waiting.count == 5 { break }
                }
                let (refused, refusal) = try #require(try await group.next())
                Self.expectRefusal(refusal, .connectionError, containing: "holds 4096 bytes (its limit)")
                waiting[refused] = nil
                for writer in waiting.values {
                    try await writer.write(ByteBuffer(bytes: Array(setup.dropFirst(900)) + keepaliveRespondBytes))
                }
                for try await (index, frames) in group {
                    #expect(frames.last == .keepalive(respond: false, lastReceivedPosition: 0, data: ByteBuffer()), "connection \(index): \(frames)")
                }
            }
            try await withRawClient(port: port) { peer in
                try await peer.send(setup + keepaliveRespondBytes)
                #expect(try await peer.readFrameBytes() == keepaliveEchoBytes)
            }
            await server.server.close()
        }
    }

    @Test func aConnectionArrivingWhenTheTotalIsSpentIsRefused() async throws {
        try await withTimeout("total spent") {
            let budget = SetupBudget(limit: 4096)
            #expect(budget.charge(4096))
            let server = try await RSocketServer.bind(host: "127.0.0.1", port: 0, budget: budget, logger: testLogger) { _, _ in
                TestResponder()
            }
            let frames = try await withRawClient(port: server.port) { peer in try await peer.readUntilClosed() }
            Self.expectRefusal(frames, .connectionError, containing: "already holds 4096 bytes (its limit)")
            budget.release(4096)
            try await withRawClient(port: server.port) { peer in
                try await peer.send(javaSetupBytes + keepaliveRespondBytes)
                #expect(try await peer.readFrameBytes() == keepaliveEchoBytes)
            }
            #expect(budget.held == 0)
            await server.close()
        }
    }

    @Test func aWebSocketMessageAnnouncedAsHugeBeforeSetupIsRefused() async throws {
        try await withTimeout("WebSocket bytes before SETUP") {
            let server = try await RSocketServer.bind(host: "127.0.0.1", port: 0, transport: .webSocket(), logger: testLogger) { _, _ in
                TestResponder()
            }
            try await withRawClient(port: server.port) { peer in
                let request = WebSocketWireTests.upgradeRequest()
                let response = try await WebSocketWireTests.upgrade(&peer)
                #expect(response.hasPrefix("HTTP/1.1 101"), "\(response)")
                // A masked binary message announced as 10,000,000 bytes (64-bit length), then its
                // first bytes: one past the limit, the upgrade request included.
                let header: [UInt8] = [0x82, 0x80 | 127, 0, 0, 0, 0, 0, 0x98, 0x96, 0x80, 1, 2, 3, 4]
                let sent = request.count + header.count
                try await peer.send(header + [UInt8](repeating: 0, count: 65_536 + 1 - sent))
                let error = try #require(try await WebSocketWireTests.serverFrame(&peer))
                #expect(error.opcode == 0x2)
                let frame = try FrameCodec.decode(ByteBuffer(bytes: error.payload))
                Self.expectRefusal([frame], .invalidSetup, containing: "more than 65536 bytes (the limit)")
                let close = try #require(try await WebSocketWireTests.serverFrame(&peer))
                #expect(close.opcode == 0x8)
                #expect(try await peer.readBytes(1) == nil)
            }
            await server.close()
        }
    }

    @Test func anUpgradeRequestLargerThanTheLimitIsClosed() async throws {
        try await withTimeout("WebSocket upgrade request too large") {
            // A long setup timeout: only the byte limit may close this connection.
            let server = try await RSocketServer.bind(
                host: "127.0.0.1", port: 0, transport: .webSocket(), configuration: .init(setupTimeout: .seconds(600)), logger: testLogger
            ) { _, _ in TestResponder() }
            try await withRawClient(port: server.port) { peer in
                var request = Array("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: ".utf8)
                request += [UInt8](repeating: UInt8(ascii: "a"), count: 65_536 + 1 - request.count)
                try await peer.send(request)
                #expect(try await peer.readBytes(1) == nil, "the connection should end without an answer")
            }
            await server.close()
        }
    }
}
