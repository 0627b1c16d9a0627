import Foundation
import Logging
import CoreMetrics

/// One job execution in progress: its steps in order, with Spring's per-step restart rules.
struct JobRun {
    let job: Job
    let launcher: JobLauncher
    let control: RunControl
    let logger: Logger

    var repository: JobRepository { launcher.repository }

    func run(_ created: JobExecution) async throws -> JobExecution {
        var execution = created
        execution.startTime = Date()
        execution.status = .started
        try await repository.update(&execution)
        logger.info("job \(job.name) started", metadata: ["batch.job.parameters": "\(execution.parameters)"])
        do {
            for listener in job.listeners { try await listener.beforeJob(execution) }
            try await runSteps(&execution)
        } catch {
            execution.status = .failed
            execution.exitStatus = .failed(error)
            logger.error("job \(job.name) failed: \(BatchError.describe(error))")
        }
        for listener in job.listeners { await listener.afterJob(&execution) }
        execution.endTime = Date()
        do {
            try await repository.update(&execution)
        } catch {
            throw BatchError(
                .repositoryFailed,
                "could not record the end of job execution \(execution.id) (\(execution.status.rawValue): \(execution.exitStatus.exitDescription)); it stays \(created.status == .starting ? "STARTED" : created.status.rawValue) until, with the cause fixed, 'recover \(execution.id)' marks it FAILED and 'restart \(execution.id)' resumes it",
                cause: error)
        }
        do {
            try await repository.releaseOwner(jobExecutionId: execution.id)
        } catch {
            logger.warning("could not delete the owner row: \(BatchError.describe(error))")
        }
        logger.info("job \(job.name) ended \(execution.status.rawValue)", metadata: ["batch.job.exit": "\(execution.exitStatus)"])
        return execution
    }

    private func runSteps(_ execution: inout JobExecution) async throws {
        if let flow = job.flow {
            try await FlowRunner(run: self).runJob(flow, &execution)
            return
        }
        var lastExit = ExitStatus.completed
        for step in job.steps {
            if let reason = control.stopReason {
                execution.status = .stopped
                execution.exitStatus = ExitStatus("STOPPED", description: reason)
                return
            }
            let result = try await StepHandler(run: self, step: step).handle(&execution)
            try await repository.updateExecutionContext(of: execution)
            if result.status != .completed {
                execution.status = execution.status.upgraded(to: result.status)
                execution.exitStatus = result.exitStatus.exitCode == "EXECUTING" ? ExitStatus(for: result.status) : result.exitStatus
                if execution.status == .abandoned { execution.status = .failed }
                return
            }
            lastExit = result.exitStatus
        }
        execution.status = .completed
        execution.exitStatus = lastExit.exitCode == "COMPLETED" ? .completed : lastExit
    }
}
