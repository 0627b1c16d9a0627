import DatabaseTestSupport
import Foundation
import Testing

/// The real `rsocket-proxy` executable with Python clients playing the Java client
/// (rsocket-py + `cryptography`: the Java client's SETUP and encryption).
@Suite("rsocket-proxy with Java-like clients", .serialized)
struct RSocketProxyTests {
    /// A running `rsocket-proxy` on free loopback ports.
    struct Proxy {
        let process: TestProcess
        let rsocketPort: Int
        let httpPort: Int
        let webSocketPort: Int

        /// Starts the proxy on loopback with `arguments` added; unless they say otherwise, with a
        /// scrape timeout no stall of a loaded machine reaches.
        init(in directory: URL, _ arguments: [String] = [], host: String = "127.0.0.1") async throws {
            let scrapeTimeout = arguments.contains("--scrape-timeout") ? [] : ["--scrape-timeout", "60s"]
            process = try TestProcess(
                "rsocket-proxy",
                ["--host", host, "--rsocket-port", "0", "--websocket-port", "0", "--http-port", "0"] + scrapeTimeout + arguments, in: directory)
            try await process.waitForOutput(containing: "\n")
            let line = try #require(process.stdout.split(separator: "\n").first { $0.hasPrefix("rsocket-proxy listening") })
            var ports: [String: Int] = [:]
            for part in line.split(separator: " ") {
                let pair = part.split(separator: "=")
                if pair.count == 2, let port = Int(pair[1]) { ports[String(pair[0])] = port }
            }
            rsocketPort = try #require(ports["rsocket"], "\(line)")
            httpPort = try #require(ports["http"], "\(line)")
            webSocketPort = try #require(ports["websocket"], "\(line)")
        }

        func get(_ path: String) async throws -> String {
            let response = try await httpGet("http://127.0.0.1:\(httpPort)\(path)")
            #expect(response.status == 200)
            return response.body
        }

        /// Waits until a scrape finds no live client: the proxy learns of a disconnection from its socket.
        func waitForNoClients() async throws {
            try await poll("the proxy to see the client leave") {
                _ = try await get("/metrics/connected")
                return try await get("/metrics/proxy").contains("prometheus_proxy_scrape_active_connections 0.0")
            }
        }

        func stop() async throws -> TestProcess.Outcome {
            process.signal(SIGTERM)
            return try await process.wait()
        }
    }

    static func client(_ proxy: Proxy, text: String, in directory: URL, name: String, _ extra: [String] = []) async throws -> PythonPeer {
        let file = directory.appendingPathComponent("\(name).prom")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let client = try await PythonPeer(
            "fake_java_client.py", ["--port", "\(proxy.rsocketPort)", "--text", file.path] + extra, in: directory)
        _ = try await client.line(startingWith: "key ")
        return client
    }

    @Test("a Java-like client's metrics appear in /metrics/connected, decrypted from its reply to a 2048-bit key")
    func scrape() async throws {
        try await withTemporaryDirectory { directory in
            let proxy = try await Proxy(in: directory)
            let client = try await Self.client(
                proxy, text: "# HELP jobs_total Jobs\n# TYPE jobs_total counter\njobs_total{application=\"java-1\"} 7.0\n",
                in: directory, name: "java")
            #expect(try await client.line(startingWith: "key ") == "2048")
            let text = try await proxy.get("/metrics/connected")
            #expect(text.contains("jobs_total{application=\"java-1\"} 7.0\n"), "\(text)")
            _ = try await client.line(startingWith: "scraped 1")
            let own = try await proxy.get("/metrics/proxy")
            #expect(own.contains("prometheus_proxy_scrape_seconds_count{outcome=\"success\"} 1.0"), "\(own)")
            #expect(own.contains("prometheus_proxy_scrape_active_connections 1.0"), "\(own)")
            #expect(own.contains("prometheus_proxy_scrape_payload_bytes_count 1.0"), "\(own)")
            try client.send("quit")
            _ = try await client.process.wait()
            #expect(try await proxy.stop().status == 0)
        }
    }

    @Test("two clients with the same families: HELP and TYPE once, both clients' samples")
    func twoClients() async throws {
        try await withTemporaryDirectory { directory in
            let proxy = try await Proxy(in: directory)
            var clients: [PythonPeer] = []
            for name in ["a-1", "b-2"] {
                clients.append(
                    try await Self.client(
                        proxy,
                        text: "# HELP up_seconds Up\n# TYPE up_seconds summary\nup_seconds_count{application=\"\(name)\"} 1.0\n",
                        in: directory, name: name))
            }
            let text = try await proxy.get("/metrics/connected")
            #expect(text.components(separatedBy: "# TYPE up_seconds summary").count == 2, "\(text)")
            #expect(text.components(separatedBy: "# HELP up_seconds Up").count == 2, "\(text)")
            #expect(text.contains("up_seconds_count{application=\"a-1\"} 1.0") && text.contains("up_seconds_count{application=\"b-2\"} 1.0"))
            for client in clients { await client.stop() }
            _ = try await proxy.stop()
        }
    }

