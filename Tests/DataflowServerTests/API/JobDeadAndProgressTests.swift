import BatchRuntime
import DataflowServer
import Database
import DatabaseTestSupport
import Foundation
import Logging
import Synchronization
import TaskRuntime
import Testing

/// Dead executions in every job resource, and a running step's progress as a real job runs.
@Suite("Dead job executions everywhere; progress rising during a run")
struct JobDeadAndProgressTests {
    @Test("a job execution whose owner process is gone shows dead in every resource, its status as stored", arguments: TestDatabase.allCases)
    func deadEverywhere(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            let dead = try await JobHistory.write(
                client.pool, job: "crashed", parameters: ["run.id=1,java.lang.Long"], status: .started, task: "crashed",
                taskOwner: JobHistory.deadOwner(), owner: JobHistory.deadOwner(),
                steps: [.init(name: "read", read: 10), .init(name: "write", status: .started, read: 4)])
            let id = dead.execution.id
            let reason = "process \(JobHistory.deadPid) on \(ProcessInfo.processInfo.hostName) that ran it is gone (last heartbeat 2026-01-01T00:00:00.000Z)"
            func expectDead(_ resource: JSON, _ place: String) {
                #expect(resource["dead"].bool == true && resource["deadReason"].string == reason, "\(place)")
                #expect(resource["stoppable"].bool == false && resource["restartable"].bool == true && resource["abandonable"].bool == true, "\(place)")
                #expect(resource["_links"].keys == ["self", "restart", "abandon"], "\(place)")
            }
            let full = try await client.get("/jobs/executions/\(id)").json
            expectDead(full, "full")
            #expect(full["jobExecution"]["status"].string == "STARTED" && full["jobExecution"]["running"].bool == true, "the status as stored")
            let thin = try await client.get("/jobs/thinexecutions?name=crashed").json["_embedded"]["jobExecutionThinResourceList"][0]
            expectDead(thin, "thin")
            #expect(thin["status"].string == "STARTED")
            expectDead(try await client.get("/jobs/executions?status=STARTED").json["_embedded"]["jobExecutionResourceList"][0], "list")
            expectDead(try await client.get("/jobs/instances?name=crashed").json["_embedded"]["jobInstanceResourceList"][0]["jobExecutions"][0], "instances")
            expectDead(try await client.get("/jobs/instances/\(dead.execution.instance.id)").json["jobExecutions"][0], "instance")

            let steps = try await client.get("/jobs/executions/\(id)/steps").json["_embedded"]["stepExecutionResourceList"].array
            #expect(steps.map { $0["dead"].bool } == [false, true], "the ended step is not dead; the running one is")
            #expect(steps.map { $0["deadReason"].string } == [nil, reason])
            let step = try await client.get("/jobs/executions/\(id)/steps/\(dead.steps[1].id)").json
            #expect(step["dead"].bool == true && step["deadReason"].string == reason && step["stepExecution"]["status"].string == "STARTED")
            let progress = try await client.get("/jobs/executions/\(id)/steps/\(dead.steps[1].id)/progress").json
            #expect(progress["finished"].bool == false && progress["dead"].bool == true && progress["deadReason"].string == reason)
            #expect((progress["percentageComplete"].value as? Double).map { $0 < 1 } == true)
        }
    }

    @Test("a Spring app's execution without an owner row is dead once the task that ran it ended", arguments: TestDatabase.allCases)
    func deadByEndedTask(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            let orphan = try await JobHistory.write(
                client.pool, job: "spring", status: .started, task: "spring", steps: [.init(name: "step", status: .started)])
            let taskId = try #require(orphan.taskExecutionId)
            let alive = try await client.get("/jobs/executions/\(orphan.execution.id)").json
            #expect(alive["dead"].bool == false && alive["stoppable"].bool == true, "nothing tells while its task runs")
            try await TaskRepository(pool: client.pool).completeTaskExecution(executionId: taskId, exitCode: 137, at: JobHistory.base.addingTimeInterval(5))
            let shown = try await client.get("/jobs/executions/\(orphan.execution.id)").json
            #expect(shown["dead"].bool == true && shown["stoppable"].bool == false && shown["restartable"].bool == true)
            #expect(shown["deadReason"].string
                == "task execution \(taskId) that ran it ended at 2026-01-01T00:00:05.000Z with exit code 137 while the job was STARTED")
        }
    }

    /// Asks the server for a step's progress at chosen moments of a run.
    final class Watcher: ChunkListener, Sendable {
        let client: ServerHarness.Client
        let seen = Mutex<[(Double, String)]>([])
        init(_ client: ServerHarness.Client) { self.client = client }

        func record(_ execution: StepExecution) async {
            let reply = try? await client.get("/jobs/executions/\(execution.jobExecutionId)/steps/\(execution.id)/progress").json
            let value = (reply?["percentageComplete"].value as? Double) ?? -1
            let basis = reply?["percentageCompleteBasis"].string ?? ""
            seen.withLock { $0.append((value, basis)) }
        }

        func beforeChunk(_ execution: StepExecution) async {
            if seen.withLock({ $0.isEmpty }) { await record(execution) }
        }

        func afterChunk(_ execution: StepExecution) async { await record(execution) }
    }

    /// Reads 0..<count without telling its size.
    final class CountingReader: ItemReader {
        private var next = 0
        let count: Int
        init(count: Int) { self.count = count }
        func read() async throws -> Int? {
            guard next < count else { return nil }
            defer { next += 1 }
            return next
        }
    }

    @Test("progress of a running step rises at every commit and reaches 1: from the file reader's position, and from history", arguments: TestDatabase.allCases)
    func risingDuringARun(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            let path = client.directory.appendingPathComponent("rows.csv").path
            try ("id,value\n" + (1...60).map { "\($0),value \($0)\n" }.joined()).write(toFile: path, atomically: true, encoding: .utf8)
            var logger = Logger(label: "job")
            logger.logLevel = .warning
            let launcher = JobLauncher(repository: JobRepository(pool: client.pool), logger: logger)
            let watcher = Watcher(client)
            let file = Job("fileJob") {
                ChunkStep("load", commitInterval: 7, reader: { _ in DelimitedFileReader(name: "rows", path: path) }, writer: { _ in NoOpWriter<DelimitedRecord>() })
                    .chunkListeners(watcher)
            }
            let finished = try await launcher.run(file, parameters: JobParameters())
            #expect(finished.status == .completed)
            let during = watcher.seen.withLock { $0 }
            #expect(during.count == 10, "before the first chunk, then nine commits: \(during)")
            #expect(during.first?.0 == 0 && during.dropFirst().allSatisfy { $0.1.hasPrefix("reader position") }, "\(during)")
            #expect(zip(during, during.dropFirst()).allSatisfy { $0.0 < $1.0 || ($0.0 == $1.0 && $1.0 == 0.99) }, "rises: \(during)")
            #expect(during.allSatisfy { $0.0 >= 0 && $0.0 < 1 }, "below 1 while it runs: \(during)")
            let step = try #require(try await JobExplorer(pool: client.pool).stepExecutions(ofJobExecution: finished.id).first)
            let after = try await client.get("/jobs/executions/\(finished.id)/steps/\(step.id)/progress").json
            #expect(after["percentageComplete"].int == 1 && after["finished"].bool == true)

            // A reader that does not know its size: the first run makes the history, the second is measured against it.
            func countingJob(_ watcher: Watcher) -> Job {
                Job("countingJob") {
                    ChunkStep("count", commitInterval: 10, reader: { _ in CountingReader(count: 50) }, writer: { _ in NoOpWriter<Int>() })
                        .chunkListeners(watcher)
                }
            }
            _ = try await launcher.run(countingJob(Watcher(client)), parameters: try JobParameters(parsing: ["run=1,java.lang.Long"]))
            let counting = Watcher(client)
            _ = try await launcher.run(countingJob(counting), parameters: try JobParameters(parsing: ["run=2,java.lang.Long"]))
            let byHistory = counting.seen.withLock { $0 }
            #expect(byHistory.map(\.0) == [0, 0.2, 0.4, 0.6, 0.8, 0.99, 0.99], "read so far over the history's mean of 50, then the final empty chunk: \(byHistory)")
            #expect(byHistory.dropFirst().allSatisfy { $0.1 == "extrapolated read count" })
        }
    }
}
