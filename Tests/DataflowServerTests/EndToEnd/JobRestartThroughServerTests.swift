import BatchRuntime
import DataflowServer
import Database
import DatabaseTestSupport
import Foundation
import Synchronization
import TaskRuntime
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The real csv-import launched through the server, killed with kill -9 or stopped through
/// REST, and restarted through REST and `dataflow job execution restart`.
///
/// The input is a FIFO the test feeds, so the import blocks reading the chunk after the rows
/// given: the chunk boundary where it is killed or stopped is an event the database shows
/// (its step's write count), on a loaded machine as on an idle one. For the restart the FIFO is
/// replaced by a regular file with every row, at the same path (the same `input.file`, so the
/// same job instance).
@Suite("Job restart through the server: csv-import killed or stopped at a chunk boundary, resumed by restart, every row once")
struct JobRestartThroughServerTests {
    static let chunk = 50
    static let csvImport = TestProcess.executable("csv-import").path

    @Test("kill -9 at a random chunk: dead, not running; 'dataflow job execution restart --wait' records it FAILED and resumes it",
          arguments: TestDatabase.allCases, 1...3)
    func killAndRestart(_ database: TestDatabase, _ round: Int) async throws {
        let chunks = Int.random(in: 1...8)
        let rows = chunks * Self.chunk + 2 * Self.chunk + 17
        try await ServerHarness.with(database) { client in
            let feed = try InputFeed(client.directory.appendingPathComponent("input.csv").path)
            try feed.write(InputFeed.header + InputFeed.rows(1...(chunks * Self.chunk)))
            try await client.define("import", app: "csv-import", path: Self.csvImport)
            let task = try await client.launch("import", arguments: "input.file=\(feed.path) chunk.size=\(Self.chunk),java.lang.Long,false")
            let killed = try await Self.committed(client, task: task, rows: chunks * Self.chunk)
            let explorer = JobExplorer(pool: client.pool)
            let owner = try #require(try await JobRepository(pool: client.pool).owner(ofJobExecution: killed.id))
            #expect(kill(pid_t(owner.pid), SIGKILL) == 0)

            var state = try await explorer.state(of: killed)
            try await poll("job execution \(killed.id) to show dead (round \(round), \(chunks) chunks)") {
                state = try await explorer.state(of: try #require(try await explorer.jobExecution(id: killed.id)))
                return state.isDead
            }
            #expect(!state.stoppable && state.restartable && state.abandonable)
            #expect(state.deathReason?.contains("process \(owner.pid)") == true, "\(String(describing: state.deathReason))")
            // The resource says so too: STARTED as stored, but dead, with restart and abandon links and no stop.
            let shown = try await client.get("/jobs/executions/\(killed.id)").json
            #expect(shown["jobExecution"]["status"].string == "STARTED", "nothing recovered it yet")
            #expect(shown["dead"].bool == true && shown["stoppable"].bool == false && shown["restartable"].bool == true, "\(shown)")
            #expect(shown["deadReason"].string?.contains("process \(owner.pid)") == true, "\(shown)")
            #expect(shown["_links"].keys == ["self", "restart", "abandon"], "\(shown["_links"])")
            let ended = try await client.ended(task)
            #expect(ended["exitCode"].int == 137, "the task's end as recorded: \(ended)")
            feed.close()

            try feed.replace(with: InputFeed.header + InputFeed.rows(1...rows))
            let restart = try await TestProcess.run(
                "dataflow", ["job", "execution", "restart", "--id", "\(killed.id)", "--wait"], in: client.directory,
                environment: ["DATAFLOW_URI": "http://127.0.0.1:\(client.port)"])
            #expect(restart.status == 0, "\(restart)")
            #expect(restart.stdout.contains("Restart request has been sent for job execution '\(killed.id)'"), "\(restart)")

            let recovered = try #require(try await explorer.jobExecution(id: killed.id))
            #expect(recovered.status == .failed)
            #expect(recovered.endTime != nil)
            #expect(recovered.exitStatus.exitDescription.contains("recovered as FAILED by the server: process \(owner.pid)"), "\(recovered.exitStatus)")
            let resumed = try await Self.newest(client, after: killed)
            #expect(resumed.status == .completed)
            #expect(resumed.instance.id == killed.instance.id, "the same job instance")
            let newTask = try #require(try await TaskExplorer(pool: client.pool).taskExecutionId(ofJobExecution: resumed.id))
            #expect(newTask > Int64(task))
            #expect(try await TaskExplorer(pool: client.pool).jobExecutionIds(ofTaskExecution: newTask) == [resumed.id])
            // Not a terminal: a line per change, the last with the job's counts.
            let last = restart.stdout.split(separator: "\n").last.map(String.init) ?? ""
            let resumedRows = rows - chunks * Self.chunk
            #expect(
                last == "task execution \(newTask): COMPLETE (exit code 0); job importTransactions execution \(resumed.id): COMPLETED, \(resumedRows) read, \(resumedRows) written",
                "\(restart)")
            #expect(!restart.stdout.contains("\r"))
            let after = try await client.get("/jobs/executions/\(resumed.id)").json
            #expect(after["taskExecutionId"].int == Int(newTask) && after["dead"].bool == false, "\(after)")
            let step = try await explorer.stepExecutions(ofJobExecution: resumed.id).first { $0.stepName == "importTransactions" }
            #expect(step?.counts.write == Int64(rows - chunks * Self.chunk), "resumed after the last committed chunk")
            try await Self.expectEveryRowOnce(client, rows)
        }
    }

