import Logging
import NIOCore
import Testing

@testable import MetricsRSocket

/// Our WebSocket server transport seen from a hand-written client: the handshake bytes, and
/// WebSocket frames built here by hand (RFC 6455), so every frame kind reaches the adapter.
@Suite("RSocket over WebSocket on the wire")
struct WebSocketWireTests {
    /// A client frame: FIN and opcode, the mask bit with a fixed key, the masked payload.
    static func clientFrame(_ opcode: UInt8, _ payload: [UInt8], fin: Bool = true) -> [UInt8] {
        let key: [UInt8] = [0x12, 0x34, 0x56, 0x78]
        var bytes: [UInt8] = [(fin ? 0x80 : 0) | opcode]
        if payload.count < 126 {
            bytes.append(0x80 | UInt8(payload.count))
        } else {
            bytes += [0x80 | 126, UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
        }
        bytes += key
        bytes += payload.enumerated().map { $0.element ^ key[$0.offset % 4] }
        return bytes
    }

    /// Reads one server frame (never masked, payloads under 64 KiB here): opcode and payload.
    static func serverFrame(_ peer: inout RawPeer) async throws -> (opcode: UInt8, payload: [UInt8])? {
        guard let head = try await peer.readBytes(2) else { return nil }
        #expect(head[1] & 0x80 == 0, "server frames are never masked")
        var length = Int(head[1] & 0x7F)
        if length == 126 {
            guard let extended = try await peer.readBytes(2) else { return nil }
            length = Int(extended[0]) << 8 | Int(extended[1])
        }
        guard let payload = try await peer.readBytes(length) else { return nil }
        return (head[0] & 0x0F, payload)
    }

    /// The next server frame that is not one of the server's own KEEPALIVEs (R set, sent every
    /// 20 s of the Java SETUP), which come between the test's frames on a machine that stalled
    /// that long (a CI run under load took 58 s over this test).
    static func serverFrameSkippingKeepalives(_ peer: inout RawPeer) async throws -> (opcode: UInt8, payload: [UInt8])? {
        while let frame = try await serverFrame(&peer) {
            let isKeepalive = frame.opcode == 0x2 && frame.payload.count >= 6 && frame.payload[4] == 0x0C && frame.payload[5] & 0x80 != 0
            if !isKeepalive { return frame }
        }
        return nil
    }

    /// The upgrade request for `path`, with RFC 6455's example key.
    static func upgradeRequest(path: String = "/rsocket") -> [UInt8] {
        Array(
            ("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").utf8)
    }

    static func upgrade(_ peer: inout RawPeer, path: String = "/rsocket") async throws -> String {
        try await peer.send(upgradeRequest(path: path))
        let response = try #require(try await peer.readThrough(Array("\r\n\r\n".utf8)))
        return String(decoding: response, as: UTF8.self)
    }

    @Test("handshake on any path; a SETUP in two fragments; KEEPALIVE echoed in one binary message; ping answered")
    func fragmentsPingKeepalive() async throws {
        try await withTimeout("WebSocket wire") {
            let setups = AsyncStream<RSocketServer.SetupInfo>.makeStream()
            let server = try await RSocketServer.bind(host: "127.0.0.1", port: 0, transport: .webSocket(), logger: testLogger) {
                setup, _ in
                setups.continuation.yield(setup)
                return TestResponder()
            }
            try await withRawClient(port: server.port) { peer in
                let response = try await Self.upgrade(&peer)
                #expect(response.hasPrefix("HTTP/1.1 101"), "\(response)")
                // RFC 6455's example key gives this accept value.
                #expect(response.lowercased().contains("sec-websocket-accept: s3pplmbitxaq9kygzzhzrbk+xoo="), "\(response)")
                let setup = Array(javaSetupBytes.dropFirst(3))
                try await peer.send(Self.clientFrame(0x2, Array(setup.prefix(10)), fin: false))
                try await peer.send(Self.clientFrame(0x0, Array(setup.dropFirst(10))))
                var iterator = setups.stream.makeAsyncIterator()
                let info = try #require(await iterator.next())
                #expect(info.keepaliveInterval == .seconds(20) && info.dataMimeType == "application/binary")
                try await peer.send(Self.clientFrame(0x9, Array("hello".utf8)))
                let pong = try #require(try await Self.serverFrameSkippingKeepalives(&peer))
                #expect(pong.opcode == 0xA && pong.payload == Array("hello".utf8))
                try await peer.send(Self.clientFrame(0x2, Array(keepaliveRespondBytes.dropFirst(3))))
                let echo = try #require(try await Self.serverFrameSkippingKeepalives(&peer))
                #expect(echo.opcode == 0x2 && echo.payload == Array(keepaliveEchoBytes.dropFirst(3)), "\(echo)")
                // A close is echoed, then the server ends the connection.
                try await peer.send(Self.clientFrame(0x8, [0x03, 0xE8]))
                let close = try #require(try await Self.serverFrameSkippingKeepalives(&peer))
                #expect(close.opcode == 0x8 && close.payload == [0x03, 0xE8], "\(close)")
                #expect(try await peer.readBytes(1) == nil)
            }
            await server.close()
        }
    }

    @Test("a text message is a protocol error: the connection is closed with the reason")
    func textMessage() async throws {
        try await withTimeout("WebSocket text") {
            let connections = AsyncStream<RSocketConnection>.makeStream()
            let server = try await RSocketServer.bind(host: "127.0.0.1", port: 0, transport: .webSocket(), logger: testLogger) {
                _, connection in
                connections.continuation.yield(connection)
                return TestResponder()
            }
            try await withRawClient(port: server.port) { peer in
                _ = try await Self.upgrade(&peer, path: "/")
                try await peer.send(Self.clientFrame(0x2, Array(javaSetupBytes.dropFirst(3))))
                var iterator = connections.stream.makeAsyncIterator()
                let connection = try #require(await iterator.next())
                try await peer.send(Self.clientFrame(0x1, Array("{\"hello\":1}".utf8)))
                let reason = await connection.closed()
                #expect(reason?.code == .malformedFrame && reason?.message.contains("text message") == true, "\(String(describing: reason))")
            }
            await server.close()
        }
    }
}
