import DatabaseTestSupport
import Foundation
import Testing

/// Tasks with `transport=WEBSOCKET` against a Python proxy that plays the Java proxy's
/// WebSocket port (rsocket-py over aiohttp, the `cryptography` package for the keys).
@Suite("Metrics pushed over WebSocket")
struct MetricsWebSocketTests {
    @Test("a task with transport WEBSOCKET is scraped while it runs and pushes its end as it exits")
    func scrapeAndPush() async throws {
        try await withTaskDatabase(.sqlite) { url, directory, _ in
            let proxy = try await PythonPeer("fake_java_proxy.py", ["--websocket", "--dir", directory.path], in: directory)
            defer { Task { await proxy.stop() } }
            let task = try TestProcess(
                "task-fixture",
                ["exit-on-eof", "0", "--db", url]
                    + MetricsPushTests.metricsArguments(port: proxy.port, ["--micrometer.prometheus.rsocket.transport=websocket"]),
                in: directory, input: true)
            try await task.waitForOutput(containing: "started ")
            let id = try TaskProcessTests.executionId(task.stdout)
            _ = try await proxy.line(startingWith: "key-sent 1 ")
            try proxy.send("scrape")
            let scraped = try MetricsPushTests.text(try await proxy.line(startingWith: "scrape 1 "))
            #expect(scraped.contains("spring_cloud_task_active_seconds_active_count{application=\"task-fixture-\(id)\""), "\(scraped)")
            try task.input?.close()
            let outcome = try await task.wait()
            #expect(outcome.status == 0, "\(outcome)")
            let pushed = try MetricsPushTests.text(try await proxy.line(startingWith: "push 1 "))
            #expect(
                MetricsPushTests.matches(text: pushed, "spring_cloud_task_seconds_count\\{application=\"task-fixture-\(id)\",[^}]*\\} 1.0"),
                "\(pushed)")
            #expect(!outcome.stderr.contains("warning"), "\(outcome)")
        }
    }
}
