import DatabaseTestSupport
import Foundation
import Testing

/// kill -9 of the server while its tasks run: nothing is lost and nothing runs twice.
@Suite("A killed server, restarted, records the end of what ran meanwhile")
struct ServerRestartTests {
    static func query(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }

    @Test("three tasks outlive the server (kill -9, or SIGTERM); the restarted server records each end, with logs, launching nothing twice",
          arguments: [SIGKILL, SIGTERM])
    func killNine(_ signal: Int32) async throws {
        try await withTemporaryDirectory { directory in
            let script = directory.appendingPathComponent("gate.sh")
            try """
                #!/bin/sh
                dir=$(dirname "$0")
                echo "start $1" >> "$dir/events"
                echo "running $1"
                while [ ! -f "$dir/release" ]; do sleep 0.02; done
                exit $1
                """.write(to: script, atomically: true, encoding: .utf8)
            chmod(script.path, 0o755)
            let arguments = [
                "--spring.datasource.url=sqlite:\(directory.path)/dataflow.db",
                "--spring.cloud.dataflow.task.platform.local.accounts.default.working-directories-root=\(directory.path)/launches",
            ]
            var (server, url) = try await ServerProcessTests.start(in: directory, arguments)
            #expect(try await httpRequest("\(url)/apps/task/gate/1.0.0?uri=\(Self.query(script.path))", method: "POST").status == 201)
            #expect(try await httpRequest("\(url)/tasks/definitions?name=gate&definition=gate", method: "POST").status == 200)
            var ids: [Int] = []
            for code in [0, 3, 5] {
                let reply = try await httpRequest("\(url)/tasks/executions?name=gate&arguments=\(code)", method: "POST")
                #expect(reply.status == 201, "\(reply)")
                ids.append(try #require(Int(reply.body)))
            }
            try await poll("three tasks running") {
                let events = (try? String(contentsOf: directory.appendingPathComponent("events"), encoding: .utf8)) ?? ""
                return events.split(separator: "\n").count == 3
            }
            server.signal(signal)
            let stopped = try await server.wait()
            if signal == SIGTERM { #expect(stopped.status == 0, "a graceful stop: \(stopped)") }
            let events = try String(contentsOf: directory.appendingPathComponent("events"), encoding: .utf8)
            #expect(events.split(separator: "\n").count == 3)
            #expect(FileManager.default.createFile(atPath: directory.appendingPathComponent("release").path, contents: nil))

            (server, url) = try await ServerProcessTests.start(in: directory, arguments)
            for (id, code) in zip(ids, [0, 3, 5]) {
                var execution = ""
                try await poll("the end of task execution \(id)") {
                    execution = try await httpGet("\(url)/tasks/executions/\(id)").body
                    return !execution.contains("\"endTime\":null")
                }
                #expect(execution.contains("\"exitCode\":\(code)"), "\(execution)")
                let external = try #require(execution.split(separator: "\"externalExecutionId\":\"").dropFirst().first?.split(separator: "\"").first)
                #expect(try await httpGet("\(url)/tasks/logs/\(external)").body.contains("running \(code)"))
            }
            let after = try String(contentsOf: directory.appendingPathComponent("events"), encoding: .utf8)
            #expect(after.split(separator: "\n").count == 3, "nothing was launched twice: \(after)")
            #expect(try await httpGet("\(url)/tasks/executions/current").body.contains("\"runningExecutionCount\":0"))
            server.signal(SIGTERM)
            #expect(try await server.wait().status == 0)
        }
    }

    @Test("queued launches survive kill -9 of the server and run, each once, after its restart")
    func queueSurvives() async throws {
        try await withTemporaryDirectory { directory in
            let script = directory.appendingPathComponent("gate.sh")
            try """
                #!/bin/sh
                dir=$(dirname "$0")
                echo "start $1" >> "$dir/events"
                while [ ! -f "$dir/release" ]; do sleep 0.02; done
                exit $1
                """.write(to: script, atomically: true, encoding: .utf8)
            chmod(script.path, 0o755)
            let account = "--spring.cloud.dataflow.task.platform.local.accounts.default"
            let arguments = [
                "--spring.datasource.url=sqlite:\(directory.path)/dataflow.db", "\(account).working-directories-root=\(directory.path)/launches",
                "\(account).maximum-concurrent-tasks=1", "\(account).queue.enabled=true",
            ]
            var (server, url) = try await ServerProcessTests.start(in: directory, arguments)
            #expect(try await httpRequest("\(url)/apps/task/gate/1.0.0?uri=\(Self.query(script.path))", method: "POST").status == 201)
            #expect(try await httpRequest("\(url)/tasks/definitions?name=gate&definition=gate", method: "POST").status == 200)
            var ids: [Int] = []
            for code in [0, 4, 6] {
                let reply = try await httpRequest("\(url)/tasks/executions?name=gate&arguments=\(code)", method: "POST")
                ids.append(try #require(Int(reply.body), "\(reply)"))
            }
            try await poll("the first task running") {
                ((try? String(contentsOf: directory.appendingPathComponent("events"), encoding: .utf8)) ?? "").contains("start 0")
            }
            server.signal(SIGKILL)
            _ = try await server.wait()
            #expect(FileManager.default.createFile(atPath: directory.appendingPathComponent("release").path, contents: nil))
            (server, url) = try await ServerProcessTests.start(in: directory, arguments)
            for (id, code) in zip(ids, [0, 4, 6]) {
                var execution = ""
                try await poll("the end of task execution \(id)") {
                    execution = try await httpGet("\(url)/tasks/executions/\(id)").body
                    return !execution.contains("\"endTime\":null")
                }
                #expect(execution.contains("\"exitCode\":\(code)"), "\(execution)")
            }
            let starts = try String(contentsOf: directory.appendingPathComponent("events"), encoding: .utf8).split(separator: "\n")
            #expect(starts == ["start 0", "start 4", "start 6"], "each once, in order")
            server.signal(SIGTERM)
            #expect(try await server.wait().status == 0)
        }
    }
}
