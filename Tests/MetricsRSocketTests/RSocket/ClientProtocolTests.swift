import DatabaseTestSupport
import NIOCore
import Testing
@testable import MetricsRSocket

/// Our client against a raw TCP peer in the server's role.
@Suite struct ClientProtocolTests {
    /// A lifetime no stall of a loaded machine reaches: the raw peer answers no KEEPALIVE.
    private static let patientSetup = SetupParameters(maxLifetime: hangLimit)

    private static func connector(
        _ setup: SetupParameters = patientSetup, responder: any RSocketResponder = TestResponder()
    ) -> @Sendable (Int) async throws -> RSocketConnection {
        { port in
            try await RSocketConnection.connect(
                host: "127.0.0.1", port: port, setup: setup, responder: responder, logger: testLogger)
        }
    }

    @Test func defaultSetupIsByteForByteTheJavaClients() async throws {
        try await withTimeout("setup bytes") {
            try await withRawServer(connect: Self.connector(SetupParameters())) { _, peer in
                let first = try await peer.readFrameBytes()
                #expect(first == javaSetupBytes)
            }
        }
    }

    @Test func setupCarriesCustomParameters() async throws {
        try await withTimeout("custom setup") {
            let setup = SetupParameters(
                keepaliveInterval: .milliseconds(1500), maxLifetime: .seconds(7), metadataMimeType: "message/x.rsocket",
                dataMimeType: "application/json", payload: payload("{}", metadata: "m"))
            try await withRawServer(connect: Self.connector(setup)) { _, peer in
                let first = try await peer.readFrame()
                #expect(first == .setup(Frame.Setup(
                    keepaliveInterval: 1500, maxLifetime: 7000, metadataMimeType: "message/x.rsocket",
                    dataMimeType: "application/json", payload: payload("{}", metadata: "m"))))
            }
        }
    }

    @Test func aMalformedFrameFromTheServerClosesTheClient() async throws {
        try await withTimeout("client malformed") {
            try await withRawServer(connect: Self.connector()) { connection, peer in
                _ = try await peer.readFrame()  // SETUP
                try await peer.send(hex("00 00 08 00 00 00 02 11 00 00 05"))  // REQUEST_RESPONSE, M flag, truncated length
                let frames = try await peer.readUntilClosed()
                #expect(frames.last.map { if case .error(0, .connectionError, _) = $0 { true } else { false } } == true)
                let reason = await connection.closed()
                #expect(reason?.code == .malformedFrame)
                #expect(!connection.isActive)
            }
        }
    }

    /// How many KEEPALIVEs fit in the lifetime depends on how the loaded machine schedules the
    /// timers (KeepaliveTests counts them on a clock the test moves); here: at least one was
    /// sent, the connection ended with the lifetime's reason, and not before the lifetime.
    @Test func aSilentServerIsClosedAfterTheMaxLifetime() async throws {
        try await withTimeout("client lifetime") {
            let setup = SetupParameters(keepaliveInterval: .milliseconds(100), maxLifetime: .milliseconds(400))
            let started = ContinuousClock.now
            try await withRawServer(connect: Self.connector(setup)) { connection, peer in
                let frames = try await peer.readUntilClosed()
                #expect(frames.contains(.keepalive(respond: true, lastReceivedPosition: 0, data: ByteBuffer())), "\(frames)")
                guard case .error(0, .connectionError, let message)? = frames.last else {
                    Issue.record("expected ERROR CONNECTION_ERROR last, got \(frames)")
                    return
                }
                #expect(message.contains("no KEEPALIVE for 400 ms"), "\(message)")
                let reason = await connection.closed()
                #expect(reason?.code == .timedOut)
                #expect(reason?.message.contains("400 ms") == true)
                // Never before the lifetime (less a margin: NIO's timers and this clock are different clocks).
                #expect(ContinuousClock.now - started >= .milliseconds(350))
            }
        }
    }

    @Test func theClientKeepsSendingKeepalivesAtItsInterval() async throws {
        try await withTimeout("client keepalives") {
            // A lifetime far beyond the test: only the KEEPALIVEs are awaited.
            let setup = SetupParameters(keepaliveInterval: .milliseconds(50), maxLifetime: .seconds(600))
            try await withRawServer(connect: Self.connector(setup)) { connection, peer in
                _ = try await peer.readFrame()  // SETUP
                for _ in 0..<3 {
                    #expect(try await peer.readFrame() == .keepalive(respond: true, lastReceivedPosition: 0, data: ByteBuffer()))
                }
                #expect(connection.isActive)
            }
        }
    }

    @Test func fragmentedRepliesAreReassembled() async throws {
        try await withTimeout("fragmented reply") {
            try await withRawServer(connect: Self.connector()) { connection, peer in
                _ = try await peer.readFrame()  // SETUP
                async let reply = connection.requestResponse(payload("question", metadata: "q"))
                #expect(try await peer.readFrameSkippingKeepalives() == .requestResponse(
                    streamID: 1, follows: false, payload: payload("question", metadata: "q")))
                try await peer.send(.payload(streamID: 1, follows: true, complete: false, next: true,
                                             payload: payload("ans", metadata: "m")))
                try await peer.send(.payload(streamID: 1, follows: false, complete: true, next: true,
                                             payload: payload("wer")))
                #expect(try await reply == payload("answer", metadata: "m"))
            }
        }
    }

    @Test func cancelingARequestSendsCancel() async throws {
        try await withTimeout("client cancel") {
            try await withRawServer(connect: Self.connector()) { connection, peer in
                _ = try await peer.readFrame()  // SETUP
                let request = Task { try await connection.requestResponse(payload("never answered")) }
                #expect(try await peer.readFrameSkippingKeepalives() == .requestResponse(
                    streamID: 1, follows: false, payload: payload("never answered")))
                request.cancel()
                #expect(try await peer.readFrameSkippingKeepalives() == .cancel(streamID: 1))
                await #expect(throws: CancellationError.self) { try await request.value }
                // A late reply for the canceled stream is ignored; the next request uses stream 3.
                try await peer.send(.payload(streamID: 1, follows: false, complete: true, next: true, payload: payload("late")))
                async let next = connection.requestResponse(payload("again"))
                #expect(try await peer.readFrameSkippingKeepalives() == .requestResponse(streamID: 3, follows: false, payload: payload("again")))
                try await peer.send(.payload(streamID: 3, follows: false, complete: true, next: true, payload: payload("ok")))
                #expect(try await next == payload("ok"))
            }
        }
    }

    @Test func aConnectionErrorFromTheServerFailsPendingRequests() async throws {
        try await withTimeout("server error") {
            try await withRawServer(connect: Self.connector()) { connection, peer in
                _ = try await peer.readFrame()  // SETUP
                async let reply = connection.requestResponse(payload("pending"))
                _ = try await peer.readFrame()
                try await peer.send(.error(streamID: 0, code: .connectionClose, message: "going away"))
                do {
                    _ = try await reply
                    Issue.record("the pending request should fail")
                } catch let error as MetricsRSocketError {
                    #expect(error.code == .connectionClosed)
                    #expect(error.message.contains("CONNECTION_CLOSE (0x102): going away"), "\(error.message)")
                    #expect(error.rsocketErrorCode == .connectionClose)
                }
                let reason = await connection.closed()
                #expect(reason?.code == .connectionClosed)
                #expect(reason?.rsocketErrorCode == .connectionClose)
            }
        }
    }

    @Test func theServerMustUseEvenStreamIDs() async throws {
        try await withTimeout("server parity") {
            try await withRawServer(connect: Self.connector()) { connection, peer in
                _ = try await peer.readFrame()  // SETUP
                try await peer.send(.requestResponse(streamID: 2, follows: false, payload: payload("fine")))
                #expect(try await peer.readFrameSkippingKeepalives() == .payload(streamID: 2, follows: false, complete: true, next: true,
                                                               payload: payload("echo:fine")))
                try await peer.send(.requestFireAndForget(streamID: 5, follows: false, payload: payload("odd")))
                let frames = try await peer.readUntilClosed()
                guard case .error(0, .connectionError, let message)? = frames.last else {
                    Issue.record("expected ERROR CONNECTION_ERROR, got \(frames)")
                    return
                }
                #expect(message.contains("must be even"))
                #expect(await connection.closed()?.code == .protocolViolation)
            }
        }
    }
}