    @Test("stop through REST at a chunk boundary: STOPPED within one chunk, restartable, and a restart through REST completes",
          arguments: TestDatabase.allCases)
    func stopAndRestart(_ database: TestDatabase) async throws {
        let chunks = Int.random(in: 1...6)
        let rows = chunks * Self.chunk + 3 * Self.chunk + 5
        try await ServerHarness.with(database) { client in
            let feed = try InputFeed(client.directory.appendingPathComponent("input.csv").path)
            try feed.write(InputFeed.header + InputFeed.rows(1...(chunks * Self.chunk)))
            try await client.define("import", app: "csv-import", path: Self.csvImport)
            // Every chunk boundary asks the repository for stop requests (not at most every 250 ms).
            let task = try await client.launch(
                "import", arguments: "input.file=\(feed.path) chunk.size=\(Self.chunk),java.lang.Long,false --batch.stop-check-interval=0")
            let running = try await Self.committed(client, task: task, rows: chunks * Self.chunk)
            #expect(try await client.put("/jobs/executions/\(running.id)?stop=true").status == 200)
            let before = try await Self.written(client, running.id)
            // The import is reading the next chunk: give it that chunk only.
            try feed.write(InputFeed.rows((chunks * Self.chunk + 1)...((chunks + 1) * Self.chunk)))
            let ended = try await client.ended(task)
            #expect(ended["exitCode"].int == 1, "\(ended)")
            let explorer = JobExplorer(pool: client.pool)
            let stopped = try #require(try await explorer.jobExecution(id: running.id))
            #expect(stopped.status == .stopped)
            let after = try await Self.written(client, running.id)
            #expect(after <= before + Int64(Self.chunk), "stopped within one chunk: \(before) written at the request, \(after) at the end")
            #expect(try await explorer.state(of: stopped).restartable)
            feed.close()

            try feed.replace(with: InputFeed.header + InputFeed.rows(1...rows))
            let reply = try await client.put("/jobs/executions/\(running.id)?restart=true")
            #expect(reply.status == 200, "\(reply)")
            let newTask = try #require(reply.json["taskExecutionId"].int, "\(reply)")
            #expect(try await client.ended(newTask)["exitCode"].int == 0)
            let resumed = try await Self.newest(client, after: running)
            #expect(resumed.status == .completed && resumed.instance.id == running.instance.id)
            #expect(try await TaskExplorer(pool: client.pool).jobExecutionIds(ofTaskExecution: Int64(newTask)) == [resumed.id])
            try await Self.expectEveryRowOnce(client, rows)

            // Now the instance is complete: neither execution restarts (Data Flow's message).
            for id in [resumed.id, running.id] {
                let refused = try await client.put("/jobs/executions/\(id)?restart=true")
                #expect(refused.status == 422)
                #expect(refused.json["_embedded"]["errors"][0]["message"].string?.hasPrefix("JobExecution with Id '\(id)' and state ") == true)
            }
            let deploys = try await client.get("/audit-records?actions=DEPLOY").json
            #expect(deploys["page"]["totalElements"].int == 2, "the launch and the restart: \(deploys)")
        }
    }

