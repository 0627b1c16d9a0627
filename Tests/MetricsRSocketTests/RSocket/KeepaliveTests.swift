import DatabaseTestSupport
import NIOCore
import NIOEmbedded
import Testing

@testable import MetricsRSocket

/// KEEPALIVE and the max lifetime on an embedded channel whose clock the test moves, so the
/// properties that are about time passing hold however loaded the machine is.
@Suite struct KeepaliveTests {
    private static let keepaliveRespond = Frame.keepalive(respond: true, lastReceivedPosition: 0, data: ByteBuffer())

    /// A client connection on an active embedded channel, with its SETUP sent.
    private static func client(keepalive: Duration, lifetime: Duration) throws -> (EmbeddedChannel, RSocketConnection) {
        let channel = EmbeddedChannel()
        let setup = try SetupParameters(keepaliveInterval: keepalive, maxLifetime: lifetime).setupFrame()
        let connection = try RSocketConnection.install(
            on: channel, role: .client(setup), transport: .tcp, responder: TestResponder(), configuration: .init(), peer: "embedded",
            logger: testLogger)
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 7001)).wait()
        let started = channel.eventLoop.makePromise(of: Void.self)
        connection.onLoop { $0.startClient(promise: started) }
        channel.embeddedEventLoop.run()
        try started.futureResult.wait()
        guard case .setup? = try Self.sent(channel).first else { throw TestSetupError("no SETUP sent") }
        return (channel, connection)
    }

    /// The frames the connection wrote since the last call.
    private static func sent(_ channel: EmbeddedChannel) throws -> [Frame] {
        var frames: [Frame] = []
        while var buffer = try channel.readOutbound(as: ByteBuffer.self) {
            guard buffer.readableBytes > 0 else { continue }
            buffer.moveReaderIndex(forwardBy: 3)
            frames.append(try FrameCodec.decode(buffer))
        }
        return frames
    }

    @Test func keepalivesKeepTheConnectionAliveThroughSeveralLifetimes() throws {
        let (channel, connection) = try Self.client(keepalive: .milliseconds(25), lifetime: .seconds(1))
        defer { _ = try? channel.finish() }
        // Five lifetimes: a KEEPALIVE every 25 ms, each answered by the peer.
        for tick in 0..<200 {
            channel.embeddedEventLoop.advanceTime(by: .milliseconds(25))
            #expect(try Self.sent(channel) == [Self.keepaliveRespond], "tick \(tick)")
            try channel.writeInbound(ByteBuffer(bytes: keepaliveEchoBytes))
        }
        #expect(connection.isActive && channel.isActive)
        // The peer falls silent: the connection ends one lifetime after its last answer.
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(975))
        #expect(connection.isActive)
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(25))
        #expect(!connection.isActive && !channel.isActive)
        guard case .error(0, .connectionError, let message)? = try Self.sent(channel).last else {
            Issue.record("expected ERROR CONNECTION_ERROR last")
            return
        }
        #expect(message.contains("no KEEPALIVE for 1000 ms"), "\(message)")
    }

    @Test func aSilentServerGetsAKeepaliveEveryIntervalUntilTheLifetimeEnds() throws {
        let (channel, connection) = try Self.client(keepalive: .milliseconds(100), lifetime: .milliseconds(400))
        defer { _ = try? channel.finish() }
        for _ in 0..<3 {
            channel.embeddedEventLoop.advanceTime(by: .milliseconds(100))
            #expect(try Self.sent(channel) == [Self.keepaliveRespond])
            #expect(connection.isActive)
        }
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(100))
        let frames = try Self.sent(channel)
        #expect(!connection.isActive)
        guard case .error(0, .connectionError, let message)? = frames.last else {
            Issue.record("expected ERROR CONNECTION_ERROR last, got \(frames)")
            return
        }
        #expect(message.contains("no KEEPALIVE for 400 ms"), "\(message)")
    }
}
