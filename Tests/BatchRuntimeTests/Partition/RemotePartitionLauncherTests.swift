@testable import BatchRuntime
import Database
import DatabaseTestSupport
import Foundation
import Synchronization
import Testing

/// A platform of its own behind ``PartitionLauncher``: runs each worker command in this
/// process through ``BatchApplication``, or reports a worker lost without running it.
struct InProcessLauncher: PartitionLauncher {
    let application: BatchApplication
    var lost: Set<String> = []

    func runWorker(_ request: PartitionWorkerRequest) async throws -> PartitionWorkerExit {
        if lost.contains(request.stepName) { return .lost("its node went away") }
        return .exited(await application.run(arguments: request.arguments, environment: request.environment))
    }
}

@Suite("Remote partitions behind the launcher protocol")
struct RemotePartitionLauncherTests {
    static func job(launcher: @escaping @Sendable (BatchApplication) -> any PartitionLauncher, hook: (@Sendable (Int64) async -> Void)? = nil)
        -> (Job, BatchApplication)
    {
        // The job's launcher needs the application, whose jobs need the launcher: a box ties the knot.
        let box = Mutex<BatchApplication?>(nil)
        let forwarding = ForwardingLauncher { request in
            try await launcher(box.withLock { $0! }).runWorker(request)
        }
        let job = Job("remote") {
            PartitionStep(
                "load", partitioner: KeyRangePartitioner { _ in 1...900 }, gridSize: 3, launcher: forwarding,
                worker: ChunkStep(
                    "loadRange", commitInterval: 50, reader: { context in try RangeReader(context, hook: hook) },
                    process: { (key: Int64) -> (Int64, String)? in (key, "k\(key)") },
                    writer: { context in
                        SQLBatchWriter<(Int64, String)>(pool: context.database, table: "TARGET", columns: ["ID", "NAME"]) {
                            [.int($0.0), .text($0.1)]
                        }
                    }))
        }
        let application = BatchApplication(
            name: "remote-test", jobs: [job], configuration: BatchConfiguration(stopCheckInterval: .zero))
        box.withLock { $0 = application }
        return (job, application)
    }

    @Test("a worker the platform lost fails its partition with the platform's words; the restart runs only it", arguments: TestDatabase.allCases)
    func lostWorker(_ database: TestDatabase) async throws {
        try await withRepository(database) { repository in
            try await PartitionTests.createTarget(repository.pool)
            let losing = Mutex(true)
            let (job, _) = Self.job { application in
                losing.withLock { $0 } ? InProcessLauncher(application: application, lost: ["loadRange:partition1"]) : InProcessLauncher(application: application)
            }
            let launcher = testLauncher(repository)
            let first = try await launcher.run(job, parameters: JobParameters())
            #expect(first.status == .failed)
            let failed = try #require(try await steps(repository, first.id)["loadRange:partition1"])
            #expect(failed.status == .failed)
            #expect(failed.exitStatus.exitDescription.contains("its worker was lost (its node went away) before taking its partition"), "\(failed.exitStatus)")
            #expect(try await steps(repository, first.id)["loadRange:partition0"]?.status == .completed)
            #expect(try await PartitionTests.ids(repository.pool) == Array(1...300) + Array(601...900))
            losing.withLock { $0 = false }
            let second = try await launcher.run(job, parameters: JobParameters())
            #expect(second.status == .completed)
            let rerun = try await JobExplorer(pool: repository.pool).stepExecutions(ofJobExecution: second.id).map(\.stepName).sorted()
            #expect(rerun == ["load", "loadRange:partition1"])
            #expect(try await PartitionTests.ids(repository.pool) == Array(1...900))
            let manager = try #require(try await steps(repository, second.id)["load"])
            #expect(manager.counts.read == 900, "the manager sums all its partitions, those completed before included, as in this process")
        }
    }

    @Test("a stop of the manager reaches its workers through the repository: they stop after their chunk, the job is STOPPED, the restart completes", arguments: TestDatabase.allCases)
    func stopReachesWorkers(_ database: TestDatabase) async throws {
        try await withRepository(database) { repository in
            try await PartitionTests.createTarget(repository.pool)
            let reached = Rendezvous(parties: 4)
            let release = Rendezvous(parties: 4)
            let holding = Mutex(true)
            let (job, _) = Self.job(launcher: { InProcessLauncher(application: $0) }) { key in
                guard (key - 1) % 300 == 0, holding.withLock({ $0 }) else { return }
                await reached.arrive()
                await release.arrive()
            }
            let control = RunControl()
            let launcher = testLauncher(repository)
            let run = Task { try await launcher.run(job, parameters: JobParameters(), control: control) }
            await reached.arrive()  // every worker is at its first key
            holding.withLock { $0 = false }
            control.requestStop("stopped by the test")
            try await poll("the stop request on the owner row") {
                try await repository.pool.withConnection { connection in
                    try await connection.query("SELECT STOP_REQUESTED FROM SB_JOB_EXECUTION_OWNER").first?.decode(Date?.self, at: 0) != nil
                }
            }
            await release.arrive()
            let stopped = try await withTimeout(hangLimit) { try await run.value }
            #expect(stopped.status == .stopped, "\(stopped.exitStatus)")
            let partitions = try await steps(repository, stopped.id).filter { $0.key.hasPrefix("loadRange:") }
            #expect(partitions.count == 3)
            #expect(partitions.values.allSatisfy { $0.status == .stopped && $0.counts.read == 50 }, "\(partitions.values.map { ($0.stepName, $0.status, $0.counts.read) })")
            let second = try await launcher.run(job, parameters: JobParameters())
            #expect(second.status == .completed)
            #expect(try await PartitionTests.ids(repository.pool) == Array(1...900))
        }
    }
}

/// A launcher that forwards to a closure.
struct ForwardingLauncher: PartitionLauncher {
    let body: @Sendable (PartitionWorkerRequest) async throws -> PartitionWorkerExit
    func runWorker(_ request: PartitionWorkerRequest) async throws -> PartitionWorkerExit { try await body(request) }
}
