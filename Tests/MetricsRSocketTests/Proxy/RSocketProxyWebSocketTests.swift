import DatabaseTestSupport
import Foundation
import Testing

/// The real `rsocket-proxy` with a Python client playing the Java client with transport
/// WEBSOCKET (rsocket-py's aiohttp WebSocket transport: one frame per binary message).
@Suite("rsocket-proxy's WebSocket port with a Java-like client")
struct RSocketProxyWebSocketTests {
    @Test("a client over WebSocket is scraped, its push acknowledged and served after it left")
    func scrapeAndPush() async throws {
        try await withTemporaryDirectory { directory in
            let proxy = try await RSocketProxyTests.Proxy(in: directory)
            let file = directory.appendingPathComponent("ws.prom")
            try "# TYPE ws_jobs_total counter\nws_jobs_total{application=\"ws-7\"} 7.0\n".write(to: file, atomically: true, encoding: .utf8)
            let client = try await PythonPeer(
                "fake_java_client.py", ["--websocket", "--port", "\(proxy.webSocketPort)", "--text", file.path], in: directory)
            #expect(try await client.line(startingWith: "key ") == "2048")
            let text = try await proxy.get("/metrics/connected")
            #expect(text.contains("ws_jobs_total{application=\"ws-7\"} 7.0\n"), "\(text)")
            _ = try await client.line(startingWith: "scraped 1")
            try "ws_final_total{application=\"ws-7\"} 1.0\n".write(to: file, atomically: true, encoding: .utf8)
            try client.send("push")
            #expect(try await client.line(startingWith: "push-acked ") == "0")
            try client.send("quit")
            _ = try await client.process.wait()
            try await proxy.waitForNoClients()
            #expect(try await proxy.get("/metrics/connected").contains("ws_final_total{application=\"ws-7\"} 1.0"))
            #expect(try await proxy.stop().status == 0)
        }
    }

    @Test("--no-websocket: no WebSocket port in the listening line; the Java alias sets the port")
    func options() async throws {
        try await withTemporaryDirectory { directory in
            let off = try TestProcess(
                "rsocket-proxy", ["--host", "127.0.0.1", "--rsocket-port", "0", "--http-port", "0", "--no-websocket"], in: directory)
            try await off.waitForOutput(containing: "\n")
            #expect(off.stdout.hasPrefix("rsocket-proxy listening rsocket=") && !off.stdout.contains("websocket="), "\(off.stdout)")
            off.signal(SIGTERM)
            #expect(try await off.wait().status == 0)
            let port = try closedLoopbackPort()
            let aliased = try TestProcess(
                "rsocket-proxy",
                ["--host", "127.0.0.1", "--rsocket-port", "0", "--http-port", "0", "--micrometer.prometheus-proxy.websocket-port=\(port)"],
                in: directory)
            try await aliased.waitForOutput(containing: "\n")
            #expect(aliased.stdout.contains("websocket=\(port)\n"), "\(aliased.stdout)")
            aliased.signal(SIGTERM)
            #expect(try await aliased.wait().status == 0)
        }
    }
}
