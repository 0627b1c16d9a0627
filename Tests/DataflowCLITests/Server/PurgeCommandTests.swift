import Database
import DatabaseTestSupport
import Foundation
import HistoryTestSupport
import Testing

/// `dataflow job purge` and `dataflow task execution purge` against the real server (and the
/// job purge with `--db` on the database): the table, `--json`, the dry run, the question on a
/// terminal, and exit codes.
@Suite("dataflow job purge and task execution purge")
struct PurgeCommandTests {
    static func count(_ database: String, _ sql: String) async throws -> Int {
        try await TestDatabase.connect(try DatabaseURL(database)) { Int(try await $0.query(sql)[0].decode(Int64.self, at: 0)) }
    }

    /// Loads Data Flow's history (job executions from 2018 to 2023) into the server's database.
    static func load(_ server: ServerProcess) async throws {
        try await ConnectionPool.withPool(url: try DatabaseURL(server.database), configuration: .init(maximumConnections: 1)) {
            try await SpringHistory.load(into: $0)
        }
    }

    /// The value of the row named `name` in a purge table.
    static func cell(_ table: String, _ name: String) -> String? {
        table.split(separator: "\n").first { $0.hasPrefix(name + " ") }.map { String($0.dropFirst(name.count)).trimmingCharacters(in: .whitespaces) }
    }

    @Test("job purge: dry run and purge through the server, as a table and JSON; --db on the database", arguments: TestDatabase.allCases)
    func jobs(_ database: TestDatabase) async throws {
        try await ServerProcess.with(database) { server in
            try await Self.load(server)
            let total = try await Self.count(server.database, "SELECT COUNT(*) FROM BATCH_JOB_EXECUTION")

            let dry = try await server.dataflow(["job", "purge", "--older-than", "30d", "--dry-run", "--batch-size", "100"])
            #expect(dry.status == 0, "\(dry)")
            #expect(dry.stdout.split(separator: "\n").first?.trimmingCharacters(in: .whitespaces) == "Would delete", "\(dry)")
            let wouldGo = try #require(Self.cell(dry.stdout, "Job executions").flatMap { Int($0) }, "\(dry)")
            #expect(wouldGo > 100 && dry.stdout.hasSuffix("(dry run: nothing was deleted)\n"), "\(dry)")
            #expect(Self.cell(dry.stdout, "Batches") == String((wouldGo + 99) / 100))
            #expect(try await Self.count(server.database, "SELECT COUNT(*) FROM BATCH_JOB_EXECUTION") == total)

            let json = try #require(try await server.dataflow(["job", "purge", "--older-than", "30d", "--dry-run", "--json"]).json as? [String: Any])
            #expect(json["dryRun"] as? Bool == true && json["jobExecutions"] as? Int == wouldGo)
            #expect((json["policy"] as? [String: Any])?["olderThan"] as? String == "30d")

            // Standard input is not a terminal: no question.
            let purged = try await server.dataflow(["job", "purge", "--older-than", "30d", "--batch-size", "100"])
            #expect(purged.status == 0 && Self.cell(purged.stdout, "Job executions") == String(wouldGo), "\(purged)")
            #expect(purged.stdout.split(separator: "\n").first?.trimmingCharacters(in: .whitespaces) == "Deleted", "\(purged)")
            #expect(try await Self.count(server.database, "SELECT COUNT(*) FROM BATCH_JOB_EXECUTION") == total - wouldGo)

            // Straight on the database: keep the newest of each job.
            let left = total - wouldGo
            let names = try await Self.count(server.database, "SELECT COUNT(DISTINCT JOB_NAME) FROM BATCH_JOB_INSTANCE")
            let direct = try await server.dataflow(["job", "purge", "--keep-last", "1", "--include-restartable", "--db", server.database, "--json"])
            let report = try #require(direct.json as? [String: Any], "\(direct)")
            #expect(report["dryRun"] as? Bool == false && (report["policy"] as? [String: Any])?["keepLast"] as? Int == 1)
            let gone = try #require(report["jobExecutions"] as? Int)
            #expect(try await Self.count(server.database, "SELECT COUNT(*) FROM BATCH_JOB_EXECUTION") == left - gone)
            #expect(try await Self.count(server.database, "SELECT COUNT(*) FROM BATCH_JOB_EXECUTION") >= names)
        }
    }

