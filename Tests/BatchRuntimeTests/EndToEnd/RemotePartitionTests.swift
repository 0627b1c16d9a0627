import Database
import DatabaseTestSupport
import Foundation
import Testing

/// Remote partitions as real processes: `batch-fixture`'s `partitioned` job runs each of its
/// three partitions in a `worker` process of the same executable.
@Suite("Remote partition workers as real processes")
struct RemotePartitionTests {
    static func scalar(_ url: String, _ sql: String) async throws -> Int64 { try await CSVImportEndToEndTests.scalar(url, sql) }

    /// Step name → (status, exit description, read count) of every execution, oldest first.
    static func steps(_ url: String) async throws -> [String: [(status: String, exit: String, read: Int64)]] {
        let rows = try await CSVImportEndToEndTests.query(
            url, "SELECT STEP_NAME, STATUS, EXIT_MESSAGE, READ_COUNT FROM BATCH_STEP_EXECUTION ORDER BY STEP_EXECUTION_ID")
        var steps: [String: [(status: String, exit: String, read: Int64)]] = [:]
        for row in rows {
            steps[try row.decode(String.self, "STEP_NAME"), default: []].append(
                (try row.decode(String.self, "STATUS"), try row.decode(String?.self, "EXIT_MESSAGE") ?? "", try row.decode(Int64.self, "READ_COUNT")))
        }
        return steps
    }

    @Test("a worker killed with SIGKILL fails its partition and the manager's step, the others complete; the restart runs only that partition, from its last chunk", arguments: TestDatabase.allCases)
    func killedWorker(_ database: TestDatabase) async throws {
        try await withTemporaryDirectory { directory in
            try await database.withIsolatedURLText { url in
                let manager = try TestProcess(
                    "batch-fixture", ["start", "partitioned", "rows=3000", "hold.partition=partition1", "hold.at=1350", "--db", url, "--quiet"],
                    in: directory)
                let line = try await manager.line(startingWith: "HOLD ", firstLine: true)
                let pid = try #require(line.split(separator: "=").last.flatMap { Int32($0) }, "\(line)")
                #expect(line.hasPrefix("loadRange:partition1 pid="), "\(line)")
                #expect(pid != manager.pid, "the partition runs in a process of its own")
                kill(pid, SIGKILL)
                let failed = try await manager.wait()
                #expect(failed.status == 1, "\(failed)")
                var steps = try await Self.steps(url)
                #expect(steps["loadRange:partition0"]?.map(\.status) == ["COMPLETED"])
                #expect(steps["loadRange:partition2"]?.map(\.status) == ["COMPLETED"])
                let killed = try #require(steps["loadRange:partition1"]?.first)
                #expect(killed.status == "FAILED")
                #expect(killed.exit.contains("its worker was killed by signal 9 (SIGKILL) while its partition was running"), "\(killed.exit)")
                #expect(killed.exit.contains("restart the job"), "\(killed.exit)")
                #expect(steps["load"]?.map(\.status) == ["FAILED"])
                #expect(steps["load"]?.first?.exit.contains("loadRange:partition1 FAILED") == true, "\(String(describing: steps["load"]))")
                // Chunks of 100 from 1001: 1001...1300 committed before the chunk holding 1350.
                #expect(try await Self.scalar(url, "SELECT COUNT(*) FROM FIXTURE_ROWS") == 2300)
                let jobExecution = try await Self.scalar(url, "SELECT MAX(JOB_EXECUTION_ID) FROM BATCH_JOB_EXECUTION")

                let restart = try await TestProcess.run("batch-fixture", ["restart", "\(jobExecution)", "--db", url, "--quiet"], in: directory)
                #expect(restart.status == 0, "\(restart)")
                steps = try await Self.steps(url)
                #expect(steps["loadRange:partition0"]?.count == 1, "a completed partition is not run again")
                #expect(steps["loadRange:partition2"]?.count == 1, "a completed partition is not run again")
                #expect(steps["loadRange:partition1"]?.map(\.status) == ["FAILED", "COMPLETED"])
                #expect(steps["loadRange:partition1"]?.last?.read == 700, "resumed after 1300, its last committed chunk")
                #expect(try await Self.scalar(url, "SELECT COUNT(*) FROM FIXTURE_ROWS") == 3000)
                #expect(try await Self.scalar(url, "SELECT COUNT(DISTINCT ID) FROM FIXTURE_ROWS WHERE ID BETWEEN 1 AND 3000") == 3000)
                #expect(try await Self.scalar(url, "SELECT COUNT(*) FROM FIXTURE_ROWS WHERE STEP = 'loadRange:partition1'") == 1000)
            }
        }
    }

    @Test("a worker for a step execution that is not waiting for one is refused with the reason, exit 1, and changes nothing")
    func refusedAssignment() async throws {
        try await withTemporaryDirectory { directory in
            let url = "sqlite:\(directory.path)/jobs.db"
            let run = try await TestProcess.run("batch-fixture", ["start", "partitioned", "rows=300", "--db", url, "--quiet"], in: directory)
            #expect(run.status == 0, "\(run)")
            let step = try await Self.scalar(url, "SELECT MIN(STEP_EXECUTION_ID) FROM BATCH_STEP_EXECUTION WHERE STEP_NAME LIKE 'loadRange:%'")
            let job = try await Self.scalar(url, "SELECT MAX(JOB_EXECUTION_ID) FROM BATCH_JOB_EXECUTION")
            let again = try await TestProcess.run(
                "batch-fixture",
                ["worker", "--spring.cloud.task.job-execution-id=\(job)", "--spring.cloud.task.step-execution-id=\(step)",
                 "--spring.cloud.task.step-name=loadRange:partition0", "--db", url], in: directory)
            #expect(again.status == 1, "\(again)")
            #expect(again.stderr.contains("job execution \(job) is COMPLETED; a worker runs partitions of a running execution only"), "\(again)")
            let missing = try await TestProcess.run("batch-fixture", ["worker", "--spring.cloud.task.job-execution-id=\(job)", "--db", url], in: directory)
            #expect(missing.status == 2 || missing.status == 1, "\(missing)")
            #expect(missing.stderr.contains("--spring.cloud.task.step-execution-id is missing"), "\(missing)")
            #expect(try await Self.scalar(url, "SELECT COUNT(*) FROM FIXTURE_ROWS") == 300)
        }
    }
}
