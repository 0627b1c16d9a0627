import DatabaseTestSupport
import NIOCore
import Synchronization
import Testing
@testable import MetricsRSocket

/// Our client against our server over loopback.
@Suite struct ConnectionTests {
    private func connect(
        _ server: TestServer, setup: SetupParameters = .init(), responder: any RSocketResponder = TestResponder()
    ) async throws -> RSocketConnection {
        try await RSocketConnection.connect(
            host: "127.0.0.1", port: server.port, setup: setup, responder: responder, logger: testLogger)
    }

    @Test func requestsFlowBothWays() async throws {
        try await withTimeout("requests both ways") {
            let server = try await TestServer.start()
            let (clientFNFs, clientFNFSink) = AsyncStream<Payload>.makeStream()
            let client = try await connect(server, responder: TestResponder(fnf: { clientFNFSink.yield($0) }))
            let serverSide = try await server.nextConnection()

            let reply = try await client.requestResponse(payload("ping", metadata: "m1"))
            #expect(reply == payload("echo:ping", metadata: "m1"))
            try await client.fireAndForget(payload("to-server", metadata: "m2"))
            #expect(try await server.nextFNF() == payload("to-server", metadata: "m2"))

            let back = try await serverSide.requestResponse(payload("pong"))
            #expect(back == payload("echo:pong"))
            try await serverSide.fireAndForget(payload("to-client", metadata: "m3"))
            var iterator = clientFNFs.makeAsyncIterator()
            #expect(await iterator.next() == payload("to-client", metadata: "m3"))

            #expect(client.peerDescription == "127.0.0.1:\(server.port)")
            #expect(serverSide.peerDescription.hasPrefix("127.0.0.1:"))
            await client.close()
            await server.server.close()
        }
    }

    /// The acceptor asks the client something before it returns the responder; a request the
    /// client sent meanwhile waits for the responder and is then served.
    @Test func theAcceptorCanRequestBeforeAccepting() async throws {
        try await withTimeout("acceptor requests") {
            let (answers, sink) = AsyncStream<Payload>.makeStream()
            let server = try await RSocketServer.bind(host: "127.0.0.1", port: 0, logger: testLogger) { _, connection in
                guard let answer = try? await connection.requestResponse(payload("who are you?")) else { return nil }
                sink.yield(answer)
                return TestResponder()
            }
            let client = try await RSocketConnection.connect(
                host: "127.0.0.1", port: server.port, responder: TestResponder(), logger: testLogger)
            let early = try await client.requestResponse(payload("early"))
            #expect(early == payload("echo:early"))
            var iterator = answers.makeAsyncIterator()
            #expect(await iterator.next() == payload("echo:who are you?"))
            await client.close()
            await server.close()
        }
    }

    @Test func largePayloadsTravelUnfragmented() async throws {
        try await withTimeout("large payload") {
            let server = try await TestServer.start(rr: { $0 })
            let client = try await connect(server)
            let big = Payload(
                metadata: ByteBuffer(repeating: 7, count: 100_000), data: ByteBuffer(repeating: 9, count: 8 << 20))
            #expect(try await client.requestResponse(big) == big)
            let tooBig = Payload(data: ByteBuffer(repeating: 1, count: 16 << 20))
            let error = await #expect(throws: MetricsRSocketError.self) { try await client.requestResponse(tooBig) }
            #expect(error?.code == .frameTooLarge)
            #expect(client.isActive)
            await client.close()
            await server.server.close()
        }
    }