    @Test("task execution purge keeps the newest through the server, table and JSON")
    func tasks() async throws {
        try await ServerProcess.with(.sqlite) { server in
            try await server.define("timestamp", path: timestampTask)
            for _ in 1...3 { #expect(try await server.dataflow(["task", "launch", "timestamp", "--wait"]).status == 0) }
            let dry = try await server.dataflow(["task", "execution", "purge", "--keep-last", "1", "--task", "timestamp", "--dry-run", "--json"])
            let report = try #require(dry.json as? [String: Any], "\(dry)")
            #expect(report["taskExecutions"] as? Int == 2 && report["dryRun"] as? Bool == true)
            let purged = try await server.dataflow(["task", "execution", "purge", "--keep-last", "1", "--task", "timestamp"])
            #expect(purged.status == 0 && Self.cell(purged.stdout, "Task executions") == "2", "\(purged)")
            #expect(Self.cell(purged.stdout, "Task arguments").flatMap { Int($0) } ?? 0 > 0, "\(purged)")
            let list = try #require(try await server.dataflow(["task", "execution", "list", "--json"]).json as? [[String: Any]])
            #expect(list.map { $0["executionId"] as? Int } == [3])
        }
    }

    @Test("on a terminal a purge asks first: no cancels with exit 1 and deletes nothing, yes purges")
    func question() async throws {
        try await ServerProcess.with(.sqlite) { server in
            try await Self.load(server)
            let total = try await Self.count(server.database, "SELECT COUNT(*) FROM BATCH_JOB_EXECUTION")
            let command = "exec env DATAFLOW_URI=\(server.url) \(CLI.executable.path) job purge --older-than 30d"
            for (answer, status) in [("n", Int32(1)), ("y", Int32(0))] {
                let terminal = try TestProcess("/usr/bin/script", ["-q", "-e", "-c", command, "/dev/null"], in: server.directory, input: true)
                try await terminal.waitForOutput(containing: "Are you sure (y/n)?")
                terminal.input?.write(Data("\(answer)\n".utf8))
                let outcome = try await terminal.wait()
                try? terminal.input?.close()
                #expect(outcome.status == status, "\(outcome)")
                #expect(outcome.stdout.contains("About to delete ") && outcome.stdout.contains(" job executions ("), "\(outcome)")
                let left = try await Self.count(server.database, "SELECT COUNT(*) FROM BATCH_JOB_EXECUTION")
                if answer == "n" {
                    #expect(outcome.stdout.contains("error: purge canceled: nothing was deleted"), "\(outcome)")
                    #expect(left == total)
                } else {
                    #expect(outcome.stdout.contains("Deleted") && left < total, "\(outcome)")
                }
            }
            // --yes never asks, even on a terminal.
            let yes = try TestProcess("/usr/bin/script", ["-q", "-e", "-c", command + " --yes", "/dev/null"], in: server.directory, input: true)
            let outcome = try await yes.wait()
            try? yes.input?.close()
            #expect(outcome.status == 0 && !outcome.stdout.contains("Are you sure"), "\(outcome)")
        }
    }

    @Test("bad options exit 2 before anything is asked or deleted")
    func badOptions() async throws {
        let cases: [([String], String)] = [
            (["job", "purge"], "give --older-than (such as 30d), --keep-last N or both"),
            (["job", "purge", "--older-than", "30"], "--older-than: '30' has no unit (it could mean milliseconds or days): write 30d for days"),
            (["job", "purge", "--older-than", "soon"], "--older-than: 'soon' is not a duration"),
            (["job", "purge", "--keep-last=-2"], "--keep-last takes 0 or more, not -2"),
            (["job", "purge", "--older-than", "1d", "--batch-size", "0"], "--batch-size takes 1 to 10000, not 0"),
            (["job", "purge", "--older-than", "1d", "--db", "sqlite::memory:", "--server", "http://127.0.0.1:1"], "not both"),
            (["task", "execution", "purge", "--older-than", "12"], "--older-than: '12' has no unit"),
            (["task", "execution", "purge", "--older-than", "1d", "--task", ""], "--task needs a task name"),
        ]
        for (arguments, message) in cases {
            let outcome = try await CLI.run(arguments)
            #expect(outcome.status == 2, "\(arguments): \(outcome)")
            #expect(outcome.stderr.contains(message), "\(arguments): \(outcome)")
        }
        let unreachable = try await CLI.run(["job", "purge", "--older-than", "1d", "--server", "http://127.0.0.1:1"])
        #expect(unreachable.status == 1 && unreachable.stderr.contains("cannot reach the server"), "\(unreachable)")
    }
}
