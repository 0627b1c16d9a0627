import Database
import DatabaseTestSupport
import Foundation
import Testing

@testable import BatchRuntime

@Suite("Engine")
struct EngineTests {
    static func itemsJob(fail: Switch, filterSevens: Bool = true) -> Job {
        Job("items") {
            TaskletStep("schema", options: StepOptions(allowStartIfComplete: true)) { contribution in
                try await ChunkTransaction.connection(for: contribution.step.database)!.execute(
                    "CREATE TABLE IF NOT EXISTS ITEMS (ID BIGINT NOT NULL PRIMARY KEY)")
                return .finished
            }
            ChunkStep(
                "load", commitInterval: 5,
                reader: { _ in HookedReader(count: 25) },
                process: { item in filterSevens && item % 7 == 3 ? nil : item },
                writer: { context in
                    FailingAfterWriteWriter(pool: context.database) { items in fail.isOn && items.contains(12) }
                })
        }
    }

    @Test("a failed chunk rolls back; restart resumes after the last commit with exact counters", arguments: TestDatabase.allCases)
    func resumeAfterFailure(_ database: TestDatabase) async throws {
        try await withRepository(database) { repository in
            let launcher = testLauncher(repository)
            let fail = Switch(true)
            let job = Self.itemsJob(fail: fail)
            let first = try await launcher.run(job, parameters: JobParameters())
            #expect(first.status == .failed)
            #expect(first.exitStatus.exitCode == "FAILED")
            #expect(first.exitStatus.exitDescription.contains("disk on fire"))
            let failed = try #require(try await steps(repository, first.id)["load"])
            #expect(failed.status == .failed)
            #expect(failed.counts.read == 10 && failed.counts.filter == 1 && failed.counts.write == 9)
            #expect(failed.counts.commit == 2 && failed.counts.rollback == 1)
            #expect(failed.executionContext.int("hooked.position") == 10)

            fail.set(false)
            let second = try await launcher.run(job, parameters: JobParameters())
            #expect(second.status == .completed)
            #expect(second.instance.id == first.instance.id)
            let resumed = try #require(try await steps(repository, second.id)["load"])
            #expect(resumed.counts.read == 15 && resumed.counts.filter == 3 && resumed.counts.write == 12)
            #expect(resumed.counts.commit == 4 && resumed.counts.rollback == 0)
            #expect(resumed.executionContext.bool("batch.restart") == true)
            let ids = try await repository.pool.withConnection { connection in
                try await connection.query("SELECT ID FROM ITEMS ORDER BY ID").map { try $0.decode(Int64.self, "ID") }
            }
            #expect(ids == (0..<25).filter { $0 % 7 != 3 })
        }
    }

    @Test("a completed step is skipped on restart unless it allows start-if-complete", arguments: TestDatabase.allCases)
    func skipCompletedSteps(_ database: TestDatabase) async throws {
        try await withRepository(database) { repository in
            let runs = InMemoryWriter<String>.Store()
            let failSecond = Switch(true)
            let job = Job("two") {
                TaskletStep("always", options: StepOptions(allowStartIfComplete: true)) { _ in
                    runs.append(["always"])
                    return .finished
                }
                TaskletStep("once") { _ in
                    runs.append(["once"])
                    return .finished
                }
                TaskletStep("flaky") { _ in
                    runs.append(["flaky"])
                    if failSecond.isOn { throw Boom(description: "flaky failed") }
                    return .finished
                }
            }
            let launcher = testLauncher(repository)
            let first = try await launcher.run(job, parameters: JobParameters())
            #expect(first.status == .failed)
            failSecond.set(false)
            let second = try await launcher.run(job, parameters: JobParameters())
            #expect(second.status == .completed)
            #expect(runs.items == ["always", "once", "flaky", "always", "flaky"])
        }
    }

