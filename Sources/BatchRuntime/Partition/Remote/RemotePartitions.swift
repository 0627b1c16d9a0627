import Foundation
import Logging

/// The manager's side of remote partitioning: it records each partition's step execution
/// (`STARTING`), has a ``PartitionLauncher`` run a worker for it, and learns how the partition
/// ended from the job repository once the worker has ended. A worker that ended without
/// ending its step execution (killed, crashed, lost with its node) leaves the row `STARTED`:
/// the manager marks it `FAILED`, saying how the worker ended, so a restart of the job runs
/// that partition again from its last committed chunk.
///
/// What Spring Cloud Task's `DeployerPartitionHandler` does, waiting on the worker's end
/// instead of polling the repository for it.
struct RemotePartitions {
    let managerName: String
    let worker: any Step
    let launcher: any PartitionLauncher
    let concurrency: Int

    /// Runs the partitions `keys` (the first run's contexts in `contexts`) and returns their
    /// step executions as they ended.
    func run(
        keys: [String], contexts: [String: ExecutionContext], job: (run: JobRun, execution: JobExecution), manager: StepRun
    ) async throws -> [StepExecution] {
        guard let child = DataSourceSettings.childSettings(for: job.run.repository.pool.url) else {
            throw BatchError(
                .invalidDeclaration,
                "step \(managerName) runs its partitions in other processes, which cannot open a private in-memory database; use an SQLite file or PostgreSQL")
        }
        let repository = job.run.repository
        let stopCheck = job.run.launcher.configuration.stopCheckInterval
        let control = job.run.control
        let logger = manager.logger
        return try await withThrowingTaskGroup(of: StepExecution?.self) { group in
            // A stop of the manager (a signal, its heartbeat) reaches the workers through the
            // repository, where they look at every chunk boundary.
            group.addTask {
                while !Task.isCancelled {
                    if control.stopReason != nil {
                        do {
                            try await repository.requestStop(jobExecutionId: job.execution.id)
                        } catch {
                            logger.warning("could not pass the stop on to the partitions' workers: \(BatchError.describe(error))")
                        }
                        return nil
                    }
                    try? await Task.sleep(for: max(stopCheck, .milliseconds(100)))
                }
                return nil
            }
            var next = 0
            func start() {
                let key = keys[next]
                next += 1
                let handler = StepHandler(
                    run: job.run, step: PartitionWorker(name: "\(worker.name):\(key)", worker: worker),
                    initialContext: contexts[key])
                group.addTask { try await self.runPartition(handler, job: job.execution, child: child) }
            }
            while next < min(concurrency, keys.count) { start() }
            var results: [StepExecution] = []
            while results.count < keys.count, let result = try await group.next() {
                guard let result else { continue }
                results.append(result)
                if next < keys.count { start() }
            }
            group.cancelAll()
            return results
        }
    }

    /// One partition: skipped when it completed before, else recorded, run by a worker, and
    /// read back (marked `FAILED` when its worker died with it still running).
    private func runPartition(
        _ handler: StepHandler, job: JobExecution, child: (arguments: [String], environment: [String: String])
    ) async throws -> StepExecution {
        let repository = handler.run.repository
        let name = handler.step.name
        let last = try await repository.lastStepExecution(jobInstanceId: job.instance.id, stepName: name)
        if let last, let skipped = try await handler.skip(after: last, instanceId: job.instance.id) { return skipped }
        let (created, _) = try await handler.create(after: last, jobExecutionId: job.id, status: .starting)
        let request = PartitionWorkerRequest(
            jobName: job.jobName, jobExecutionId: job.id, stepExecutionId: created.id, stepName: name,
            arguments: [
                "worker", "--spring.cloud.task.job-execution-id=\(job.id)",
                "--spring.cloud.task.step-execution-id=\(created.id)", "--spring.cloud.task.step-name=\(name)",
            ] + child.arguments,
            environment: child.environment)
        handler.run.logger.info(
            "partition \(name) handed to a worker", metadata: ["batch.step.execution_id": "\(created.id)"])
        let how: String
        do {
            let exit = try await launcher.runWorker(request)
            how = "its worker \(exit)"
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            how = "its worker could not run: \(BatchError.describe(error))"
        }
        let explorer = JobExplorer(pool: repository.pool)
        guard var ended = try await explorer.stepExecution(id: created.id) else {
            throw BatchError(.partitionFailed, "step execution \(created.id) of partition \(name) disappeared from the repository")
        }
        guard ended.status.isRunning else { return ended }
        let state = ended.status == .starting ? "before taking its partition" : "while its partition was running"
        ended.status = .failed
        ended.exitStatus = ExitStatus(
            "FAILED",
            description: "partition \(name) did not end: \(how) \(state); restart the job to run it again from its last committed chunk")
        ended.endTime = Date()
        try await repository.update(&ended)
        handler.run.logger.error("partition \(name) failed: \(how)")
        return ended
    }
}