    @Test("restart after the definition is destroyed: 404 with Data Flow's message; with the definition back, 200 and resumed",
          arguments: TestDatabase.allCases)
    func definitionDestroyed(_ database: TestDatabase) async throws {
        let rows = 4 * Self.chunk + 7
        try await ServerHarness.with(database) { client in
            let path = client.directory.appendingPathComponent("bad.csv").path
            try (InputFeed.header + InputFeed.rows(1...rows, badRow: 2 * Self.chunk + 3)).write(toFile: path, atomically: true, encoding: .utf8)
            try await client.define("import", app: "csv-import", path: Self.csvImport)
            let task = try await client.launch("import", arguments: "input.file=\(path) chunk.size=\(Self.chunk),java.lang.Long,false")
            #expect(try await client.ended(task)["exitCode"].int == 1)
            let failed = try await Self.newest(client, after: nil)
            #expect(failed.status == .failed)
            #expect(try await Self.written(client, failed.id) == Int64(2 * Self.chunk))

            #expect(try await client.delete("/tasks/definitions/import").status == 200)
            let gone = try await client.put("/jobs/executions/\(failed.id)?restart=true")
            #expect(gone.status == 404)
            #expect(gone.json["_embedded"]["errors"][0]["logref"].string == "NoSuchTaskDefinitionException")
            #expect(gone.json["_embedded"]["errors"][0]["message"].string?.hasPrefix("Could not find task definition named import") == true)

            let defined = try await client.post("/tasks/definitions", form: [("name", "import"), ("definition", "csv-import")])
            #expect(defined.status == 200)
            try (InputFeed.header + InputFeed.rows(1...rows)).write(toFile: path, atomically: true, encoding: .utf8)
            let reply = try await client.put("/jobs/executions/\(failed.id)?restart=true")
            #expect(reply.status == 200, "\(reply)")
            #expect(try await client.ended(try #require(reply.json["taskExecutionId"].int))["exitCode"].int == 0)
            try await Self.expectEveryRowOnce(client, rows)
        }
    }