    @Test("start limit: a step started too often fails the job", arguments: TestDatabase.allCases)
    func startLimit(_ database: TestDatabase) async throws {
        try await withRepository(database) { repository in
            let job = Job("limited") {
                TaskletStep("fails", options: StepOptions(startLimit: 2)) { _ in throw Boom(description: "always") }
            }
            let launcher = testLauncher(repository)
            for _ in 0..<2 { #expect(try await launcher.run(job, parameters: JobParameters()).status == .failed) }
            let third = try await launcher.run(job, parameters: JobParameters())
            #expect(third.status == .failed)
            #expect(third.exitStatus.exitDescription.contains("start limit of 2"))
        }
    }

    @Test("stop from another process ends the job STOPPED at a chunk boundary; restart completes it", arguments: TestDatabase.allCases)
    func stopFromOutside(_ database: TestDatabase) async throws {
        try await database.withIsolatedURL { url in
            try await ConnectionPool.withPool(url: url) { pool in
                try await Migrator(pool: pool).migrate()
                try await ConnectionPool.withPool(url: url) { otherPool in
                    let other = JobRepository(pool: otherPool)
                    let store = InMemoryWriter<Int64>.Store()
                    let stopOnce = Switch(true)
                    let job = Job("stoppable") {
                        ChunkStep(
                            "count", commitInterval: 10,
                            reader: { context in
                                HookedReader(count: 100, hookAt: 15) {
                                    guard stopOnce.isOn else { return }
                                    stopOnce.set(false)
                                    // Another process's operator: `stop <id>`.
                                    try await other.requestStop(jobExecutionId: context.jobExecutionId)
                                }
                            },
                            writer: { _ in InMemoryWriter(store: store) })
                    }
                    let launcher = testLauncher(JobRepository(pool: pool))
                    let stopped = try await launcher.run(job, parameters: JobParameters())
                    #expect(stopped.status == .stopped)
                    #expect(stopped.exitStatus.exitCode == "STOPPED")
                    let step = try #require(try await steps(launcher.repository, stopped.id)["count"])
                    #expect(step.status == .stopped && step.counts.read == 20 && step.counts.commit == 2)
                    let restarted = try await launcher.run(job, parameters: JobParameters())
                    #expect(restarted.status == .completed)
                    #expect(store.items == Array(0..<100))
                }
            }
        }
    }

    @Test("a Spring tool setting STOPPING on the job row stops the job without optimistic-lock errors", arguments: TestDatabase.allCases)
    func springStyleStop(_ database: TestDatabase) async throws {
        try await database.withIsolatedURL { url in
            try await ConnectionPool.withPool(url: url) { pool in
                try await Migrator(pool: pool).migrate()
                try await ConnectionPool.withPool(url: url) { otherPool in
                    let job = Job("springStopped") {
                        ChunkStep(
                            "count", commitInterval: 10,
                            reader: { context in
                                HookedReader(count: 100, hookAt: 25) {
                                    // What Spring's JobOperator.stop does: status and version on the job row.
                                    _ = try await otherPool.withConnection { connection in
                                        try await connection.execute(
                                            "UPDATE BATCH_JOB_EXECUTION SET STATUS = 'STOPPING', VERSION = VERSION + 1 WHERE JOB_EXECUTION_ID = $1",
                                            [.int(context.jobExecutionId)])
                                    }
                                }
                            },
                            writer: { _ in NoOpWriter<Int64>() })
                    }
                    let launcher = testLauncher(JobRepository(pool: pool))
                    let stopped = try await launcher.run(job, parameters: JobParameters())
                    #expect(stopped.status == .stopped, "\(stopped.exitStatus)")
                    #expect(!stopped.exitStatus.exitDescription.contains("changed by another process"))
                    let row = try await pool.withConnection {
                        try await $0.query("SELECT STATUS, END_TIME FROM BATCH_JOB_EXECUTION WHERE JOB_EXECUTION_ID = $1", [.int(stopped.id)])
                    }
                    #expect(try row[0].decode(String.self, "STATUS") == "STOPPED")
                    #expect(try row[0].decode(Date?.self, "END_TIME") != nil)
                    #expect(try await steps(launcher.repository, stopped.id)["count"]?.counts.read == 30)
                }
            }
        }
    }

    @Test("a stop request through the control (a signal) stops after the current chunk", arguments: [TestDatabase.sqlite])
    func stopThroughControl(_ database: TestDatabase) async throws {
        try await withRepository(database) { repository in
            let control = RunControl()
            let job = Job("signalled") {
                ChunkStep(
                    "count", commitInterval: 10,
                    reader: { _ in HookedReader(count: 100, hookAt: 35) { control.requestStop(signal: 15, name: "SIGTERM") } },
                    writer: { _ in NoOpWriter<Int64>() })
            }
            let execution = try await testLauncher(repository).run(job, parameters: JobParameters(), control: control)
            #expect(execution.status == .stopped)
            #expect(execution.exitStatus.exitDescription == "stopped by SIGTERM")
            #expect(try await steps(repository, execution.id)["count"]?.counts.read == 40)
            #expect(try await repository.owner(ofJobExecution: execution.id) == nil)
        }
    }

    @Test("listeners see the job, steps and chunks; item listeners see items", arguments: [TestDatabase.sqlite])
    func listeners(_ database: TestDatabase) async throws {
        try await withRepository(database) { repository in
            let events = InMemoryWriter<String>.Store()
            struct JobEvents: JobExecutionListener {
                let events: InMemoryWriter<String>.Store
                func beforeJob(_ execution: JobExecution) async throws { events.append(["beforeJob"]) }
                func afterJob(_ execution: inout JobExecution) async {
                    events.append(["afterJob \(execution.status.rawValue)"])
                    execution.exitStatus = execution.exitStatus.adding(description: "seen")
                }
            }
            struct StepEvents: StepExecutionListener, ChunkListener {
                let events: InMemoryWriter<String>.Store
                func beforeStep(_ execution: StepExecution) async throws { events.append(["beforeStep"]) }
                func afterStep(_ execution: StepExecution) async -> BatchRuntime.ExitStatus? {
                    events.append(["afterStep"])
                    return BatchRuntime.ExitStatus("CUSTOM")
                }
                func afterChunk(_ execution: StepExecution) async { events.append(["chunk \(execution.counts.read)"]) }
            }
            struct ItemEvents: ItemListener {
                let events: InMemoryWriter<String>.Store
                func afterProcess(_ item: Int, result: String?) async { events.append(["item \(item)"]) }
            }
            let job = Job("listened", listeners: [JobEvents(events: events)]) {
                ChunkStep(
                    "s", commitInterval: 2, reader: { _ in InMemoryReader([1, 2, 3]) }, process: { String($0) },
                    writer: { _ in NoOpWriter<String>() }
                )
                .listeners(StepEvents(events: events)).chunkListeners(StepEvents(events: events))
                .itemListeners(ItemEvents(events: events))
            }
            let execution = try await testLauncher(repository).run(job, parameters: JobParameters())
            #expect(events.items == [
                // Reading overlaps writing: item 3 is read and processed while chunk 1-2 commits.
                "beforeJob", "beforeStep", "item 1", "item 2", "item 3", "chunk 2", "chunk 3", "afterStep", "afterJob COMPLETED",
            ])
            #expect(execution.exitStatus.exitCode == "CUSTOM")
            #expect(execution.exitStatus.exitDescription == "seen")
        }
    }

    @Test("parameter validation happens before an execution is created", arguments: [TestDatabase.sqlite])
    func validation(_ database: TestDatabase) async throws {
        try await withRepository(database) { repository in
            let job = Job("validated", validator: DefaultJobParametersValidator(required: ["input.file"])) {
                TaskletStep("t") { _ in .finished }
            }
            let error = await #expect(throws: BatchError.self) {
                try await testLauncher(repository).run(job, parameters: JobParameters())
            }
            #expect(error?.code == .invalidParameters)
            let executions = try await JobExplorer(pool: repository.pool).jobExecutions()
            #expect(executions.isEmpty)
        }
    }

    @Test("the operator recovers a dead execution on restart and says so", arguments: TestDatabase.allCases)
    func restartRecoversDead(_ database: TestDatabase) async throws {
        try await withRepository(database) { repository in
            let job = Job("crashy") { TaskletStep("t") { _ in .finished } }
            let dead = ExecutionOwner(host: ProcessInfo.processInfo.hostName, pid: 2_000_000_001, processStart: nil, heartbeat: Date())
            var left = try await repository.createJobExecution(jobName: "crashy", parameters: JobParameters(), owner: dead)
            left.status = .started
            try await repository.update(&left)
            let notices = InMemoryWriter<String>.Store()
            let jobOperator = JobOperator(jobs: [job], launcher: testLauncher(repository)) { notices.append([$0]) }
            let execution = try await jobOperator.restart("crashy")
            #expect(execution.status == .completed)
            #expect(notices.items.contains { $0.contains("execution \(left.id) was left STARTED by process 2000000001") })
            let old = try #require(try await jobOperator.explorer.jobExecution(id: left.id))
            #expect(old.status == .failed && old.endTime != nil)
        }
    }
}

