import BatchRuntime
import Database
import DatabaseTestSupport
import Foundation
import Testing

/// The real `csv-import` launched as Data Flow launches a Spring Boot batch app: no command,
/// job parameters and `--spring.*` properties only. The same launch, repeated, resumes a
/// failed or stopped instance.
@Suite("csv-import launched without a command", .serialized)
struct CSVImportLaunchTests {
    typealias E2E = CSVImportEndToEndTests

    /// Opens the (migrated) database at `url` for the test's own reads and writes.
    static func withPool<T: Sendable>(_ url: String, _ body: (ConnectionPool) async throws -> T) async throws -> T {
        try await ConnectionPool.withPool(url: try DatabaseURL(url)) { pool in
            try await Migrator(pool: pool).migrate()
            return try await body(pool)
        }
    }

    /// The instance ids of the job's executions, oldest first.
    static func instances(_ url: String) async throws -> [Int64] {
        try await E2E.query(url, "SELECT JOB_INSTANCE_ID FROM BATCH_JOB_EXECUTION ORDER BY JOB_EXECUTION_ID")
            .map { try $0.decode(Int64.self, "JOB_INSTANCE_ID") }
    }

    @Test("the job runs to COMPLETED inside the task the server created; a second launch is a new task and the next run.id", arguments: TestDatabase.allCases)
    func completes(_ database: TestDatabase) async throws {
        try await withTemporaryDirectory { directory in
            let file = try await E2E.generate(500, in: directory)
            try await database.withIsolatedURLText { url in
                let created = try await Self.withPool(url) { try await TaskRepository(pool: $0).createTaskExecution(name: "csv-import") }
                let launch = ["input.file=\(file)", "--spring.cloud.task.executionid=\(created.executionId)",
                              "--spring.datasource.url=\(url)", "--quiet"]
                let outcome = try await TestProcess.run("csv-import", launch, in: directory)
                #expect(outcome.status == 0, "\(outcome)")
                #expect(outcome.stdout.contains("COMPLETED"), "\(outcome)")
                try await E2E.expectComplete(url, rows: 500)
                let names = try await E2E.query(url, "SELECT PARAMETER_NAME FROM BATCH_JOB_EXECUTION_PARAMS ORDER BY PARAMETER_NAME")
                    .map { try $0.decode(String.self, "PARAMETER_NAME") }
                #expect(names == ["input.file", "run.id"], "only job parameters, with the incrementer's run.id")
                try await Self.withPool(url) { pool in
                    let explorer = TaskExplorer(pool: pool)
                    let tasks = try await explorer.taskExecutions()
                    #expect(tasks.map(\.executionId) == [created.executionId], "the server's row, no other")
                    let task = try #require(tasks.first)
                    #expect(task.status == .complete && task.exitCode == 0 && task.arguments == launch)
                    #expect(try await explorer.jobExecutionIds(ofTaskExecution: task.executionId).count == 1)
                }
                // Another launch, without a server (of a file that is not there): the last instance
                // completed, so the incrementer makes the next one, recorded as a new task.
                let again = try await TestProcess.run("csv-import", ["input.file=absent.csv", "--db", url, "--quiet"], in: directory)
                #expect(again.status == 1 && again.stderr.contains("cannot open input file 'absent.csv'"), "\(again)")
                let runIds = try await E2E.query(url, "SELECT PARAMETER_VALUE FROM BATCH_JOB_EXECUTION_PARAMS WHERE PARAMETER_NAME = 'run.id' ORDER BY JOB_EXECUTION_ID")
                #expect(try runIds.map { try $0.decode(String.self, "PARAMETER_VALUE") } == ["1", "2"])
                #expect(Set(try await Self.instances(url)).count == 2)
                #expect(try await E2E.scalar(url, "SELECT COUNT(*) FROM TASK_EXECUTION") == 2)
                #expect(try await E2E.scalar(url, "SELECT COUNT(*) FROM TASK_TASK_BATCH") == 2)
            }
        }
    }

    @Test("a launch that failed, launched again with the same arguments, resumes its instance: every row once", arguments: TestDatabase.allCases)
    func resumesFailed(_ database: TestDatabase) async throws {
        try await withTemporaryDirectory { directory in
            var lines = (1...50).map { CSVImportBadInputTests.line($0) }
            let good = lines
            lines[36] = "37,ACC-1,10.00,EUR,2024-01-31T10:00:00Z,\"memo \"bad\" quote\"\n"
            let path = directory.appendingPathComponent("in.csv").path
            try (CSVImportBadInputTests.header + lines.joined()).write(toFile: path, atomically: true, encoding: .utf8)
            try await database.withIsolatedURLText { url in
                let launch = ["input.file=in.csv", "chunk.size=10,java.lang.Long,false", "--spring.datasource.url=\(url)", "--quiet"]
                let failed = try await TestProcess.run("csv-import", launch, in: directory)
                #expect(failed.status == 1, "\(failed)")
                #expect(failed.stderr.contains("in.csv:38") && failed.stderr.contains("launch it again with the same arguments"), "\(failed)")
                #expect(try await E2E.scalar(url, "SELECT COUNT(*) FROM transactions") == 30)
                try (CSVImportBadInputTests.header + good.joined()).write(toFile: path, atomically: true, encoding: .utf8)
                let resumed = try await TestProcess.run("csv-import", launch, in: directory)
                #expect(resumed.status == 0, "\(resumed)")
                #expect(resumed.stderr.contains("restarting job importTransactions instance"), "\(resumed)")
                let instances = try await Self.instances(url)
                #expect(instances.count == 2 && Set(instances).count == 1, "one instance, two executions: \(instances)")
                // READ_COUNT over both executions adds up to the file: the second read only what was left.
                try await E2E.expectComplete(url, rows: 50)
                #expect(try await E2E.scalar(url, "SELECT COUNT(*) FROM TASK_TASK_BATCH") == 2)
            }
        }
    }

