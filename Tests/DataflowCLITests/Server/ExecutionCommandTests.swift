import DatabaseTestSupport
import Foundation
import Testing

/// `dataflow task execution ...` against the real server, and `list` and `status` on the
/// server's database directly, with the old spellings still working.
@Suite("dataflow task execution: list, status, log, current, cleanup; --db; the old spellings")
struct ExecutionCommandTests {
    @Test("list, status, log and current through the server; list and status with --db read the same rows", arguments: TestDatabase.allCases)
    func readThroughServerAndDatabase(_ database: TestDatabase) async throws {
        try await ServerProcess.with(database) { server in
            try await server.define("timestamp", path: timestampTask)
            try await server.define("three", path: try server.script("three.sh", "echo three says hi\nexit 3"))
            #expect(try await server.dataflow(["task", "launch", "timestamp", "--wait"]).status == 0)
            #expect(try await server.dataflow(["task", "launch", "three", "--wait"]).status == 3)

            let list = try await server.dataflow(["task", "execution", "list"])
            let rows = list.stdout.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
            #expect(rows.first == ["Task", "Name", "ID", "Start", "Time", "End", "Time", "Exit", "Code"], "\(list)")
            #expect(rows.dropFirst().map { [$0[0], $0[1], $0.last!] } == [["three", "2", "3"], ["timestamp", "1", "0"]], "\(list)")
            let page = try await server.dataflow(["task", "execution", "list", "--limit", "1"])
            #expect(page.stdout.hasSuffix("more: --page 1\n"), "\(page)")
            let named = try #require(try await server.dataflow(["task", "execution", "list", "--name", "three", "--json"]).json as? [[String: Any]])
            #expect(named.map { $0["executionId"] as? Int } == [2] && named.first?["taskExecutionStatus"] as? String == "ERROR")
            let unknownName = try await server.dataflow(["task", "execution", "list", "--name", "nope"])
            #expect(unknownName.status == 1 && unknownName.stderr.contains("nope"), "404: \(unknownName)")

            let status = try await server.dataflow(["task", "execution", "status", "--id", "2"])
            #expect(status.stdout.hasPrefix("Key "), "\(status)")
            for row in ["Name", "Status", "Exit Code", "External Execution Id"] {
                #expect(status.stdout.contains("\n\(row) "), "row \(row): \(status)")
            }
            #expect(status.stdout.contains("ERROR") && status.stdout.contains("three.sh"), "\(status)")
            let shown = try #require(try await server.dataflow(["task", "execution", "status", "2", "--json"]).json as? [String: Any])
            #expect(shown["exitCode"] as? Int == 3 && shown["taskName"] as? String == "three")
            let missing = try await server.dataflow(["task", "execution", "status", "--id", "99"])
            #expect(missing.status == 1 && missing.stderr == "error: Could not find TaskExecution with id 99\n", "\(missing)")

            let log = try await server.dataflow(["task", "execution", "log", "--id", "2"])
            #expect(log.status == 0 && log.stdout == "three says hi\n", "\(log)")
            let external = try #require(shown["externalExecutionId"] as? String)
            #expect(try await server.dataflow(["task", "execution", "log", "--external-execution-id", external]).stdout == "three says hi\n")

            let current = try await server.dataflow(["task", "execution", "current"])
            #expect(current.stdout.contains("Platform Name") && current.stdout.contains("default") && current.stdout.contains("20"), "\(current)")

            let direct = try await server.dataflow(["task", "execution", "list", "--db", server.database])
            #expect(direct.status == 0 && direct.stdout.contains("ERROR") && direct.stdout.contains("the task's process exited with code 3"), "\(direct)")
            let directJSON = try #require(try await server.dataflow(["task", "execution", "list", "--db", server.database, "--json"]).json as? [[String: Any]])
            #expect(directJSON.map { $0["executionId"] as? Int } == [2, 1])
            let directStatus = try await server.dataflow(["task", "execution", "status", "--id", "1", "--db", server.database])
            #expect(directStatus.stdout.hasPrefix("task execution 1: timestamp COMPLETE"), "\(directStatus)")
            let both = try await server.dataflow(["task", "execution", "list", "--db", server.database, "--server", server.url])
            #expect(both.status == 2 && both.stderr.contains("not both"), "\(both)")
        }
    }

