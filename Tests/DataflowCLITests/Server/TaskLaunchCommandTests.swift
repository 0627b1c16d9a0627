import DatabaseTestSupport
import Foundation
import Testing

/// `dataflow task launch` against the real server, with real task processes: `--wait` exits
/// with the task's exit code, `--follow` prints its log, Ctrl-C stops the waiting only.
@Suite("dataflow task launch: --wait, --follow, exit codes, Ctrl-C")
struct TaskLaunchCommandTests {
    @Test("launch --wait: timestamp-task exits 0, a script that exits 3 makes dataflow exit 3", arguments: TestDatabase.allCases)
    func waitExitCodes(_ database: TestDatabase) async throws {
        try await ServerProcess.with(database) { server in
            try await server.define("timestamp", path: timestampTask, dsl: "timestamp --format=yyyy")
            let stamped = try await server.dataflow(["task", "launch", "timestamp", "--wait"])
            #expect(stamped.status == 0, "\(stamped)")
            let lines = stamped.stdout.split(separator: "\n").map(String.init)
            #expect(lines.first == "Launched task 'timestamp' with execution id 1", "\(stamped)")
            #expect(lines.last?.hasPrefix("task execution 1: COMPLETE (exit code 0)") == true, "\(stamped)")

            try await server.define("three", path: try server.script("three.sh", "echo working\nexit 3"))
            let three = try await server.dataflow(["task", "launch", "three", "--wait"])
            #expect(three.status == 3, "\(three)")
            #expect(three.stdout.contains("task execution 2: ERROR (exit code 3)"), "\(three)")
            #expect(!three.stdout.contains("working"), "the log only with --follow: \(three)")

            let json = try await server.dataflow(["task", "launch", "three", "--wait", "--json"])
            #expect(json.status == 3, "\(json)")
            let ended = try #require(json.json as? [String: Any], "only the ended execution's JSON: \(json)")
            #expect(ended["executionId"] as? Int == 3 && ended["exitCode"] as? Int == 3 && ended["taskExecutionStatus"] as? String == "ERROR")
        }
    }

    @Test("launch --wait --follow prints the task's output once, arguments and properties reach it")
    func follow() async throws {
        try await ServerProcess.with(.sqlite) { server in
            let path = try server.script("talk.sh", """
                echo "first line $1"
                echo "to stderr" >&2
                while [ ! -f "$RELEASE-talk" ]; do sleep 0.02; done
                echo "second line"
                printf "no newline"
                """)
            try await server.define("talk", path: path)
            let talk = try TestProcess(
                "dataflow", ["task", "launch", "talk", "--arguments", "--who=me", "--properties", "app.talk.greeting=hi", "--wait", "--follow"],
                in: server.directory, environment: ["DATAFLOW_URI": server.url])
            try await talk.waitForOutput(containing: "to stderr")
            _ = FileManager.default.createFile(atPath: server.directory.path + "/release-talk", contents: nil)
            let outcome = try await talk.wait()
            #expect(outcome.status == 0, "\(outcome)")
            let lines = outcome.stdout.split(separator: "\n").map(String.init)
            for expected in ["first line --who=me", "to stderr", "second line", "no newline"] {
                #expect(lines.filter { $0 == expected }.count == 1, "'\(expected)' once: \(outcome.stdout)")
            }
            #expect(lines.firstIndex(of: "first line --who=me")! < lines.firstIndex(of: "second line")!)
            #expect(lines.last?.hasPrefix("task execution 1: COMPLETE (exit code 0)") == true, "\(outcome.stdout)")
            let shown = try await server.ended(1)
            #expect((shown["appProperties"] as? [String: String])?["greeting"] == "hi", "\(shown)")
            let rejected = try await server.dataflow(["task", "launch", "talk", "--follow", "--json"])
            #expect(rejected.status == 2 && rejected.stderr.contains("leave out --json"), "\(rejected)")
        }
    }

    @Test("Ctrl-C while waiting: dataflow exits 130 and the task goes on until stopped")
    func interrupt() async throws {
        try await ServerProcess.with(.sqlite) { server in
            try await server.define("gate", path: try server.script("gate.sh", "echo waiting\nwhile [ ! -f \"$RELEASE\" ]; do sleep 0.02; done"))
            let waiting = try TestProcess(
                "dataflow", ["task", "launch", "gate", "--wait", "--follow"], in: server.directory, environment: ["DATAFLOW_URI": server.url])
            try await waiting.waitForOutput(containing: "waiting")
            waiting.signal(SIGINT)
            let outcome = try await waiting.wait()
            #expect(outcome.status == 130, "\(outcome)")
            #expect(outcome.stderr.contains("note: stopped waiting for task execution 1, which goes on"), "\(outcome)")
            let shown = try #require(try await server.dataflow(["task", "execution", "status", "--id", "1", "--json"]).json as? [String: Any])
            #expect(shown["endTime"] is NSNull, "still running: \(shown)")
            let stopped = try await server.dataflow(["task", "execution", "stop", "--ids", "1"])
            #expect(stopped.stdout == "Request to stop the task execution with id(s): 1 has been submitted\n", "\(stopped)")
            let ended = try await server.ended(1)
            #expect(ended["exitCode"] as? Int == 143, "SIGTERM: \(ended)")
        }
    }
}