    @Test("a push is acknowledged, and served to every scrape within the retention after the client left")
    func retention() async throws {
        try await withTemporaryDirectory { directory in
            // A retention no stall of a loaded machine outlasts: the scrapes below fall inside it.
            let proxy = try await Proxy(in: directory, ["--retention", "10m"])
            let client = try await Self.client(proxy, text: "final_total{application=\"t-9\"} 3.0\n", in: directory, name: "t")
            try client.send("push")
            #expect(try await client.line(startingWith: "push-acked ") == "0")
            try client.send("quit")
            _ = try await client.process.wait()
            try await proxy.waitForNoClients()
            for _ in 0..<3 {
                #expect(try await proxy.get("/metrics/connected").contains("final_total{application=\"t-9\"} 3.0"))
            }
            _ = try await proxy.stop()
        }
    }

    @Test("a push is dropped once the retention has passed, and not before")
    func retentionExpires() async throws {
        try await withTemporaryDirectory { directory in
            let proxy = try await Proxy(in: directory, ["--retention", "2s"])
            let client = try await Self.client(proxy, text: "final_total{application=\"t-8\"} 1.0\n", in: directory, name: "t")
            try client.send("push")
            #expect(try await client.line(startingWith: "push-acked ") == "0")
            // The client leaves after this instant, so its push expires 2 s after it at the earliest.
            let leaving = ContinuousClock.now
            try client.send("quit")
            _ = try await client.process.wait()
            try await poll("the retention to pass") {
                !(try await proxy.get("/metrics/connected")).contains("final_total")
            }
            #expect(ContinuousClock.now - leaving >= .seconds(2))
            _ = try await proxy.stop()
        }
    }

    @Test("a client that never answers is timed out; the others are still served")
    func slowClient() async throws {
        try await withTemporaryDirectory { directory in
            // Long enough for the fast client to answer on a stalled two-core machine; each scrape
            // below waits all of it for the slow client.
            let proxy = try await Proxy(in: directory, ["--scrape-timeout", "15s"])
            let slow = try await Self.client(proxy, text: "slow 1\n", in: directory, name: "slow", ["--slow"])
            let fast = try await Self.client(proxy, text: "fast 1\n", in: directory, name: "fast")
            let text = try await proxy.get("/metrics/connected")
            #expect(text == "fast 1\n", "\(text)")
            let own = try await proxy.get("/metrics/proxy")
            #expect(own.contains("prometheus_proxy_scrape_seconds_count{outcome=\"timeout\"} 1.0"), "\(own)")
            #expect(own.contains("prometheus_proxy_scrape_seconds_count{outcome=\"success\"} 1.0"), "\(own)")
            // The slow client stays connected and is asked again next time.
            _ = try await proxy.get("/metrics/connected")
            #expect(try await proxy.get("/metrics/proxy").contains("prometheus_proxy_scrape_seconds_count{outcome=\"timeout\"} 2.0"))
            await slow.stop()
            await fast.stop()
            _ = try await proxy.stop()
        }
    }

    @Test("a push that does not decrypt is refused with an ERROR and counted; the client is still scraped")
    func badPush() async throws {
        try await withTemporaryDirectory { directory in
            let proxy = try await Proxy(in: directory)
            let client = try await Self.client(proxy, text: "still_here 1\n", in: directory, name: "bad")
            try client.send("push-bad")
            let error = try await client.line(startingWith: "push-error ")
            #expect(error.contains("RSA-OAEP") || error.contains("decrypt"), "\(error)")
            #expect(try await proxy.get("/metrics/proxy").contains("prometheus_proxy_connection_error_total 1.0"))
            #expect(try await proxy.get("/metrics/connected") == "still_here 1\n")
            await client.stop()
            _ = try await proxy.stop()
        }
    }

    @Test("HTTP: unknown paths get 404, other methods 405, the content type is Prometheus text 0.0.4; idle connections close")
    func http() async throws {
        try await withTemporaryDirectory { directory in
            let proxy = try await Proxy(in: directory, ["--http-idle-timeout", "300ms"])
            let base = "http://127.0.0.1:\(proxy.httpPort)"
            #expect(try await httpGet(base + "/nothing").status == 404)
            #expect(try await httpStatus(base + "/metrics/connected", method: "POST") == 405)
            #expect(try await httpGet(base + "/metrics/connected").contentType == "text/plain; version=0.0.4; charset=utf-8")
            let httpPort = proxy.httpPort
            try await withTimeout("the idle connection to close") {
                try await withRawClient(port: httpPort) { peer in
                    let ended = try await peer.readBytes(1) == nil
                    #expect(ended, "the idle connection should have been closed")
                }
            }
            _ = try await proxy.stop()
        }
    }