    @Test("restart of a task app run without definition (its own command line): 200, the app launched directly, resumed",
          arguments: TestDatabase.allCases)
    func appWithoutDefinition(_ database: TestDatabase) async throws {
        let rows = 3 * Self.chunk + 11
        try await ServerHarness.with(database) { client in
            let path = client.directory.appendingPathComponent("bad.csv").path
            try (InputFeed.header + InputFeed.rows(1...rows, badRow: Self.chunk + 1)).write(toFile: path, atomically: true, encoding: .utf8)
            let registered = try await client.post("/apps/task/csv-import/1.0.0", form: [("uri", Self.csvImport)])
            #expect(registered.status == 201)
            let run = try await TestProcess.run(
                "csv-import", ["input.file=\(path)", "chunk.size=\(Self.chunk),java.lang.Long,false"], in: client.directory,
                environment: ["SPRING_DATASOURCE_URL": client.databaseURL])
            #expect(run.status == 1, "\(run)")
            let failed = try await Self.newest(client, after: nil)
            #expect(failed.status == .failed)

            try (InputFeed.header + InputFeed.rows(1...rows)).write(toFile: path, atomically: true, encoding: .utf8)
            let restart = try await TestProcess.run(
                "dataflow", ["job", "execution", "restart", "--id", "\(failed.id)", "--useJsonJobParameters", "--job-parameters", "chunk.size=25"],
                in: client.directory, environment: ["DATAFLOW_URI": "http://127.0.0.1:\(client.port)"])
            #expect(restart.status == 0, "\(restart)")
            let said = try #require(restart.stdout.split(separator: " ").last.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: ")\n")) })
            let newTask = try #require(Int(said), "\(restart)")
            #expect(restart.stdout == "Restart request has been sent for job execution '\(failed.id)' (task execution \(newTask))\n")
            let ended = try await client.ended(newTask)
            #expect(ended["exitCode"].int == 0, "\(ended)")
            #expect(ended["taskName"].string == "csv-import")
            let arguments = ended["arguments"].array.compactMap(\.string)
            #expect(arguments.contains(#"run.id={"value":"1","type":"java.lang.Long","identifying":"true"}"#), "\(arguments)")
            #expect(arguments.contains(#"chunk.size={"value":"25","type":"java.lang.Long","identifying":"false"}"#), "\(arguments)")
            #expect(!arguments.contains("chunk.size=\(Self.chunk),java.lang.Long,false"), "the override replaces the original argument")
            let resumed = try await Self.newest(client, after: failed)
            #expect(resumed.instance.id == failed.instance.id)
            #expect(resumed.parameters["chunk.size"] == JobParameter(.long(25), identifying: false))
            try await Self.expectEveryRowOnce(client, rows)
        }
    }