@Suite("Engine with a business database apart from the repository")
struct SeparateDatabaseTests {
    /// Writes into `OUT` of another database, then "crashes" (throws) after that commit and
    /// before the repository's, the first time only.
    final class CrashAfterOwnCommit: ItemWriter {
        let inner: SQLBatchWriter<Int64>
        let crash: Switch

        init(pool: ConnectionPool, mode: SQLBatchWriter<Int64>.Mode, crash: Switch) {
            inner = SQLBatchWriter(pool: pool, table: "OUT", columns: ["ID"], mode: mode) { [.int($0)] }
            self.crash = crash
        }

        func write(_ chunk: Chunk<Int64>) async throws {
            try await inner.write(chunk)  // its own transaction, committed here
            if crash.isOn, chunk.contains(12) {
                crash.set(false)
                throw Boom(description: "crash between the business commit and the checkpoint")
            }
        }
    }

    @Test("the business commit comes first: a crash before the checkpoint replays one chunk; upsert absorbs it, insert reports it", arguments: [true, false])
    func commitOrder(_ upsert: Bool) async throws {
        try await TestDatabase.sqlite.withPool { business in
            _ = try await business.withConnection { try await $0.execute("CREATE TABLE OUT (ID BIGINT PRIMARY KEY)") }
            try await withRepository(.sqlite) { repository in
                let crash = Switch(true)
                let mode: SQLBatchWriter<Int64>.Mode = upsert ? .upsert(conflictColumns: ["ID"]) : .insert
                let job = Job("apart") {
                    ChunkStep(
                        "copy", commitInterval: 5, reader: { _ in HookedReader(count: 20) },
                        writer: { _ in CrashAfterOwnCommit(pool: business, mode: mode, crash: crash) })
                }
                let launcher = testLauncher(repository)
                let first = try await launcher.run(job, parameters: JobParameters())
                #expect(first.status == .failed)
                // The chunk 10...14 is in the business database although its checkpoint is not.
                let afterCrash = try await business.withConnection {
                    try await $0.query("SELECT COUNT(*) AS N FROM OUT")[0].decode(Int64.self, "N")
                }
                #expect(afterCrash == 15)
                let second = try await launcher.run(job, parameters: JobParameters())
                let ids = try await business.withConnection {
                    try await $0.query("SELECT ID FROM OUT ORDER BY ID").map { try $0.decode(Int64.self, "ID") }
                }
                if upsert {
                    #expect(second.status == .completed)
                    #expect(ids == Array(0..<20), "the replayed chunk replaced itself")
                } else {
                    #expect(second.status == .failed)
                    #expect(second.exitStatus.exitDescription.contains("UNIQUE"), "\(second.exitStatus)")
                    #expect(ids == Array(0..<15), "the insert of the replayed chunk rolled back")
                }
            }
        }
    }
}
