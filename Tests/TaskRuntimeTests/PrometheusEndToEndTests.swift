import Database
import DatabaseTestSupport
import Foundation
import Testing

/// The whole path with a real Prometheus: csv-import runs as a task with metrics on, pushes to
/// our rsocket-proxy at exit, Prometheus scrapes the proxy, and its HTTP API has the job's timer.
@Suite("Prometheus end to end", .serialized)
struct PrometheusEndToEndTests {
    @Test("Prometheus has spring_batch_job_seconds_count of a csv-import task, with its application tag")
    func csvImportReachesPrometheus() async throws {
        try await withTaskDatabase(.sqlite) { url, directory, explorer in
            let proxy = try TestProcess(
                "rsocket-proxy", ["--host", "127.0.0.1", "--rsocket-port", "0", "--websocket-port", "0", "--http-port", "0", "--retention", "10m"], in: directory)
            defer { proxy.signal(SIGKILL) }
            try await proxy.waitForOutput(containing: "\n")
            var ports: [String: Int] = [:]
            for part in proxy.stdout.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
                let pair = part.split(separator: "=")
                if pair.count == 2, let port = Int(pair[1]) { ports[String(pair[0])] = port }
            }
            let rsocketPort = try #require(ports["rsocket"], "\(proxy.stdout)")
            let httpPort = try #require(ports["http"], "\(proxy.stdout)")

            let prometheusPort = try closedLoopbackPort()
            let configuration = directory.appendingPathComponent("prometheus.yml")
            try """
            global:
              scrape_interval: 1s
              scrape_timeout: 900ms
            scrape_configs:
              - job_name: rsocket-proxy
                metrics_path: /metrics/connected
                honor_labels: true
                static_configs:
                  - targets: ["127.0.0.1:\(httpPort)"]
            """.write(to: configuration, atomically: true, encoding: .utf8)
            let prometheus = try TestProcess(
                "/usr/bin/prometheus",
                [
                    "--config.file=\(configuration.path)", "--web.listen-address=127.0.0.1:\(prometheusPort)",
                    "--storage.tsdb.path=\(directory.appendingPathComponent("tsdb").path)",
                ], in: directory)
            defer { prometheus.signal(SIGKILL) }

            let generated = try await TestProcess.run("csv-import", ["generate", "--rows", "200", "--output", "tx.csv"], in: directory)
            #expect(generated.status == 0)
            let outcome = try await TestProcess.run(
                "csv-import",
                [
                    "start", "importTransactions", "input.file=tx.csv", "--db", url, "--quiet",
                    "--management.metrics.export.prometheus.rsocket.enabled=true",
                    "--management.metrics.export.prometheus.rsocket.host=127.0.0.1",
                    "--management.metrics.export.prometheus.rsocket.port=\(rsocketPort)",
                ], in: directory)
            #expect(outcome.status == 0, "\(outcome)")
            #expect(!outcome.stderr.contains("not pushed"), "\(outcome)")
            let execution = try #require(try await explorer.taskExecutions().first)
            let application = "csv-import-\(execution.executionId)"
            let query = "spring_batch_job_seconds_count%7Bapplication%3D%22\(application)%22%7D"
            var body = ""
            // Prometheus scrapes once a second; wait for the sample it stores.
            try await poll("Prometheus to scrape the proxy", every: .milliseconds(250)) {
                guard let response = try? await httpGet("http://127.0.0.1:\(prometheusPort)/api/v1/query?query=\(query)") else { return false }
                body = response.body
                return response.status == 200 && body.contains("\"result\":[{")
            }
            #expect(body.contains("\"application\":\"\(application)\""), "\(body)")
            #expect(body.contains("\"spring_batch_job_name\":\"importTransactions\""), "\(body)")
            #expect(body.contains("\"spring_batch_job_status\":\"COMPLETED\""), "\(body)")
            #expect(body.contains(",\"1\"]"), "the count is 1: \(body)")

            // Every metric the Grafana dashboard reads is one the proxy served for this run.
            let served =
                try await httpGet("http://127.0.0.1:\(httpPort)/metrics/connected").body
                + (try await httpGet("http://127.0.0.1:\(httpPort)/metrics/proxy").body)
            let dashboard = try String(contentsOf: Self.repository.appendingPathComponent("deploy/grafana/swift-batch-tasks.json"), encoding: .utf8)
            let names = Set(dashboard.matches(of: /\b(?:spring|prometheus_proxy)_[a-z_]+/).map { String($0.output) })
            #expect(names.count > 10)
            for name in names where !name.hasSuffix("_name") && !name.hasSuffix("_status") && !name.hasSuffix("_id") && !name.hasSuffix("_code") {
                #expect(served.contains("\n\(name){") || served.contains("\n\(name) "), "the dashboard reads \(name), which nobody serves")
            }
        }
    }

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("the example Prometheus configuration is valid (promtool)")
    func exampleConfiguration() async throws {
        try await withTemporaryDirectory { directory in
            let outcome = try await TestProcess.run(
                "/usr/bin/promtool", ["check", "config", Self.repository.appendingPathComponent("deploy/prometheus/prometheus.yml").path],
                in: directory)
            #expect(outcome.status == 0, "\(outcome)")
        }
    }
}
