import DatabaseTestSupport
import NIOCore
import NIOPosix
@testable import MetricsRSocket

/// A bare TCP peer speaking bytes, to send what a well-behaved RSocket peer never would and to
/// see exactly what ours puts on the wire.
struct RawPeer {
    private var inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    private let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    private var pending = ByteBuffer()

    init(_ inbound: NIOAsyncChannelInboundStream<ByteBuffer>, _ outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>) {
        self.inbound = inbound.makeAsyncIterator()
        self.outbound = outbound
    }

    /// The connection's writer, for a test that sends from another task while this peer reads.
    var writer: NIOAsyncChannelOutboundWriter<ByteBuffer> { outbound }

    func send(_ bytes: [UInt8]) async throws {
        try await outbound.write(ByteBuffer(bytes: bytes))
    }

    func send(_ frame: Frame) async throws {
        try await outbound.write(try FrameCodec.encode(frame))
    }

    /// Bytes up to and including `delimiter` (such as the blank line after HTTP headers), or
    /// `nil` when the connection ended first.
    mutating func readThrough(_ delimiter: [UInt8]) async throws -> [UInt8]? {
        while true {
            let bytes = pending.readableBytesView
            if let range = bytes.firstRange(of: delimiter) {
                return pending.readBytes(length: range.upperBound - bytes.startIndex)
            }
            guard var more = try? await inbound.next() else { return nil }
            pending.writeBuffer(&more)
        }
    }

    /// Exactly `count` bytes, or `nil` when the connection ended first.
    mutating func readBytes(_ count: Int) async throws -> [UInt8]? {
        while pending.readableBytes < count {
            guard var more = try? await inbound.next() else { return nil }
            pending.writeBuffer(&more)
        }
        return pending.readBytes(length: count)
    }

    /// The next frame with its length prefix, or `nil` when the connection ended.
    mutating func readFrameBytes() async throws -> [UInt8]? {
        while true {
            if let prefix = pending.getBytes(at: pending.readerIndex, length: 3) {
                let length = Int(prefix[0]) << 16 | Int(prefix[1]) << 8 | Int(prefix[2])
                if let frame = pending.readBytes(length: 3 + length) { return frame }
            }
            let more: ByteBuffer?
            do {
                more = try await inbound.next()
            } catch {
                more = nil  // a reset counts as the end
            }
            guard var more else { return nil }
            pending.writeBuffer(&more)
        }
    }

    /// The next frame, decoded; fails at the end of the connection.
    mutating func readFrame() async throws -> Frame {
        guard let bytes = try await readFrameBytes() else { throw TestSetupError("the connection ended") }
        return try FrameCodec.decode(ByteBuffer(bytes: bytes.dropFirst(3)))
    }

    /// The next frame that is not a KEEPALIVE.
    mutating func readFrameSkippingKeepalives() async throws -> Frame {
        while true {
            let frame = try await readFrame()
            if case .keepalive = frame { continue }
            return frame
        }
    }

    /// Every frame until the peer closes the connection.
    mutating func readUntilClosed() async throws -> [Frame] {
        var frames: [Frame] = []
        while let bytes = try await readFrameBytes() {
            frames.append(try FrameCodec.decode(ByteBuffer(bytes: bytes.dropFirst(3))))
        }
        return frames
    }
}

/// Connects a raw peer to `port` on 127.0.0.1.
func withRawClient<T: Sendable>(port: Int, _ body: (inout RawPeer) async throws -> T) async throws -> T {
    let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .connect(host: "127.0.0.1", port: port) { channel in
            channel.eventLoop.makeCompletedFuture {
                try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
            }
        }
    return try await channel.executeThenClose { inbound, outbound in
        var peer = RawPeer(inbound, outbound)
        return try await body(&peer)
    }
}

/// Listens on a loopback port, runs `connect` with it (our client connecting), and hands the
/// accepted raw peer and the client's connection to `body`. Closes both afterwards.
func withRawServer<T: Sendable>(
    connect: @escaping @Sendable (Int) async throws -> RSocketConnection,
    _ body: (RSocketConnection, inout RawPeer) async throws -> T
) async throws -> T {
    let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .bind(host: "127.0.0.1", port: 0) { channel in
            channel.eventLoop.makeCompletedFuture {
                try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
            }
        }
    guard let port = server.channel.localAddress?.port else { throw TestSetupError("no bound port") }
    return try await server.executeThenClose { accepted in
        let connecting = Task { try await connect(port) }
        var iterator = accepted.makeAsyncIterator()
        guard let child = try await iterator.next() else { throw TestSetupError("no connection accepted") }
        let connection = try await connecting.value
        let result = try await child.executeThenClose { inbound, outbound in
            var peer = RawPeer(inbound, outbound)
            return try await body(connection, &peer)
        }
        await connection.close()
        return result
    }
}
