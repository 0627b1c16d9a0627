import Database
import DatabaseTestSupport
import Foundation
import Testing

/// The real `csv-import` binary: generated input, kill -9 at random moments, signals, stop from
/// another process, and restarts until every row is in exactly once.
@Suite("csv-import end to end", .serialized)
struct CSVImportEndToEndTests {
    static func generate(_ rows: Int, in directory: URL, name: String = "tx.csv", seed: Int = 7) async throws -> String {
        let outcome = try await TestProcess.run("csv-import", 
            ["generate", "--rows", "\(rows)", "--output", name, "--seed", "\(seed)"], in: directory)
        #expect(outcome.status == 0, "\(outcome)")
        return name
    }

    /// One query on the job's database, without creating it when it does not exist yet.
    static func query(_ url: String, _ sql: String) async throws -> [SQLRow] {
        let configuration = ConnectionPool.Configuration(maximumConnections: 1, createIfMissing: false)
        return try await ConnectionPool.withPool(url: try DatabaseURL(url), configuration: configuration) { pool in
            try await pool.withConnection { try await $0.query(sql) }
        }
    }

    static func scalar(_ url: String, _ sql: String) async throws -> Int64 {
        try await query(url, sql)[0].decode(Int64?.self, at: 0) ?? 0
    }

    /// Committed chunks of the running import step (0 while there is none).
    static func committedChunks(_ url: String) async -> Int64 {
        (try? await scalar(
            url,
            "SELECT MAX(COMMIT_COUNT) FROM BATCH_STEP_EXECUTION WHERE STEP_NAME = 'importTransactions' AND STATUS = 'STARTED'"
        )) ?? 0
    }

    /// The table holds every id exactly once, the last execution completed, and the step
    /// counters over all executions add up to the input.
    static func expectComplete(_ url: String, rows: Int64) async throws {
        #expect(try await scalar(url, "SELECT COUNT(*) FROM transactions") == rows)
        #expect(try await scalar(url, "SELECT COUNT(DISTINCT id) FROM transactions") == rows)
        #expect(try await scalar(url, "SELECT MIN(id) FROM transactions") == 1)
        #expect(try await scalar(url, "SELECT MAX(id) FROM transactions") == rows)
        let sums = try await query(
            url,
            "SELECT SUM(READ_COUNT) AS R, SUM(WRITE_COUNT) AS W FROM BATCH_STEP_EXECUTION WHERE STEP_NAME = 'importTransactions'")
        #expect(try sums[0].decode(Int64.self, "R") == rows, "READ_COUNT over all executions")
        #expect(try sums[0].decode(Int64.self, "W") == rows, "WRITE_COUNT over all executions")
        let last = try await query(url, "SELECT STATUS FROM BATCH_JOB_EXECUTION ORDER BY JOB_EXECUTION_ID DESC LIMIT 1")
        #expect(try last[0].decode(String.self, "STATUS") == "COMPLETED")
        #expect(try await scalar(url, "SELECT COUNT(*) FROM BATCH_JOB_EXECUTION WHERE STATUS IN ('STARTING', 'STARTED', 'STOPPING')") == 0)
        #expect(try await scalar(url, "SELECT COUNT(*) FROM SB_JOB_EXECUTION_OWNER") == 0)
    }

    @Test("kill -9 at random moments, 10 runs, restart until COMPLETED: every row exactly once", arguments: TestDatabase.allCases)
    func killNine(_ database: TestDatabase) async throws {
        let rows: Int64 = 20_000
        var random = SystemRandomNumberGenerator()
        try await withTemporaryDirectory { directory in
            let file = try await Self.generate(Int(rows), in: directory)
            for run in 0..<10 {
                try await database.withIsolatedURLText { url in
                    let start = ["start", "importTransactions", "input.file=\(file)", "chunk.size=500,java.lang.Long,false", "--db", url, "--quiet"]
                    guard try await Self.killThenRestart(start, url: url, in: directory, run: run, random: &random) else { return }
                    try await Self.expectComplete(url, rows: rows)
                }
            }
        }
    }

