import Database
import DatabaseTestSupport
import Foundation
import Testing

@testable import TaskRuntime

/// Task apps pushing their metrics to a fake Java proxy: rsocket-py and `cryptography` playing
/// the Prometheus RSocket proxy, decrypting exactly as the Java proxy does.
@Suite("Metrics pushed to a Prometheus RSocket proxy", .serialized)
struct MetricsPushTests {
    /// The metrics settings of a test run. The push's timeout is one no healthy run waits out (a
    /// loaded two-core machine may take seconds to make a key): only a test that means to see
    /// the timeout sets a short one in `extra`, which wins.
    static func metricsArguments(port: Int, _ extra: [String] = []) -> [String] {
        [
            "--management.metrics.export.prometheus.rsocket.enabled=true",
            "--management.metrics.export.prometheus.rsocket.host=127.0.0.1",
            "--management.metrics.export.prometheus.rsocket.port=\(port)",
            "--management.metrics.export.prometheus.rsocket.timeout=120s",
        ] + extra
    }

    /// Whether `text` contains a match of the regular expression `pattern`.
    static func matches(text: String, _ pattern: String) -> Bool {
        guard let regex = try? Regex(pattern) else { return false }
        return text.contains(regex)
    }

    static func text(_ line: String) throws -> String {
        let path = try #require(line.split(separator: " ").last)
        return try String(contentsOfFile: String(path), encoding: .utf8)
    }