    @Test func fiftyConcurrentRequests() async throws {
        try await withTimeout("50 concurrent requests") {
            let server = try await TestServer.start()
            let client = try await connect(server)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<50 {
                    group.addTask {
                        let reply = try await client.requestResponse(payload("\(index)", metadata: "n\(index)"))
                        #expect(reply == payload("echo:\(index)", metadata: "n\(index)"))
                    }
                }
                try await group.waitForAll()
            }
            await client.close()
            await server.server.close()
        }
    }

    /// The responder answers in the reverse order of the requests; every reply still reaches
    /// its own requester, matched by stream id.
    @Test func repliesAreMatchedByStreamID() async throws {
        try await withTimeout("out-of-order replies") {
            let gates = Gates()
            let server = try await TestServer.start(rr: { request in
                await gates.wait(request.dataString)
                return payload("reply-" + request.dataString)
            })
            let client = try await connect(server)
            let names = (0..<5).map { "r\($0)" }
            let answered = Recorder()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for name in names {
                    group.addTask {
                        let reply = try await client.requestResponse(payload(name))
                        #expect(reply.dataString == "reply-" + name)
                        await answered.add(name)
                    }
                }
                try await waitUntil("all requests reach the responder") { await gates.count == names.count }
                for name in names.reversed() {
                    await gates.open(name)
                    try await waitUntil("reply to \(name)") { await answered.items.contains(name) }
                }
                try await group.waitForAll()
            }
            #expect(await answered.items == names.reversed())
            await client.close()
            await server.server.close()
        }
    }

    @Test func cancelingTheRequesterCancelsTheResponderTask() async throws {
        try await withTimeout("cancel") {
            let (events, sink) = AsyncStream<String>.makeStream()
            let server = try await TestServer.start(rr: { request in
                guard request.dataString == "slow" else { return payload("echo:" + request.dataString) }
                sink.yield("started")
                do {
                    try await Task.sleep(for: .seconds(60))  // hangs until canceled
                } catch {
                    sink.yield(error is CancellationError ? "canceled" : "other error")
                    throw error
                }
                return request
            })
            let client = try await connect(server)
            var iterator = events.makeAsyncIterator()
            let request = Task { try await client.requestResponse(payload("slow")) }
            #expect(await iterator.next() == "started")
            request.cancel()
            await #expect(throws: CancellationError.self) { try await request.value }
            #expect(await iterator.next() == "canceled")
            // The connection keeps working.
            #expect(try await client.requestResponse(payload("after")).dataString == "echo:after")
            await client.close()
            await server.server.close()
        }
    }

    @Test func errorRepliesSurfaceAsRejectedWithTheirCode() async throws {
        struct Refusal: Error, CustomStringConvertible { var description: String { "disk on fire" } }
        try await withTimeout("error replies") {
            let server = try await TestServer.start(rr: { request in
                switch request.dataString {
                case "reject": throw RSocketError(.rejected, "not today")
                case "fail": throw Refusal()
                default: return request
                }
            })
            let client = try await connect(server, responder: RejectingResponder())
            for (input, code, text) in [
                ("reject", RSocketErrorCode.rejected, "REJECTED (0x202): not today"),
                ("fail", .applicationError, "APPLICATION_ERROR (0x201): disk on fire"),
            ] {
                do {
                    _ = try await client.requestResponse(payload(input))
                    Issue.record("\(input) should have failed")
                } catch let error as MetricsRSocketError {
                    #expect(error.code == .rejected)
                    #expect(error.rsocketErrorCode == code)
                    #expect(error.message.contains(text), "\(error.message)")
                }
            }
            // The server's connection requests from a client whose responder serves nothing.
            let serverSide = try await server.nextConnection()
            let error = await #expect(throws: MetricsRSocketError.self) {
                try await serverSide.requestResponse(payload("anything"))
            }
            #expect(error?.rsocketErrorCode == .applicationError)
            #expect(error?.message.contains("not supported") == true)
            await client.close()
            await server.server.close()
        }
    }

    @Test func refusedSetupClosesTheClientWithRejectedSetup() async throws {
        try await withTimeout("refused setup") {
            let server = try await TestServer.start(accept: false)
            let client = try await connect(server)
            let reason = await client.closed()
            #expect(reason?.code == .rejected)
            #expect(reason?.rsocketErrorCode == .rejectedSetup)
            #expect(!client.isActive)
            let error = await #expect(throws: MetricsRSocketError.self) {
                try await client.requestResponse(payload("x"))
            }
            #expect(error?.code == .connectionClosed)
            await server.server.close()
        }
    }

    @Test func closeFailsPendingRequestsAndIsIdempotent() async throws {
        try await withTimeout("close") {
            let (events, sink) = AsyncStream<String>.makeStream()
            let server = try await TestServer.start(rr: { request in
                sink.yield("started")
                try await Task.sleep(for: .seconds(60))
                return request
            })
            let client = try await connect(server)
            let serverSide = try await server.nextConnection()
            let request = Task { try await client.requestResponse(payload("slow")) }
            var iterator = events.makeAsyncIterator()
            #expect(await iterator.next() == "started")
            await client.close()
            await client.close()
            let error = await #expect(throws: MetricsRSocketError.self) { try await request.value }
            #expect(error?.code == .connectionClosed)
            #expect(await client.closed() == nil)
            #expect(!client.isActive)
            let serverReason = await serverSide.closed()
            #expect(serverReason?.code == .connectionClosed)
            await #expect(throws: MetricsRSocketError.self) { try await client.fireAndForget(payload("late")) }
            await server.server.close()
        }
    }

    @Test func connectingToAClosedPortSaysConnectionRefused() async throws {
        let port = try closedLoopbackPort()
        let error = await #expect(throws: MetricsRSocketError.self) {
            try await RSocketConnection.connect(
                host: "127.0.0.1", port: port, responder: TestResponder(), logger: testLogger)
        }
        #expect(error?.code == .connectionClosed)
        #expect(error?.message == "cannot connect to RSocket proxy at 127.0.0.1:\(port): connection refused")
    }

    /// The keepalive settings travel in the SETUP and both sides keep the connection up; that
    /// KEEPALIVEs carry a connection through several lifetimes is shown on a clock the test
    /// moves (KeepaliveTests), where a stalled machine cannot pass for a silent peer.
    @Test func keepaliveSettingsReachTheServer() async throws {
        try await withTimeout("keepalive settings") {
            let server = try await TestServer.start()
            let setup = SetupParameters(keepaliveInterval: .milliseconds(25), maxLifetime: .seconds(600))
            let client = try await connect(server, setup: setup)
            let serverSide = try await server.nextConnection()
            let info = await server.setups.first { _ in true }
            #expect(info?.keepaliveInterval == .milliseconds(25))
            #expect(info?.maxLifetime == .seconds(600))
            #expect(info?.version == RSocketVersion(major: 1, minor: 0))
            #expect(client.isActive && serverSide.isActive)
            #expect(try await client.requestResponse(payload("still")).dataString == "echo:still")
            await client.close()
            await server.server.close()
        }
    }
}

/// Strings collected from several tasks.
actor Recorder {
    private(set) var items: [String] = []
    func add(_ item: String) { items.append(item) }
}

/// Requests that wait until the test opens their gate.
actor Gates {
    private var waiting: [String: CheckedContinuation<Void, Never>] = [:]
    private var opened: Set<String> = []

    var count: Int { waiting.count }

    func wait(_ name: String) async {
        if opened.contains(name) { return }
        await withCheckedContinuation { waiting[name] = $0 }
    }

    func open(_ name: String) {
        opened.insert(name)
        waiting.removeValue(forKey: name)?.resume()
    }
}
