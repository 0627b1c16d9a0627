import Foundation
import Logging

/// The worker's side of remote partitioning: takes one partition's step execution, which a
/// manager in another process recorded `STARTING`, from the shared job repository and runs it
/// with the job's worker step; what Spring Cloud Task's `DeployerStepExecutionHandler` does.
///
/// The execution is taken with a version check (`STARTING` → `STARTED`), so two workers
/// started for the same partition cannot both run it. The worker then behaves as the step
/// does in the manager's process: it commits chunks with its checkpoint, stops at a chunk
/// boundary when the job is asked to stop, and records how it ended.
struct PartitionWorkerRunner {
    let jobs: [String: Job]
    let launcher: JobLauncher

    /// The ids a worker gets from its manager.
    struct Assignment: Sendable, Hashable {
        var jobExecutionId: Int64
        var stepExecutionId: Int64
        var stepName: String
    }

    /// Runs the assigned step execution to its end.
    /// - Throws: ``BatchError`` when the assignment names nothing this application can run, or
    ///   the execution is not waiting for a worker.
    func run(_ assignment: Assignment, control: RunControl) async throws -> StepExecution {
        let explorer = JobExplorer(pool: launcher.repository.pool)
        let id = assignment.jobExecutionId
        guard let jobExecution = try await explorer.jobExecution(id: id) else {
            throw BatchError(.noSuchExecution, "no job execution with id \(id) for this partition worker")
        }
        guard jobExecution.status.isRunning else {
            throw BatchError(
                .notRunning,
                "job execution \(id) is \(jobExecution.status.rawValue); a worker runs partitions of a running execution only")
        }
        guard let job = jobs[jobExecution.jobName] else {
            throw BatchError(
                .noSuchJob,
                "job execution \(id) belongs to job \(jobExecution.jobName), which this application does not have (it has \(jobs.keys.sorted().joined(separator: ", ")))")
        }
        let worker = try Self.workerStep(of: job, named: assignment.stepName)
        guard var execution = try await explorer.stepExecution(id: assignment.stepExecutionId) else {
            throw BatchError(.noSuchExecution, "no step execution with id \(assignment.stepExecutionId) for this partition worker")
        }
        guard execution.jobExecutionId == id, execution.stepName == assignment.stepName else {
            throw BatchError(
                .invalidParameters,
                "step execution \(execution.id) is \(execution.stepName) of job execution \(execution.jobExecutionId), not \(assignment.stepName) of \(id)")
        }
        guard execution.status == .starting else {
            throw BatchError(
                .notRunning,
                "step execution \(execution.id) (\(execution.stepName)) is \(execution.status.rawValue): another worker took it, or it ended")
        }
        execution.status = .started
        execution.startTime = Date()
        do {
            try await launcher.repository.update(&execution)
        } catch let error as BatchError where error.code == .optimisticLockingFailure {
            throw BatchError(.notRunning, "step execution \(execution.id) (\(execution.stepName)) was taken by another worker", cause: error)
        }
        var logger = launcher.logger
        logger[metadataKey: "batch.job.name"] = "\(job.name)"
        logger[metadataKey: "batch.job.execution_id"] = "\(id)"
        let run = JobRun(job: job, launcher: launcher, control: control, logger: logger)
        let handler = StepHandler(run: run, step: PartitionWorker(name: assignment.stepName, worker: worker))
        let isRestart = execution.executionContext.bool("batch.restart") ?? false
        return try await handler.execute(execution, isRestart: isRestart, jobExecution: jobExecution)
    }

    /// The worker step of the partitioned step whose partitions are named `<worker>:<key>`.
    static func workerStep(of job: Job, named stepName: String) throws -> any Step {
        guard let colon = stepName.lastIndex(of: ":") else {
            throw BatchError(.invalidParameters, "'\(stepName)' is not a partition's step name (<worker step>:<partition>)")
        }
        let base = String(stepName[..<colon])
        let partitioned = job.steps.compactMap { $0 as? PartitionStep }
        guard let step = partitioned.first(where: { $0.worker.name == base }) else {
            let known = partitioned.map { "\($0.worker.name) (of \($0.name))" }
            throw BatchError(
                .invalidParameters,
                "job \(job.name) has no partitioned step whose worker is \(base); its workers: \(known.isEmpty ? "none" : known.joined(separator: ", "))")
        }
        return step.worker
    }
}
