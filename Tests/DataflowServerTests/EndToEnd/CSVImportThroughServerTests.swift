import BatchRuntime
import Database
import DatabaseTestSupport
import Foundation
import TaskRuntime
import Testing

/// The real csv-import, launched and stopped through the server's REST API.
@Suite("csv-import through the server: stopped by REST at a chunk boundary, resumed by the same launch")
struct CSVImportThroughServerTests {
    static func scalar(_ client: ServerHarness.Client, _ sql: String) async throws -> Int64 {
        try await client.pool.withConnection { try await $0.query(sql)[0].decode(Int64?.self, at: 0) ?? 0 }
    }

    /// Whether another connection holds the SQLite file's write lock (a write here would wait).
    static func writeLockHeld(_ client: ServerHarness.Client) async throws -> Bool {
        let url = try DatabaseURL(client.databaseURL)
        return try await ConnectionPool.withPool(url: url, configuration: .init(maximumConnections: 1, busyTimeout: .zero)) { probe in
            do {
                try await probe.transaction { try await $0.execute("DELETE FROM BATCH_JOB_EXECUTION WHERE 1 = 0") }
                return false
            } catch let error as DatabaseError where error.code == .busy {
                return true
            }
        }
    }

    @Test("stop through REST ends it STOPPED (143); launching it again resumes the same instance to COMPLETED", arguments: TestDatabase.allCases)
    func stopAndResume(_ database: TestDatabase) async throws {
        // Large enough that a loaded machine's poll sees it running (60,000 rows took 1.3 s and
        // were sometimes done before the poll looked).
        let rows: Int64 = 400_000
        try await ServerHarness.with(database) { client in
            let generated = try await TestProcess.run(
                "csv-import", ["generate", "--rows", "\(rows)", "--output", "tx.csv", "--seed", "7"], in: client.directory)
            #expect(generated.status == 0, "\(generated)")
            let file = client.directory.appendingPathComponent("tx.csv").path
            try await client.define("import", app: "csv-import", path: TestProcess.executable("csv-import").path)
            let arguments = "input.file=\(file) chunk.size=200,java.lang.Long,false"
            let first = try await client.launch("import", arguments: arguments)
            // Three committed chunks, then the import is frozen (SIGSTOP) while the stop goes out:
            // on a loaded machine the HTTP round trip could outlast the rest of the file. The
            // SIGTERM waits pending and is the first thing the import sees when it thaws. The
            // chunks are counted only while it is frozen (freeze(pid:)): polled while it ran, a
            // fast import once ended between the count and the SIGSTOP. On SQLite it must not be
            // frozen inside a chunk's transaction: its write lock would then keep the server from
            // recording the stop. Its process is the job execution's owner, there from its start.
            var owner: Int64?
            try await poll("the import's job execution and its process") {
                guard let job = try await TaskExplorer(pool: client.pool).jobExecutionIds(ofTaskExecution: Int64(first)).first else {
                    let execution = try await client.get("/tasks/executions/\(first)").json
                    if execution["endTime"].string != nil { throw TestSetupError("the import ended before its job started: \(execution)") }
                    return false
                }
                owner = try await JobRepository(pool: client.pool).owner(ofJobExecution: job)?.pid
                return owner != nil
            }
            let pid = try #require(owner)
            try await freeze(pid: Int32(pid), when: "3 committed chunks, outside a write") {
                let chunks = (try? await Self.scalar(client, "SELECT MAX(COMMIT_COUNT) FROM BATCH_STEP_EXECUTION WHERE STATUS = 'STARTED'")) ?? 0
                guard chunks >= 3 else { return false }
                guard client.pool.dialect == .sqlite else { return true }
                return try await !Self.writeLockHeld(client)
            }
            let answer = try await client.post("/tasks/executions/\(first)").status
            kill(pid_t(pid), SIGCONT)
            #expect(answer == 200)
            let stopped = try await client.ended(first)
            #expect(stopped["exitCode"].int == 143, "\(stopped)")
            #expect(stopped["jobExecutionIds"].array.count == 1)
            let status = try await client.pool.withConnection { try await $0.query("SELECT STATUS FROM BATCH_JOB_EXECUTION")[0].decode(String.self, "STATUS") }
            #expect(status == "STOPPED")
            let written = try await Self.scalar(client, "SELECT SUM(WRITE_COUNT) FROM BATCH_STEP_EXECUTION")
            #expect(written >= 600 && written < rows && written % 200 == 0, "stopped at a chunk boundary: \(written) of \(rows)")

            let second = try await client.launch("import", arguments: arguments)
            let resumed = try await client.ended(second)
            #expect(resumed["exitCode"].int == 0, "\(resumed)")
            #expect(try await Self.scalar(client, "SELECT COUNT(DISTINCT JOB_INSTANCE_ID) FROM BATCH_JOB_EXECUTION") == 1, "the same instance")
            #expect(try await Self.scalar(client, "SELECT COUNT(*) FROM BATCH_JOB_EXECUTION") == 2)
            #expect(try await Self.scalar(client, "SELECT COUNT(DISTINCT id) FROM transactions") == rows, "every row exactly once")
            #expect(try await Self.scalar(client, "SELECT COUNT(*) FROM transactions") == rows)
        }
    }
}
