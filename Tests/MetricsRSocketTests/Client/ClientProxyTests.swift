import DatabaseTestSupport
import Logging
import Testing

@testable import MetricsRSocket

/// Our client against our proxy, in one process over loopback.
@Suite("Our client with our proxy")
struct ClientProxyTests {
    /// Client settings; the default timeout is one no test waits out (a guard fails the test first).
    static func settings(port: Int, timeout: Duration = .seconds(3600)) -> PrometheusRSocketSettings {
        PrometheusRSocketSettings(enabled: true, host: "127.0.0.1", port: port, firstBackoff: .milliseconds(50), timeout: timeout)
    }

    /// A proxy on free loopback ports whose scrape timeout no stall of a loaded machine reaches.
    static func startProxy(logger: Logger) async throws -> PrometheusRSocketProxy {
        try await PrometheusRSocketProxy.start(
            ProxyConfiguration(host: "127.0.0.1", rsocketPort: 0, webSocketPort: 0, httpPort: 0, scrapeTimeout: .seconds(60)), logger: logger)
    }

    @Test("the proxy scrapes the client, the final push is acknowledged and served after the client left")
    func scrapeAndPush() async throws {
        let logger = Logger(label: "test")
        let proxy = try await Self.startProxy(logger: logger)
        let registry = PrometheusRegistry(commonTags: [("application", "job-1")])
        let timer = registry.makeTimer(label: "spring.batch.job", dimensions: [("spring.batch.job.name", "j")])
        let client = PrometheusRSocketClient(registry: registry, settings: Self.settings(port: proxy.rsocketPort), logger: logger)
        let pushed = try await withTimeout("the client's run and final push") {
            try await runClient(client) {
                try await poll("the client to connect") { proxy.connectedClients == 1 }
                let live = await proxy.connectedMetrics()
                #expect(live.contains("spring_batch_job_seconds_count{application=\"job-1\",spring_batch_job_name=\"j\"} 0.0"), "\(live)")
                timer.recordNanoseconds(2_000_000_000)
            }
        }
        #expect(pushed == .acknowledged)
        #expect(await client.pushAndClose() == .alreadyClosed)
        try await poll("the client to leave") { proxy.connectedClients == 0 }
        let retained = await proxy.connectedMetrics()
        #expect(retained.contains("spring_batch_job_seconds_count{application=\"job-1\",spring_batch_job_name=\"j\"} 1.0"), "\(retained)")
        #expect(retained.contains("spring_batch_job_seconds_max{application=\"job-1\",spring_batch_job_name=\"j\"} 2.0"))
        await proxy.close()
    }

    @Test("with no proxy, the final push gives up at once instead of waiting for the timeout")
    func noProxy() async throws {
        let port = try closedLoopbackPort()
        // A timeout no test waits out: were it waited for, the guard would fail the test.
        let client = PrometheusRSocketClient(
            registry: PrometheusRegistry(), settings: Self.settings(port: port), logger: Logger(label: "test"))
        let outcome = try await withTimeout("the push to give up") { try await runClient(client) {} }
        #expect(outcome == .notConnected)
    }
}

extension ClientProxyTests {
    @Test("twenty short-lived clients in a row: every final push is acknowledged, none waits out its timeout")
    func manyShortClients() async throws {
        let logger = Logger(label: "test")
        let proxy = try await Self.startProxy(logger: logger)
        for index in 0..<20 {
            let registry = PrometheusRegistry(commonTags: [("application", "run-\(index)")])
            registry.makeCounter(label: "runs", dimensions: []).increment(by: 1)
            // A missed wake-up would sleep until this deadline, which no test waits out: the guard
            // below fails first. It is not a guess at how fast the machine is: under the full
            // suite on two cores a first key has taken 11 s to arrive (CI, 2026-11-26).
            let client = PrometheusRSocketClient(
                registry: registry, settings: Self.settings(port: proxy.rsocketPort), logger: logger)
            let outcome = try await withTimeout("run \(index)'s push") { try await runClient(client) {} }
            #expect(outcome == .acknowledged, "run \(index)")
        }
        try await poll("the clients to leave") { proxy.connectedClients == 0 }
        let text = await proxy.connectedMetrics()
        #expect((0..<20).allSatisfy { text.contains("runs_total{application=\"run-\($0)\"} 1.0") }, "\(text)")
        await proxy.close()
    }
}