    @Test("cleanup --id keeps the rows; --all asks first and removes every completed execution")
    func cleanup() async throws {
        try await ServerProcess.with(.sqlite) { server in
            try await server.define("three", path: try server.script("three.sh", "echo three says hi\nexit 3"))
            for _ in 1...3 { #expect(try await server.dataflow(["task", "launch", "three", "--wait"]).status == 3) }

            let one = try await server.dataflow(["task", "execution", "cleanup", "--id", "1"])
            #expect(one.stdout == "Request to clean up resources for task execution 1 has been submitted\n", "\(one)")
            #expect(try await server.dataflow(["task", "execution", "log", "--id", "1"]).stdout.isEmpty, "the log went with the launch directory")
            #expect(try await server.dataflow(["task", "execution", "status", "--id", "1"]).status == 0, "the row stays")

            let refused = try await server.dataflow(["task", "execution", "cleanup", "--all"], input: "n\n")
            #expect(refused.status == 1, "\(refused)")
            #expect(refused.stderr.contains("About to delete 3 completed task executions and related records"), "\(refused)")
            #expect(refused.stderr.contains("error: Cleanup process is canceled"), "\(refused)")
            let unanswered = try await server.dataflow(["task", "execution", "cleanup", "--task-name", "three"])
            #expect(unanswered.status == 1, "no answer is no: \(unanswered)")
            #expect((try await server.dataflow(["task", "execution", "list", "--json"]).json as? [Any])?.count == 3)

            let confirmed = try await server.dataflow(["task", "execution", "cleanup", "--all"], input: "y\n")
            #expect(confirmed.status == 0 && confirmed.stdout.contains("has been submitted"), "\(confirmed)")
            #expect((try await server.dataflow(["task", "execution", "list", "--json"]).json as? [Any])?.count == 0)
            let nothing = try await server.dataflow(["task", "execution", "cleanup", "--task-name", "three", "--force"])
            #expect(nothing.stdout == "No completed task executions available for deletion.\n", "\(nothing)")
            let neither = try await server.dataflow(["task", "execution", "cleanup"])
            #expect(neither.status == 2 && neither.stderr.contains("give one of --id N, --all and --task-name NAME"), "\(neither)")
        }
    }

    @Test("the old task executions and task execution <id> print what list --db and status --db print")
    func oldSpellings() async throws {
        try await withTemporaryDirectory { directory in
            let url = "sqlite:\(directory.path)/old.db"
            let run = try await CLI.run(["task", "exec", "--name", "old", "--db", url, "--", "/bin/sh", "-c", "exit 4"])
            #expect(run.status == 4, "\(run)")
            let pairs: [([String], [String])] = [
                (["task", "executions"], ["task", "execution", "list"]),
                (["task", "executions", "--json", "--name", "old"], ["task", "execution", "list", "--json", "--name", "old"]),
                (["task", "execution", "1"], ["task", "execution", "status", "--id", "1"]),
                (["task", "execution", "1", "--json"], ["task", "execution", "status", "--id", "1", "--json"]),
            ]
            for (old, new) in pairs {
                let before = try await CLI.run(old + ["--db", url])
                let now = try await CLI.run(new + ["--db", url])
                #expect(before.status == 0 && before.stderr.isEmpty, "\(old): \(before)")
                #expect(before.stdout == now.stdout, "\(old) prints what \(new) prints")
            }
            let help = try await CLI.run(["task", "--help"])
            let verbs = help.stdout.split(separator: "\n").filter { $0.hasPrefix("  ") && !$0.hasPrefix("   ") }.map { $0.split(separator: " ").first ?? "" }
            #expect(verbs.contains("execution") && !verbs.contains("executions"), "the old spelling is not advertised: \(help)")
        }
    }
}
