import DatabaseTestSupport
import Logging
import Testing

@testable import MetricsRSocket

/// The proxy's HTTP port seen by a raw TCP client: which connections it closes, and when.
@Suite("The proxy's HTTP connections")
struct ProxyHTTPTests {
    private static func startProxy(idleTimeout: Duration = .seconds(30)) async throws -> PrometheusRSocketProxy {
        try await PrometheusRSocketProxy.start(
            ProxyConfiguration(
                host: "127.0.0.1", rsocketPort: 0, webSocketPort: nil, httpPort: 0, scrapeTimeout: .seconds(60), httpIdleTimeout: idleTimeout),
            logger: testLogger)
    }

    private static let blankLine = Array("\r\n\r\n".utf8)

    /// The head of the next response, then its body (by Content-Length).
    private static func response(_ peer: inout RawPeer) async throws -> (head: String, body: String) {
        let head = String(decoding: try #require(try await peer.readThrough(blankLine)), as: UTF8.self)
        let length = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
            .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
        let body = try #require(try await peer.readBytes(length))
        return (head, String(decoding: body, as: UTF8.self))
    }

    @Test("a request the HTTP decoder rejects gets 400 with Connection: close, then the connection ends")
    func garbage() async throws {
        try await withTimeout("garbage request") {
            let proxy = try await Self.startProxy()
            try await withRawClient(port: proxy.httpPort) { peer in
                try await peer.send(Array("\u{1}\u{2} this is not HTTP at all\r\n\r\n".utf8))
                let (head, _) = try await Self.response(&peer)
                #expect(head.hasPrefix("HTTP/1.1 400 "), "\(head)")
                #expect(head.lowercased().contains("connection: close"), "\(head)")
                #expect(try await peer.readBytes(1) == nil, "the connection should have ended")
            }
            await proxy.close()
        }
    }

    @Test("after a 404 to a keep-alive request the connection ends; a 200 keeps it open for the next request")
    func errorResponsesClose() async throws {
        try await withTimeout("404 closes") {
            let proxy = try await Self.startProxy()
            try await withRawClient(port: proxy.httpPort) { peer in
                for _ in 0..<2 {
                    try await peer.send(Array("GET /metrics/proxy HTTP/1.1\r\nHost: proxy\r\n\r\n".utf8))
                    let (head, body) = try await Self.response(&peer)
                    #expect(head.hasPrefix("HTTP/1.1 200 ") && !head.lowercased().contains("connection: close"), "\(head)")
                    #expect(body.contains("prometheus_proxy_scrape_seconds_count"))
                }
                try await peer.send(Array("GET /nothing HTTP/1.1\r\nHost: proxy\r\n\r\n".utf8))
                let (head, body) = try await Self.response(&peer)
                #expect(head.hasPrefix("HTTP/1.1 404 ") && head.lowercased().contains("connection: close"), "\(head)")
                #expect(body.contains("not found: /nothing"))
                #expect(try await peer.readBytes(1) == nil, "the connection should have ended")
            }
            await proxy.close()
        }
    }

    @Test("a connection that sends nothing is closed after the idle timeout, as is one idle after a response")
    func idle() async throws {
        try await withTimeout("idle HTTP connection") {
            // Two seconds: long enough that a request sent on a loaded machine arrives inside it
            // (at 300 ms, 20 attempts in a row were cut before their request under CI's load).
            let proxy = try await Self.startProxy(idleTimeout: .seconds(2))
            try await withRawClient(port: proxy.httpPort) { peer in
                let ended = try await peer.readBytes(1) == nil
                #expect(ended, "the idle connection should have been closed")
            }
            // A stalled machine may let the idle timeout close a connection before its request is
            // sent (that is the timeout working too): try again until a response comes, then idle.
            var answered = false
            for _ in 0..<20 where !answered {
                try await withRawClient(port: proxy.httpPort) { peer in
                    guard (try? await peer.send(Array("GET /metrics/connected HTTP/1.1\r\nHost: proxy\r\n\r\n".utf8))) != nil,
                        let headBytes = try? await peer.readThrough(Self.blankLine)
                    else { return }
                    let head = String(decoding: headBytes, as: UTF8.self)
                    #expect(head.hasPrefix("HTTP/1.1 200 "), "\(head)")
                    answered = true
                    // Read the body and then nothing more: the server closes the idle connection
                    // (a connection left open would hang here until the test's guard fails it).
                    while let bytes = try? await peer.readBytes(1), !bytes.isEmpty {}
                }
            }
            #expect(answered, "no request got an answer before the idle timeout in 20 attempts")
            await proxy.close()
        }
    }
}