    @Test("SIGTERM stops a launch after its chunk (143, STOPPED); the same launch resumes it", arguments: TestDatabase.allCases)
    func resumesStopped(_ database: TestDatabase) async throws {
        let rows: Int64 = 60_000
        try await withTemporaryDirectory { directory in
            let file = try await E2E.generate(Int(rows), in: directory)
            try await database.withIsolatedURLText { url in
                let launch = ["input.file=\(file)", "chunk.size=200,java.lang.Long,false", "--spring.datasource.url=\(url)"]
                let job = try TestProcess("csv-import", launch, in: directory)
                try await job.freeze(when: "3 committed chunks") { await E2E.committedChunks(url) >= 3 }
                job.signal(SIGTERM)
                job.thaw()
                let stopped = try await job.wait()
                #expect(stopped.status == 143, "\(stopped)")
                #expect(stopped.stderr.contains("resume it by launching it again with the same arguments"), "\(stopped)")
                let written = try await E2E.scalar(url, "SELECT WRITE_COUNT FROM BATCH_STEP_EXECUTION WHERE STEP_NAME = 'importTransactions'")
                #expect(written >= 600 && written < rows, "stopped at a chunk boundary: \(written) of \(rows)")
                let status = try await E2E.query(url, "SELECT STATUS FROM BATCH_JOB_EXECUTION")
                #expect(try status[0].decode(String.self, "STATUS") == "STOPPED")
                let resumed = try await TestProcess.run("csv-import", launch + ["--quiet"], in: directory)
                #expect(resumed.status == 0, "\(resumed)")
                let instances = try await Self.instances(url)
                #expect(instances.count == 2 && Set(instances).count == 1, "\(instances)")
                try await E2E.expectComplete(url, rows: rows)
            }
        }
    }

    @Test("which job: --spring.batch.job.name or SPRING_BATCH_JOB_NAME, the only job, else exit 2 naming the jobs")
    func whichJob() async throws {
        try await withTemporaryDirectory { directory in
            let url = "sqlite:\(directory.path)/jobs.db"
            let several = try await TestProcess.run("batch-fixture", ["--db", url], in: directory)
            #expect(several.status == 2, "\(several)")
            #expect(several.stderr.contains("3 jobs (hello, goodbye, partitioned)") && several.stderr.contains("--spring.batch.job.name"), "\(several)")
            let named = try await TestProcess.run("batch-fixture", ["--spring.batch.job.name=goodbye", "--db", url], in: directory)
            #expect(named.status == 0 && named.stdout.contains("job goodbye execution"), "\(named)")
            // Only the environment: a container or scheduler launching the app with no arguments.
            let environment = ["SPRING_BATCH_JOB_NAME": "hello", "SPRING_DATASOURCE_URL": url]
            let fromEnvironment = try await TestProcess.run("batch-fixture", [], in: directory, environment: environment)
            #expect(fromEnvironment.status == 0 && fromEnvironment.stdout.contains("job hello execution"), "\(fromEnvironment)")
            let unknown = try await TestProcess.run(
                "csv-import", ["input.file=x.csv", "--db", url], in: directory, environment: ["SPRING_BATCH_JOB_NAME": "nope"])
            #expect(unknown.status == 2 && unknown.stderr.contains("no job named 'nope' (SPRING_BATCH_JOB_NAME)"), "\(unknown)")
            let bare = try await TestProcess.run("batch-fixture", [], in: directory)
            #expect(bare.status == 2 && bare.stdout.contains("usage: batch-fixture"), "typed alone, the name shows the usage: \(bare)")
        }
    }

    @Test("a bare word is a command: a typo or a job name is an unknown command (exit 2), never a launch")
    func unknownCommand() async throws {
        try await withTemporaryDirectory { directory in
            let url = "sqlite:\(directory.path)/typo.db"
            let cases: [([String], String)] = [
                (["strat", "input.file=x.csv", "--db", url], "unknown command 'strat'"),
                (["strat"], "unknown command 'strat'"),
                (["importTransactions", "input.file=x.csv", "--db", url], "use 'start importTransactions ...'"),
            ]
            for (arguments, message) in cases {
                let outcome = try await TestProcess.run("csv-import", arguments, in: directory)
                #expect(outcome.status == 2, "\(arguments): \(outcome)")
                let errors = outcome.stderr.split(separator: "\n").filter { $0.hasPrefix("error:") }
                #expect(errors.count == 1 && errors[0].contains(message), "\(arguments): \(outcome)")
            }
            #expect(!FileManager.default.fileExists(atPath: "\(directory.path)/typo.db"), "an unknown command opens no database")
            let other = "sqlite:\(directory.path)/other.db"
            let misplaced = try await TestProcess.run("csv-import", ["input.file=x.csv", "start", "--db", other], in: directory)
            #expect(misplaced.status == 2 && misplaced.stderr.contains("bad job parameter 'start'"), "\(misplaced)")
            let next = try await TestProcess.run("csv-import", ["input.file=x.csv", "--next", "--db", other], in: directory)
            #expect(next.status == 2 && next.stderr.contains("--next belongs to 'start'"), "\(next)")
        }
    }
}