    @Test("a restart runs on the original launch's platform; without a manifest and with two platforms it is a 400 naming them",
          arguments: [TestDatabase.sqlite])
    func platforms(_ database: TestDatabase) async throws {
        let rows = 2 * Self.chunk + 9
        try await ServerHarness.with(database, configure: { settings in
            settings.platforms.append(PlatformAccount(name: "other", workingDirectoriesRoot: settings.platforms[0].workingDirectoriesRoot))
        }) { client in
            let path = client.directory.appendingPathComponent("bad.csv").path
            try (InputFeed.header + InputFeed.rows(1...rows, badRow: Self.chunk + 2)).write(toFile: path, atomically: true, encoding: .utf8)
            try await client.define("import", app: "csv-import", path: Self.csvImport)
            let task = try await client.launch(
                "import", arguments: "input.file=\(path) chunk.size=\(Self.chunk),java.lang.Long,false",
                properties: "spring.cloud.dataflow.task.platformName=other")
            #expect(try await client.ended(task)["exitCode"].int == 1)
            let failed = try await Self.newest(client, after: nil)

            // The same app run on its own command line (no manifest) under the app's name.
            let registered = try await client.post("/apps/task/csv-import/1.0.0", form: [("uri", Self.csvImport), ("force", "true")])
            #expect(registered.status == 201)
            let other = client.directory.appendingPathComponent("other.csv").path
            try (InputFeed.header + InputFeed.rows(1...3, badRow: 2)).write(toFile: other, atomically: true, encoding: .utf8)
            let run = try await TestProcess.run(
                "csv-import", ["input.file=\(other)"], in: client.directory, environment: ["SPRING_DATASOURCE_URL": client.databaseURL])
            #expect(run.status == 1, "\(run)")
            let direct = try await Self.newest(client, after: failed)
            let unknown = try await client.put("/jobs/executions/\(direct.id)?restart=true")
            #expect(unknown.status == 400)
            let message = unknown.json["_embedded"]["errors"][0]["message"].string ?? ""
            #expect(message.hasPrefix("Did not find platform for taskName=[csv-import]") && message.contains("default, other"), "\(message)")

            try (InputFeed.header + InputFeed.rows(1...rows)).write(toFile: path, atomically: true, encoding: .utf8)
            let reply = try await client.put("/jobs/executions/\(failed.id)?restart=true")
            #expect(reply.status == 200, "\(reply)")
            let ended = try await client.ended(try #require(reply.json["taskExecutionId"].int))
            #expect(ended["exitCode"].int == 0, "\(ended)")
            #expect(ended["platformName"].string == "other", "\(ended)")
        }
    }

    // MARK: - Support

    /// The job execution of task execution `task` once its import step has written `rows` rows.
    static func committed(_ client: ServerHarness.Client, task: Int, rows: Int) async throws -> JobExecution {
        let explorer = JobExplorer(pool: client.pool)
        var found: JobExecution?
        try await poll("\(rows) rows committed by task execution \(task)") {
            guard let id = try await TaskExplorer(pool: client.pool).jobExecutionIds(ofTaskExecution: Int64(task)).first else { return false }
            let step = try await explorer.stepExecutions(ofJobExecution: id).first { $0.stepName == "importTransactions" }
            guard step?.counts.write == Int64(rows) else {
                if let ended = try await TaskExplorer(pool: client.pool).taskExecution(id: Int64(task)), ended.endTime != nil {
                    throw TestSetupError("task execution \(task) ended before committing \(rows) rows: \(ended)")
                }
                return false
            }
            found = try await explorer.jobExecution(id: id)
            return true
        }
        return try #require(found)
    }

    /// The rows the import step of `id` has written.
    static func written(_ client: ServerHarness.Client, _ id: Int64) async throws -> Int64 {
        try await JobExplorer(pool: client.pool).stepExecutions(ofJobExecution: id).first { $0.stepName == "importTransactions" }?.counts.write ?? 0
    }

    /// The newest job execution, which must be newer than `previous`.
    static func newest(_ client: ServerHarness.Client, after previous: JobExecution?) async throws -> JobExecution {
        let newest = try #require(try await JobExplorer(pool: client.pool).jobExecutions(jobName: "importTransactions", limit: 1).first)
        if let previous { #expect(newest.id > previous.id) }
        return newest
    }

    static func expectEveryRowOnce(_ client: ServerHarness.Client, _ rows: Int) async throws {
        let (count, distinct) = try await client.pool.withConnection { connection in
            let row = try await connection.query("SELECT COUNT(*) AS N, COUNT(DISTINCT id) AS D FROM transactions")[0]
            return (try row.decode(Int64.self, "N"), try row.decode(Int64.self, "D"))
        }
        #expect(count == Int64(rows) && distinct == Int64(rows), "every input row exactly once: \(count) rows, \(distinct) ids, of \(rows)")
    }
}

/// A named pipe the test writes the import's input into, then swaps for a regular file.
final class InputFeed: Sendable {
    static let header = "id,account,amount,currency,ts,memo\n"

    /// Rows with the given ids, one line each; `badRow`'s currency is one the import refuses.
    static func rows(_ ids: ClosedRange<Int>, badRow: Int? = nil) -> String {
        ids.map { "\($0),ACC-\($0 % 97),\($0).25,\($0 == badRow ? "XXX" : "EUR"),2024-01-01T00:00:00Z,row \($0)\n" }.joined()
    }

    let path: String
    private let descriptor: Int32
    private let closed = Atomic<Bool>(false)

    /// Creates the FIFO and opens it for reading and writing, which does not wait for a reader
    /// (Linux) and keeps a reader, so writes never fail when the import exits.
    init(_ path: String) throws {
        self.path = path
        guard mkfifo(path, 0o644) == 0 else { throw TestSetupError("mkfifo \(path): errno \(errno)") }
        descriptor = open(path, O_RDWR)
        guard descriptor >= 0 else { throw TestSetupError("open \(path): errno \(errno)") }
    }

    /// Writes `text` whole; it must fit the pipe's buffer (64 KiB) when no one reads.
    func write(_ text: String) throws {
        var bytes = Array(text.utf8)
        while !bytes.isEmpty {
            let count = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { throw TestSetupError("write to \(path): errno \(errno)") }
            bytes.removeFirst(count)
        }
    }

    /// Closes the test's end (once; later calls do nothing): the import reads to the end of what was written.
    func close() {
        guard !closed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        _ = Glibc.close(descriptor)
    }

    /// Replaces the FIFO by a regular file holding `text`.
    func replace(with text: String) throws {
        unlink(path)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }
}
