import DatabaseTestSupport
import Foundation
import NIOCore
import Testing
@testable import MetricsRSocket

/// Against rsocket-py 0.4.20, an independent implementation, run as a real process.
@Suite struct InteropTests {
    static let scripts = URL(fileURLWithPath: PythonPeer.script("rsocket_py_server.py")).deletingLastPathComponent()

    @Test func ourClientAgainstAnRSocketPyServer() async throws {
        try await withTimeout("rsocket-py server") {
            try await withTemporaryDirectory { directory in
                let script = Self.scripts.appendingPathComponent("rsocket_py_server.py").path
                let python = try TestProcess("/usr/bin/env", ["python3", script], in: directory)
                try await python.waitForOutput(containing: "listening ")
                let line = python.stdout.split(separator: "\n").first { $0.hasPrefix("listening ") }
                let port = try #require(line.flatMap { Int($0.dropFirst("listening ".count)) })

                let (fnfs, fnfSink) = AsyncStream<Payload>.makeStream()
                let responder = TestResponder(
                    fnf: { fnfSink.yield($0) },
                    rr: { request in
                        struct Failure: Error, CustomStringConvertible { var description: String { "responder failed" } }
                        if request.dataString == "fail" { throw Failure() }
                        return Payload(metadata: request.metadata, data: ByteBuffer(string: "pong:" + request.dataString))
                    })
                // Keepalives every 50 ms, which rsocket-py echoes; a lifetime no stall of a loaded
                // machine reaches, so only a real fault could end the connection.
                let setup = SetupParameters(keepaliveInterval: .milliseconds(50), maxLifetime: hangLimit)
                let client = try await RSocketConnection.connect(
                    host: "127.0.0.1", port: port, setup: setup, responder: responder, logger: testLogger)

                let reply = try await client.requestResponse(payload("hello", metadata: "swift-meta"))
                #expect(reply == payload("echo:hello", metadata: "swift-meta"))
                let error = await #expect(throws: MetricsRSocketError.self) {
                    try await client.requestResponse(payload("fail"))
                }
                #expect(error?.rsocketErrorCode == .applicationError)
                #expect(error?.message.contains("python refuses") == true)
                try await client.fireAndForget(payload("fnf-from-swift", metadata: "swift-meta"))

                var iterator = fnfs.makeAsyncIterator()
                #expect(await iterator.next() == payload("fnf-from-python", metadata: "fnf-meta"))
                try await python.waitForOutput(containing: "python-requests-ok")
                #expect(client.isActive)
                await client.close()
                let outcome = try await python.wait()
                #expect(outcome.status == 0, "\(outcome)")
                #expect(outcome.stdout.contains("python-done"), "\(outcome)")
            }
        }
    }

    @Test func anRSocketPyClientAgainstOurServer() async throws {
        try await withTimeout("rsocket-py client") {
            try await withTemporaryDirectory { directory in
                let (replies, replySink) = AsyncStream<Payload>.makeStream()
                let (setups, setupSink) = AsyncStream<RSocketServer.SetupInfo>.makeStream()
                let (fnfs, fnfSink) = AsyncStream<Payload>.makeStream()
                // The server sends its final "bye" only once the client's fire-and-forget has
                // arrived: the client closes on "bye", and a frame it had queued but not yet
                // flushed would be lost (a flake seen under load).
                let (fnfSeen, fnfSeenSink) = AsyncStream<Void>.makeStream()
                let responder = TestResponder(
                    fnf: { fnfSink.yield($0); fnfSeenSink.yield() },
                    rr: { request in
                        if request.dataString == "fail" { throw RSocketError(.applicationError, "server refuses") }
                        return Payload(metadata: request.metadata, data: ByteBuffer(string: "echo:" + request.dataString))
                    })
                let server = try await RSocketServer.bind(host: "127.0.0.1", port: 0, logger: testLogger) {
                    setup, connection in
                    setupSink.yield(setup)
                    Task {
                        // The server side's own request (stream 2), then the client's cue to finish.
                        let reply = try await connection.requestResponse(payload("from-server", metadata: "s-meta"))
                        replySink.yield(reply)
                        var seen = fnfSeen.makeAsyncIterator()
                        _ = await seen.next()
                        try await connection.fireAndForget(payload("bye"))
                    }
                    return responder
                }
                let script = Self.scripts.appendingPathComponent("rsocket_py_client.py").path
                let python = try TestProcess("/usr/bin/env", ["python3", script, "\(server.port)"], in: directory)
                // When the client ends (early, if it failed), the streams end too, so an
                // expectation below fails at once with the client's output instead of hanging.
                let watcher = Task {
                    let outcome = try await python.wait()
                    setupSink.finish()
                    replySink.finish()
                    fnfSink.finish()
                    return outcome
                }

                var setupIterator = setups.makeAsyncIterator()
                guard let setup = await setupIterator.next() else {
                    Issue.record("the rsocket-py client ended before its SETUP: \(try await watcher.value)")
                    return
                }
                #expect(setup.dataMimeType == "application/octet-stream")
                #expect(setup.metadataMimeType == "application/binary")
                // rsocket-py 0.4.20 announces 100 ms as 200 ms (it counts the microseconds twice).
                #expect(setup.keepaliveInterval == .milliseconds(200))
                #expect(setup.maxLifetime == .seconds(600))
                #expect(setup.payload == payload("setup-data", metadata: "setup-meta"))
                var replyIterator = replies.makeAsyncIterator()
                #expect(await replyIterator.next() == payload("client-echo:from-server", metadata: "s-meta"))
                var fnfIterator = fnfs.makeAsyncIterator()
                let fnf = await fnfIterator.next()
                let outcome = try await watcher.value
                #expect(fnf == payload("fnf-from-python", metadata: "fnf-meta"), "\(outcome)")
                #expect(outcome.status == 0, "\(outcome)")
                #expect(outcome.stdout.contains("python-client-ok"), "\(outcome)")
                await server.close()
            }
        }
    }
}