    /// Starts `start`, kills it with SIGKILL at a random moment (any moment on every third run,
    /// else after a random number of committed chunks), then restarts the job until it
    /// completes. False when it took more than three restarts (recorded as a failure).
    static func killThenRestart(
        _ start: [String], url: String, in directory: URL, run: Int, random: inout SystemRandomNumberGenerator
    ) async throws -> Bool {
        let victim = try TestProcess("csv-import", start, in: directory)
        if run % 3 == 0 {
            // Any moment at all: during start-up, migration, the table step or the import.
            try await Task.sleep(for: .milliseconds(Int.random(in: 0...400, using: &random)))
        } else {
            let chunks = Int64.random(in: 1...30, using: &random)
            // Or the import finished first (40 chunks in all): then the kill finds nothing to kill.
            try await poll("\(chunks) committed chunks") {
                await Self.committedChunks(url) >= chunks || !victim.isRunning
            }
        }
        victim.signal(SIGKILL)
        let killed = try await victim.wait()
        var restarts = 0
        var outcome = killed
        while outcome.status != 0 {
            // Killed after the job completed, while the task's end was being recorded: nothing to restart.
            let last = try? await Self.query(url, "SELECT STATUS FROM BATCH_JOB_EXECUTION ORDER BY JOB_EXECUTION_ID DESC LIMIT 1")
            if let row = last?.first, try row.decode(String.self, "STATUS") == "COMPLETED" { break }
            restarts += 1
            #expect(restarts <= 3, "run \(run): \(outcome)")
            if restarts > 3 { return false }
            // The first attempt may have died before creating its execution: then start again.
            let hasExecution = (try? await Self.scalar(url, "SELECT COUNT(*) FROM BATCH_JOB_EXECUTION")) ?? 0
            let command = hasExecution > 0 ? ["restart", "importTransactions", "--db", url, "--quiet"] : start
            outcome = try await TestProcess.run("csv-import", command, in: directory)
            if killed.status == 128 + SIGKILL, run % 3 != 0, restarts == 1 {
                // Killed mid-import: the restart found the dead execution and said so.
                #expect(outcome.stderr.contains("which is gone; recovered it as FAILED"), "run \(run): \(outcome)")
            }
        }
        return true
    }

    @Test("SIGTERM and SIGINT stop after the current chunk: STOPPED, exit 143/130, restart completes", arguments: [
        (TestDatabase.sqlite, SIGTERM), (TestDatabase.postgresql, SIGTERM), (TestDatabase.sqlite, SIGINT),
    ])
    func signals(_ database: TestDatabase, _ signal: Int32) async throws {
        let rows: Int64 = 60_000
        try await withTemporaryDirectory { directory in
            let file = try await Self.generate(Int(rows), in: directory)
            try await database.withIsolatedURLText { url in
                let job = try TestProcess("csv-import", 
                    ["start", "importTransactions", "input.file=\(file)", "chunk.size=200,java.lang.Long,false", "--db", url], in: directory)
                try await job.freeze(when: "3 committed chunks") { await Self.committedChunks(url) >= 3 }
                job.signal(signal)
                job.thaw()
                let stopped = try await job.wait()
                // It stopped at a chunk boundary, well before the end of the file, not after it.
                let written = try await Self.scalar(url, "SELECT WRITE_COUNT FROM BATCH_STEP_EXECUTION WHERE STEP_NAME = 'importTransactions'")
                #expect(written >= 600 && written < rows, "wrote \(written) of \(rows)")
                #expect(stopped.status == 128 + signal, "\(stopped)")
                #expect(stopped.stdout.contains("STOPPED"), "\(stopped)")
                #expect(stopped.stderr.contains("restart"), "\(stopped)")
                let status = try await Self.query(url, "SELECT STATUS, END_TIME FROM BATCH_JOB_EXECUTION")
                #expect(try status[0].decode(String.self, "STATUS") == "STOPPED")
                #expect(try status[0].decode(Date?.self, "END_TIME") != nil)
                // The run was a task: its row says a signal stopped it, and links the stopped job execution.
                let name = signal == SIGTERM ? "SIGTERM" : "SIGINT"
                let task = try await Self.query(url, "SELECT TASK_EXECUTION_ID, EXIT_CODE, EXIT_MESSAGE, ERROR_MESSAGE FROM TASK_EXECUTION")
                #expect(try task[0].decode(Int64.self, "EXIT_CODE") == Int64(128 + signal))
                // The exit message is the job's exit status; how to resume is the error message.
                #expect(try task[0].decode(String.self, "EXIT_MESSAGE") == "STOPPED")
                let message = try task[0].decode(String.self, "ERROR_MESSAGE")
                #expect(message.contains("STOPPED (stopped by \(name))") && message.contains("restart"), "\(message)")
                #expect(try await Self.scalar(url, "SELECT COUNT(*) FROM TASK_TASK_BATCH") == 1)
                let restarted = try await TestProcess.run("csv-import", ["restart", "importTransactions", "--db", url, "--quiet"], in: directory)
                #expect(restarted.status == 0, "\(restarted)")
                try await Self.expectComplete(url, rows: rows)
            }
        }
    }

