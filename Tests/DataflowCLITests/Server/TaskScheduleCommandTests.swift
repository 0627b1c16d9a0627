import DatabaseTestSupport
import Foundation
import Testing

/// `dataflow task schedule create/list/destroy` against the real server (a separate process),
/// which then fires the schedule itself.
@Suite("dataflow task schedule create, list, destroy")
struct TaskScheduleCommandTests {
    @Test("create shows the next fire; list has the shell's columns and the next fire time; the server fires it; destroy deletes it")
    func lifecycle() async throws {
        try await ServerProcess.with(.sqlite) { server in
            try await server.define("stamp", path: timestampTask)
            let created = try await server.dataflow([
                "task", "schedule", "create", "--name", "every-second", "--definitionName", "stamp", "--expression", "* * * * * *",
                "--properties", "scheduler.cron.time-zone=UTC,scheduler.concurrency-policy=Allow",
            ])
            #expect(created.status == 0, "\(created)")
            #expect(created.stdout.hasPrefix("Created schedule 'every-second' of task 'stamp'; it fires next at 20"), "\(created)")

            let list = try await server.dataflow(["task", "schedule", "list"])
            let lines = list.stdout.split(separator: "\n").map(String.init)
            #expect(lines.first?.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
                == "Schedule Name Task Definition Name Cron Expression Time Zone Next Fire Time Last Fire", "\(list)")
            #expect(lines.contains { $0.hasPrefix("every-second ") && $0.contains("* * * * * *") && $0.contains("UTC") }, "\(list)")

            // The server fires it: a task execution of stamp appears, launched by the schedule.
            try await poll("a fire of every-second") {
                let json = try await server.dataflow(["task", "schedule", "list", "--definitionName", "stamp", "--json"]).json as? [[String: Any]]
                return (json?.first?["lastTaskExecutionId"] as? Int).map { $0 > 0 } ?? false
            }
            let destroyed = try await server.dataflow(["task", "schedule", "destroy", "--name", "every-second"])
            #expect(destroyed.stdout == "Deleted schedule 'every-second'\n", "\(destroyed)")
            let empty = try #require(try await server.dataflow(["task", "schedule", "list", "--json"]).json as? [Any])
            #expect(empty.isEmpty)
            let again = try await server.dataflow(["task", "schedule", "destroy", "--name", "every-second"])
            #expect(again.status == 1 && again.stderr == "error: Schedule every-second does not exist\n", "\(again)")
        }
    }

    @Test("a bad cron expression exits 2 with the field and position, and nothing is scheduled")
    func badExpression() async throws {
        try await ServerProcess.with(.sqlite) { server in
            try await server.define("stamp", path: timestampTask)
            let bad = try await server.dataflow([
                "task", "schedule", "create", "--name", "bad", "--definitionName", "stamp", "--expression", "0 0 25 * * *",
            ])
            #expect(bad.status == 2, "\(bad)")
            #expect(bad.errorLines.count == 1 && bad.stderr.contains("25"), "\(bad)")
            let empty = try #require(try await server.dataflow(["task", "schedule", "list", "--json"]).json as? [Any])
            #expect(empty.isEmpty)
        }
    }
}