    @Test("a task that lives under a second pushes its final metrics, with 2048- and 3072-bit keys", arguments: [2048, 3072])
    func shortTaskPush(bits: Int) async throws {
        try await withTaskDatabase(.sqlite) { url, directory, explorer in
            let proxy = try await PythonPeer("fake_java_proxy.py", ["--key-bits", "\(bits)", "--dir", directory.path], in: directory)
            defer { Task { await proxy.stop() } }
            let started = ContinuousClock.now
            let outcome = try await TestProcess.run(
                "timestamp-task", ["--db", url] + Self.metricsArguments(port: proxy.port), in: directory)
            let lifetime = started.duration(to: .now)
            #expect(outcome.status == 0, "\(outcome)")
            let execution = try #require(try await explorer.taskExecutions().first)
            let text = try Self.text(try await proxy.line(startingWith: "push 1 "))
            let application = "application=\"timestamp-task-\(execution.executionId)\""
            #expect(
                Self.matches(text: text, "spring_cloud_task_seconds_count\\{\(application),instance=\"[^\"]+:\\d+\",spring_cloud_task_execution_id=\"\(execution.executionId)\",spring_cloud_task_exit_code=\"0\",[^}]*spring_cloud_task_status=\"success\"\\} 1.0"),
                "\(text)")
            #expect(Self.matches(text: text, "spring_cloud_task_seconds_max\\{\(application),[^}]*\\} [0-9.e-]+"))
            #expect(Self.matches(text: text, "spring_cloud_task_active_seconds_active_count\\{\(application),[^}]*\\} 0.0"))
            // Only informative: the test does not time the run, but says how long it lived.
            print("timestamp-task with a \(bits)-bit key lived \(lifetime)")
        }
    }

    @Test("a proxy older than 1.5 refuses the request-response: the push falls back to fire-and-forget")
    func oldProxyFallback() async throws {
        try await withTaskDatabase(.sqlite) { url, directory, explorer in
            let proxy = try await PythonPeer("fake_java_proxy.py", ["--old", "--dir", directory.path], in: directory)
            defer { Task { await proxy.stop() } }
            let outcome = try await TestProcess.run(
                "timestamp-task", ["--db", url] + Self.metricsArguments(port: proxy.port), in: directory)
            #expect(outcome.status == 0, "\(outcome)")
            _ = try await proxy.line(startingWith: "push-rejected 1")
            let text = try Self.text(try await proxy.line(startingWith: "push-fnf 1 "))
            #expect(text.contains("spring_cloud_task_seconds_count{"), "\(text)")
            #expect(!outcome.stderr.contains("not pushed"), "\(outcome)")
        }
    }

    @Test("the proxy scrapes a running task, and gets the end after SIGTERM")
    func scrapeWhileRunning() async throws {
        try await withTaskDatabase(.sqlite) { url, directory, _ in
            let proxy = try await PythonPeer("fake_java_proxy.py", ["--dir", directory.path], in: directory)
            defer { Task { await proxy.stop() } }
            let task = try TestProcess("task-fixture", ["wait", "--db", url] + Self.metricsArguments(port: proxy.port), in: directory)
            try await task.waitForOutput(containing: "started ")
            let id = try TaskProcessTests.executionId(task.stdout)
            _ = try await proxy.line(startingWith: "key-sent 1 ")
            try proxy.send("scrape")
            let scraped = try Self.text(try await proxy.line(startingWith: "scrape 1 "))
            #expect(
                Self.matches(text: scraped, "spring_cloud_task_active_seconds_active_count\\{application=\"task-fixture-\(id)\",[^}]*\\} 1.0"),
                "\(scraped)")
            #expect(!scraped.contains("spring_cloud_task_seconds_count"))
            task.signal(SIGTERM)
            let outcome = try await task.wait()
            #expect(outcome.status == 143, "\(outcome)")
            let pushed = try Self.text(try await proxy.line(startingWith: "push 1 "))
            #expect(Self.matches(text: pushed, "spring_cloud_task_seconds_count\\{application=\"task-fixture-\(id)\",[^}]*exit_code=\"143\"[^}]*\\} 1.0"), "\(pushed)")
        }
    }

    @Test("a proxy that is down at start: the task runs as usual, with one warning")
    func proxyDown() async throws {
        try await withTaskDatabase(.sqlite) { url, directory, explorer in
            let port = try closedLoopbackPort()
            let outcome = try await TestProcess.run("timestamp-task", ["--db", url] + Self.metricsArguments(port: port), in: directory)
            #expect(outcome.status == 0, "\(outcome)")
            #expect(outcome.stderr.contains("cannot reach the Prometheus RSocket proxy"), "\(outcome)")
            #expect(outcome.stderr.contains("the final metrics were not pushed"), "\(outcome)")
            let execution = try #require(try await explorer.taskExecutions().first)
            #expect(execution.status == .complete && execution.exitCode == 0)
        }
    }

    @Test("a proxy that sends bytes that are no key: a warning, a bounded wait, the task's own exit code")
    func badKey() async throws {
        try await withTaskDatabase(.sqlite) { url, directory, explorer in
            let proxy = try await PythonPeer("fake_java_proxy.py", ["--bad-key", "--dir", directory.path], in: directory)
            defer { Task { await proxy.stop() } }
            // The task ends only after the proxy has sent its bad key (an event, not a race with
            // the bounded wait at exit).
            let task = try TestProcess(
                "task-fixture",
                ["exit-on-eof", "3", "--db", url] + Self.metricsArguments(port: proxy.port, ["--micrometer.prometheus.rsocket.timeout=500ms"]),
                in: directory, input: true)
            try await task.waitForOutput(containing: "started ")
            _ = try await proxy.line(startingWith: "key-sent 1 ")
            try task.input?.close()
            let outcome = try await task.wait()
            #expect(outcome.status == 3, "\(outcome)")
            #expect(outcome.stderr.contains("sent a key that is not usable"), "\(outcome)")
            #expect(outcome.stderr.contains("sent no key within"), "\(outcome)")
            #expect(try await explorer.taskExecutions().first?.exitCode == 3)
        }
    }

    @Test("the proxy dies mid-run: the task reconnects to the new one, with a new key, and pushes there")
    func reconnect() async throws {
        try await withTaskDatabase(.sqlite) { url, directory, _ in
            let first = try await PythonPeer("fake_java_proxy.py", ["--dir", directory.path], in: directory)
            let port = first.port
            let task = try TestProcess(
                "task-fixture",
                ["wait", "--db", url] + Self.metricsArguments(port: port, ["--micrometer.prometheus.rsocket.first-backoff=100ms"]),
                in: directory)
            try await task.waitForOutput(containing: "started ")
            _ = try await first.line(startingWith: "key-sent 1 ")
            await first.stop()
            let second = try await PythonPeer("fake_java_proxy.py", ["--port", "\(port)", "--dir", directory.path], in: directory)
            defer { Task { await second.stop() } }
            _ = try await second.line(startingWith: "key-sent 1 ")
            task.signal(SIGTERM)
            let outcome = try await task.wait()
            #expect(outcome.status == 143)
            #expect(outcome.stderr.contains("lost the connection to the Prometheus RSocket proxy"), "\(outcome)")
            let pushed = try Self.text(try await second.line(startingWith: "push 1 "))
            #expect(pushed.contains("spring_cloud_task_seconds_count{"), "\(pushed)")
        }
    }

    @Test("a batch job run as a task pushes Spring Batch's job, step and item timers")
    func batchJobPush() async throws {
        try await withTaskDatabase(.sqlite) { url, directory, explorer in
            let proxy = try await PythonPeer("fake_java_proxy.py", ["--dir", directory.path], in: directory)
            defer { Task { await proxy.stop() } }
            let generated = try await TestProcess.run("csv-import", ["generate", "--rows", "500", "--output", "tx.csv"], in: directory)
            #expect(generated.status == 0)
            let outcome = try await TestProcess.run(
                "csv-import", ["start", "importTransactions", "input.file=tx.csv", "--db", url, "--quiet"] + Self.metricsArguments(port: proxy.port),
                in: directory)
            #expect(outcome.status == 0, "\(outcome)")
            let execution = try #require(try await explorer.taskExecutions().first)
            let text = try Self.text(try await proxy.line(startingWith: "push 1 "))
            let application = "application=\"csv-import-\(execution.executionId)\""
            #expect(Self.matches(text: text, "spring_batch_job_seconds_count\\{\(application),[^}]*spring_batch_job_name=\"importTransactions\"[^}]*\\} 1.0"), "\(text)")
            #expect(Self.matches(text: text, "spring_batch_step_seconds_count\\{\(application),"))
            #expect(Self.matches(text: text, "spring_batch_item_read_seconds_count\\{\(application),"))
            #expect(Self.matches(text: text, "spring_batch_chunk_write_seconds_count\\{\(application),"))
        }
    }

    @Test("a batch job run without task recording still pushes, tagged with the application's name")
    func batchJobWithoutTask() async throws {
        try await withTaskDatabase(.sqlite) { url, directory, explorer in
            let proxy = try await PythonPeer("fake_java_proxy.py", ["--dir", directory.path], in: directory)
            defer { Task { await proxy.stop() } }
            let generated = try await TestProcess.run("csv-import", ["generate", "--rows", "50", "--output", "tx.csv"], in: directory)
            #expect(generated.status == 0)
            let outcome = try await TestProcess.run(
                "csv-import",
                ["start", "importTransactions", "input.file=tx.csv", "--db", url, "--quiet", "--spring.cloud.task.autoconfiguration.enabled=false"]
                    + Self.metricsArguments(port: proxy.port), in: directory)
            #expect(outcome.status == 0, "\(outcome)")
            #expect(try await explorer.taskExecutions().isEmpty)
            let text = try Self.text(try await proxy.line(startingWith: "push 1 "))
            #expect(Self.matches(text: text, "spring_batch_job_seconds_count\\{application=\"csv-import\",[^}]*\\} 1.0"), "\(text)")
            #expect(!text.contains("spring_cloud_task_seconds_count"))
        }
    }
}