    @Test("stop <id> from another process: the job ends STOPPED at a chunk boundary", arguments: TestDatabase.allCases)
    func stopCommand(_ database: TestDatabase) async throws {
        // The stop goes through the database while the job runs (frozen, it could hold SQLite's
        // write lock): enough rows that it is still running when the stop arrives.
        let rows: Int64 = 400_000
        try await withTemporaryDirectory { directory in
            let file = try await Self.generate(Int(rows), in: directory)
            try await database.withIsolatedURLText { url in
                let job = try TestProcess("csv-import", 
                    ["start", "importTransactions", "input.file=\(file)", "chunk.size=200,java.lang.Long,false", "--db", url,
                     "--heartbeat-interval", "100ms", "--quiet"], in: directory)
                try await job.freeze(when: "2 committed chunks") { await Self.committedChunks(url) >= 2 }
                job.thaw()
                let id = try await Self.scalar(url, "SELECT MAX(JOB_EXECUTION_ID) FROM BATCH_JOB_EXECUTION")
                let stop = try await TestProcess.run("csv-import", ["stop", "\(id)", "--db", url], in: directory)
                #expect(stop.status == 0, "\(stop)")
                let stopped = try await job.wait()
                #expect(stopped.status == 1, "\(stopped)")
                #expect(stopped.stdout.contains("STOPPED"), "\(stopped)")
                let again = try await TestProcess.run("csv-import", ["stop", "\(id)", "--db", url], in: directory)
                #expect(again.status == 1 && again.stderr.contains("not running"), "\(again)")
                let shown = try await TestProcess.run("csv-import", ["execution", "\(id)", "--json", "--db", url], in: directory)
                let json = try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
                #expect(json["status"] as? String == "STOPPED")
                let steps = try #require(json["steps"] as? [[String: Any]])
                #expect(steps.last?["status"] as? String == "STOPPED")
                let restarted = try await TestProcess.run("csv-import", ["restart", "\(id)", "--db", url, "--quiet"], in: directory)
                #expect(restarted.status == 0, "\(restarted)")
                try await Self.expectComplete(url, rows: rows)
            }
        }
    }

    @Test("two processes start the same instance at once: one runs, the other is told it is already running")
    func concurrentStart() async throws {
        try await withTemporaryDirectory { directory in
            let file = try await Self.generate(60_000, in: directory)
            for database in TestDatabase.allCases {
                try await database.withIsolatedURLText { url in
                    let migrate = try await TestProcess.run("csv-import", ["jobs", "--db", url], in: directory)
                    #expect(migrate.status == 0, "\(migrate)")
                    let arguments = ["start", "importTransactions", "input.file=\(file)", "--db", url, "--quiet"]
                    let first = try TestProcess("csv-import", arguments, in: directory)
                    let second = try TestProcess("csv-import", arguments, in: directory)
                    let outcomes = [try await first.wait(), try await second.wait()]
                    #expect(outcomes.filter { $0.status == 0 }.count == 1, "\(database): \(outcomes)")
                    let loser = try #require(outcomes.first { $0.status != 0 })
                    #expect(loser.status == 1 && loser.stderr.contains("already running"), "\(database): \(loser)")
                    #expect(!loser.stderr.contains("ptimistic"), "no optimistic-lock noise")
                    try await Self.expectComplete(url, rows: 60_000)
                }
            }
        }
    }
}