    @Test("a connection that sends more than 64 KiB before its SETUP is refused with INVALID_SETUP")
    func bytesBeforeSetup() async throws {
        try await withTemporaryDirectory { directory in
            let proxy = try await Proxy(in: directory)
            let port = proxy.rsocketPort
            let frames = try await withTimeout("the refusal") {
                try await withRawClient(port: port) { peer in
                    try await peer.send(SetupLimitTests.tenMegabytePrefix + [UInt8](repeating: 0, count: 65_536 + 1 - 3))
                    return try await peer.readUntilClosed()
                }
            }
            SetupLimitTests.expectRefusal(frames, .invalidSetup, containing: "more than 65536 bytes (the limit) before its SETUP")
            // Java-like clients are still served.
            let client = try await Self.client(proxy, text: "after 1\n", in: directory, name: "after")
            #expect(try await proxy.get("/metrics/connected") == "after 1\n")
            await client.stop()
            #expect(try await proxy.stop().status == 0)
        }
    }

    @Test("SIGTERM stops the proxy gracefully with exit code 0; neither SQLite nor libpq is loaded")
    func sigterm() async throws {
        try await withTemporaryDirectory { directory in
            let proxy = try await Proxy(in: directory)
            // Read to the end: /proc files claim a size of 0, and a single read stops at a page.
            let file = try FileHandle(forReadingFrom: URL(fileURLWithPath: "/proc/\(proxy.process.pid)/maps"))
            let maps = String(decoding: try file.readToEnd() ?? Data(), as: UTF8.self)
            try file.close()
            #expect(maps.contains("libswiftCore"), "the map lists the shared libraries loaded")
            #expect(!maps.contains("libsqlite3") && !maps.contains("libpq"), "\(maps)")
            let outcome = try await proxy.stop()
            #expect(outcome.status == 0, "\(outcome)")
            #expect(outcome.stderr.contains("rsocket-proxy stopping"), "\(outcome)")
        }
    }

    @Test("listening on every interface warns on standard error how to restrict it; listening on loopback does not")
    func everyInterfaceWarning() async throws {
        try await withTemporaryDirectory { directory in
            for (host, warns) in [("0.0.0.0", true), ("127.0.0.1", false)] {
                let proxy = try await Proxy(in: directory, host: host)
                let outcome = try await proxy.stop()
                #expect(outcome.status == 0, "\(outcome)")
                #expect(outcome.stderr.contains("warning") == warns, "\(host): \(outcome.stderr)")
                #expect(outcome.stderr.contains("listens on every interface (\(host)) without authentication") == warns, "\(outcome.stderr)")
                #expect(outcome.stderr.contains("rsocket-proxy --host 127.0.0.1") == warns, "\(outcome.stderr)")
            }
        }
    }

    @Test("bad options and a port in use fail with one clear line")
    func badInput() async throws {
        try await withTemporaryDirectory { directory in
            let bad = try await TestProcess.run("rsocket-proxy", ["--key-bits", "1000"], in: directory)
            #expect(bad.status != 0 && bad.stderr.contains("--key-bits must be 2048, 3072 or 4096"), "\(bad)")
            let duration = try await TestProcess.run("rsocket-proxy", ["--retention", "soon"], in: directory)
            #expect(duration.status != 0 && duration.stderr.contains("--retention must be a duration"), "\(duration)")
            let idle = try await TestProcess.run("rsocket-proxy", ["--http-idle-timeout", "soon"], in: directory)
            #expect(idle.status != 0 && idle.stderr.contains("--http-idle-timeout must be a duration"), "\(idle)")
            let zero = try await TestProcess.run("rsocket-proxy", ["--http-idle-timeout", "0s"], in: directory)
            #expect(zero.status != 0 && zero.stderr.contains("--http-idle-timeout must be longer than 0"), "\(zero)")
            let proxy = try await Proxy(in: directory)
            let busy = try await TestProcess.run(
                "rsocket-proxy", ["--host", "127.0.0.1", "--rsocket-port", "0", "--websocket-port", "0", "--http-port", "\(proxy.httpPort)"], in: directory)
            #expect(busy.status == 1 && busy.stderr.contains("cannot listen for HTTP on 127.0.0.1:\(proxy.httpPort)"), "\(busy)")
            _ = try await proxy.stop()
        }
    }
}
