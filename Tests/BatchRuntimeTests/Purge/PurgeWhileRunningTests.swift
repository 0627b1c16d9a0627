import BatchRuntime
import Database
import DatabaseTestSupport
import Foundation
import Synchronization
import Testing

/// A one-shot signal between a test and the job it runs: `wait` returns once `fire` was called
/// (at once if it already was). No sleeping, no polling.
final class Signal: Sendable {
    private let state = Mutex<(fired: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func fire() {
        let waiters = state.withLock { state in
            state.fired = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    func wait() async {
        await withCheckedContinuation { continuation in
            let fired = state.withLock { state in
                if !state.fired { state.waiters.append(continuation) }
                return state.fired
            }
            if fired { continuation.resume() }
        }
    }
}

/// A purge beside real job runs in this process: a running execution is never touched, and an
/// instance the purge kept restarts with the real operator.
@Suite("Purge beside running and restarted jobs")
struct PurgeWhileRunningTests {
    @Test("a job paused at a chunk boundary keeps every row through a purge of everything, then completes", arguments: TestDatabase.allCases)
    func runningJob(_ database: TestDatabase) async throws {
        try await PurgeHistory.with(database) { pool, history in
            let repository = JobRepository(pool: pool)
            let reached = Signal()
            let gate = Signal()
            // Reads 50 items, 10 per chunk; before the 21st (two chunks committed) it waits for the gate.
            let job = Job("live") {
                ChunkStep(
                    "count", commitInterval: 10,
                    reader: { _ in
                        HookedReader(count: 50, hookAt: 20) {
                            reached.fire()
                            await gate.wait()
                        }
                    },
                    writer: { _ in NoOpWriter<Int64>() })
            }
            async let finished = testLauncher(repository).run(job, parameters: try JobParameters(parsing: ["run.id=1,java.lang.Long"]))
            do {
                await reached.wait()
                let live = try #require(try await JobExplorer(pool: pool).jobExecutions(jobName: "live", limit: 1).first)
                #expect(live.status == .started)
                let policy = JobPurgePolicy(olderThan: .zero, includeRestartable: true, batchSize: 4)
                let before = try await TableSnapshot.take(pool)
                let gone = history.expectedJobs(policy)
                #expect(!gone.contains(live.id))
                let report = try await repository.purge(policy)
                before.without(jobs: gone).expectEqual(try await TableSnapshot.take(pool))
                #expect(report.jobExecutions == gone.count)
                let after = try #require(try await JobExplorer(pool: pool).jobExecution(id: live.id))
                #expect(after.status == .started && after.instance.id == live.instance.id)
                #expect(try await steps(repository, live.id)["count"] != nil)
            } catch {
                gate.fire()
                _ = try? await finished
                throw error
            }
            gate.fire()
            let execution = try await finished
            #expect(execution.status == .completed)
            #expect(try await steps(repository, execution.id)["count"]?.counts.read == 50)
        }
    }

    @Test("a FAILED instance the purge kept restarts with the operator where its step stopped", arguments: TestDatabase.allCases)
    func restartKept(_ database: TestDatabase) async throws {
        try await PurgeHistory.with(database) { pool, history in
            let repository = JobRepository(pool: pool)
            let report = try await repository.purge(JobPurgePolicy(olderThan: PurgeHistory.olderThan))
            #expect(report.jobExecutions > 0 && report.keptForRestart > 0)
            let failed = try #require(try await JobExplorer(pool: pool).jobExecution(id: history.restartable))
            #expect(failed.status == .failed)
            let job = Job("beta") {
                TaskletStep("prepare") { _ in .finished }
                ChunkStep("work", commitInterval: 5, reader: { _ in HookedReader(count: 50) }, writer: { _ in NoOpWriter<Int64>() })
            }
            let restarted = try await JobOperator(jobs: [job], launcher: testLauncher(repository)).restart("\(history.restartable)")
            #expect(restarted.status == .completed && restarted.instance.id == failed.instance.id)
            let work = try await steps(repository, restarted.id)
            #expect(work["work"]?.counts.read == 20, "resumed after item 30 of 50, from the kept step's context")
            #expect(work["prepare"] == nil, "the COMPLETED step of the kept execution was not run again")
        }
    }
}
