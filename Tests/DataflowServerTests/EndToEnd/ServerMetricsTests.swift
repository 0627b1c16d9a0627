import DatabaseTestSupport
import Foundation
import Testing

/// The server's own metrics reach Prometheus through the real rsocket-proxy, configured as
/// Data Flow's operators configure it (MANAGEMENT_METRICS_EXPORT_PROMETHEUS_RSOCKET_*).
@Suite("dataflow-server's metrics through the RSocket proxy")
struct ServerMetricsTests {
    @Test("requests, launches and running tasks by Spring's names, scraped from the proxy")
    func throughProxy() async throws {
        try await withTemporaryDirectory { directory in
            let proxy = try TestProcess(
                "rsocket-proxy", ["--host", "127.0.0.1", "--rsocket-port", "0", "--websocket-port", "0", "--http-port", "0", "--scrape-timeout", "60s"],
                in: directory)
            try await proxy.waitForOutput(containing: "\n")
            let line = try #require(proxy.stdout.split(separator: "\n").first { $0.hasPrefix("rsocket-proxy listening") })
            var ports: [String: Int] = [:]
            for part in line.split(separator: " ") {
                let pair = part.split(separator: "=")
                if pair.count == 2, let port = Int(pair[1]) { ports[String(pair[0])] = port }
            }
            let rsocket = try #require(ports["rsocket"])
            let http = try #require(ports["http"])
            let server = try TestProcess(
                "dataflow-server", ["--server.port=0", "--spring.cloud.dataflow.task.platform.local.accounts.default.working-directories-root=\(directory.path)/launches"],
                in: directory,
                environment: [
                    "MANAGEMENT_METRICS_EXPORT_PROMETHEUS_RSOCKET_ENABLED": "true",
                    "MANAGEMENT_METRICS_EXPORT_PROMETHEUS_RSOCKET_HOST": "127.0.0.1",
                    "MANAGEMENT_METRICS_EXPORT_PROMETHEUS_RSOCKET_PORT": String(rsocket),
                ])
            try await server.waitForOutput(containing: "listening on http://")
            let url = try #require(server.stdout.split(separator: "\n").first { $0.contains("listening on http://") }?
                .split(separator: " ").first { $0.hasPrefix("http://") }.map(String.init))
            #expect(try await httpGet("\(url)/about").status == 200)
            let script = directory.appendingPathComponent("ok.sh")
            try "#!/bin/sh\nexit 0\n".write(to: script, atomically: true, encoding: .utf8)
            chmod(script.path, 0o755)
            #expect(try await httpRequest("\(url)/apps/task/ok/1.0.0?uri=\(script.path)", method: "POST").status == 201)
            #expect(try await httpRequest("\(url)/tasks/definitions?name=ok&definition=ok", method: "POST").status == 200)
            #expect(try await httpRequest("\(url)/tasks/executions/launch?name=ok", method: "POST").status == 201)
            var scraped = ""
            try await poll("the server's metrics at the proxy", every: .milliseconds(200)) {
                scraped = (try? await httpGet("http://127.0.0.1:\(http)/metrics/connected").body) ?? ""
                return scraped.contains("spring_cloud_dataflow_task_launches_total") && scraped.contains("uri=\"/about\"")
            }
            #expect(scraped.contains("http_server_requests_seconds_count"))
            #expect(scraped.contains("outcome=\"SUCCESS\""))
            #expect(scraped.contains("application=\"dataflow-server\""))
            #expect(scraped.contains("spring_cloud_dataflow_tasks_running"))
            #expect(scraped.contains("outcome=\"launched\""))
            server.signal(SIGTERM)
            #expect(try await server.wait().status == 0)
            proxy.signal(SIGTERM)
            _ = try await proxy.wait()
        }
    }
}
