import CoreMetrics
import Foundation
import Logging

/// Starts (or skips) one step of a job execution according to Spring's restart rules.
struct StepHandler {
    let run: JobRun
    let step: any Step
    /// The context a first execution starts with (a partition's); a restart takes the last one's.
    var initialContext: ExecutionContext? = nil

    func handle(_ jobExecution: inout JobExecution) async throws -> StepExecution {
        let last = try await run.repository.lastStepExecution(jobInstanceId: jobExecution.instance.id, stepName: step.name)
        if let last, let skipped = try await skip(after: last, instanceId: jobExecution.instance.id) { return skipped }
        let (execution, isRestart) = try await create(after: last, jobExecutionId: jobExecution.id, status: .started)
        return try await execute(execution, isRestart: isRestart, jobExecution: jobExecution)
    }

    /// Records the step's next execution: with the context of the last one when that one did
    /// not complete (a restart), else with ``initialContext``.
    /// - Parameter status: `STARTED` to run it here; `STARTING` for a worker elsewhere to take.
    func create(after last: StepExecution?, jobExecutionId: Int64, status: BatchStatus) async throws -> (StepExecution, isRestart: Bool) {
        let now = Date()
        var execution = StepExecution(
            id: 0, stepName: step.name, jobExecutionId: jobExecutionId, status: status, createTime: now,
            startTime: status == .started ? now : nil)
        let isRestart = last.map { $0.status != .completed } ?? false
        if let last, isRestart {
            execution.executionContext = last.executionContext
            execution.executionContext["batch.restart"] = .bool(true)
        } else if let initialContext {
            execution.executionContext = initialContext
        }
        try await run.repository.add(&execution)
        execution.executionContext.markClean()
        return (execution, isRestart)
    }

    /// Runs a recorded, started step execution to its end and records how it ended.
    func execute(_ execution: StepExecution, isRestart: Bool, jobExecution: JobExecution) async throws -> StepExecution {
        let repository = run.repository
        var logger = run.logger
        logger[metadataKey: "batch.step.name"] = "\(step.name)"
        let context = StepContext(
            jobName: run.job.name, stepName: step.name, jobExecutionId: jobExecution.id, stepExecutionId: execution.id,
            parameters: jobExecution.parameters, jobContext: jobExecution.executionContext, database: repository.pool,
            logger: logger, isRestart: isRestart, stepContext: execution.executionContext)
        let (listeners, chunkListeners) = Self.listeners(of: step)
        let stepRun = StepRun(
            repository: repository, control: run.control, configuration: run.launcher.configuration, execution: execution,
            context: context, listeners: listeners, chunkListeners: chunkListeners)
        stepRun.job = (run, jobExecution)
        run.control.updateProgress { $0 = RunControl.Progress(stepName: step.name) }
        let started = ContinuousClock.now
        logger.info("step \(step.name) started\(isRestart ? " (restart)" : "")")
        do {
            for listener in listeners { try await listener.beforeStep(stepRun.execution) }
            try await step.execute(stepRun)
            if stepRun.execution.status == .started {
                stepRun.execution.status = .completed
                stepRun.execution.exitStatus = .completed
            }
        } catch {
            stepRun.execution.status = .failed
            stepRun.execution.exitStatus = .failed(error)
            logger.error("step \(step.name) failed: \(BatchError.describe(error))")
        }
        for listener in listeners {
            if let exit = await listener.afterStep(stepRun.execution) {
                stepRun.execution.exitStatus = stepRun.execution.exitStatus.and(exit)
            }
        }
        stepRun.execution.endTime = Date()
        try await stepRun.save()
        CoreMetrics.Timer(
            label: "spring.batch.step",
            dimensions: [
                ("spring.batch.step.name", step.name), ("spring.batch.step.job.name", run.job.name),
                ("spring.batch.step.status", stepRun.execution.exitStatus.exitCode),
            ]
        ).recordNanoseconds(started.duration(to: .now).nanoseconds)
        logger.info(
            "step \(step.name) ended \(stepRun.execution.status.rawValue): read \(stepRun.execution.counts.read), written \(stepRun.execution.counts.write), filtered \(stepRun.execution.counts.filter), commits \(stepRun.execution.counts.commit), rollbacks \(stepRun.execution.counts.rollback)"
        )
        return stepRun.execution
    }

    /// Spring's restart rules for a step that ran before in this instance: the earlier execution
    /// when it completed (unless the step allows starting again) or was abandoned; nil to run it.
    /// - Throws: ``BatchError/Code/startLimitExceeded`` when the step may not start again.
    func skip(after last: StepExecution, instanceId: Int64) async throws -> StepExecution? {
        if last.status == .completed && !step.options.allowStartIfComplete {
            run.logger.info("step \(step.name) already completed in execution \(last.jobExecutionId); skipped")
            return last
        }
        if last.status == .abandoned {
            run.logger.info("step \(step.name) was abandoned; skipped")
            var skipped = last
            skipped.status = .completed
            return skipped
        }
        let count = try await run.repository.stepExecutionCount(jobInstanceId: instanceId, stepName: step.name)
        if count >= step.options.startLimit {
            throw BatchError(
                .startLimitExceeded,
                "step \(step.name) reached its start limit of \(step.options.startLimit); it cannot run again for this job instance")
        }
        return nil
    }

    static func listeners(of step: any Step) -> ([any StepExecutionListener], [any ChunkListener]) {
        if let step = step as? any ListenedStep { return (step.stepListeners, step.stepChunkListeners) }
        return ([], [])
    }
}

/// Steps that carry listeners.
protocol ListenedStep {
    var stepListeners: [any StepExecutionListener] { get }
    var stepChunkListeners: [any ChunkListener] { get }
}

extension ChunkStep: ListenedStep {
    var stepListeners: [any StepExecutionListener] { listeners }
    var stepChunkListeners: [any ChunkListener] { chunkListeners }
}

extension TaskletStep: ListenedStep {
    var stepListeners: [any StepExecutionListener] { listeners }
    var stepChunkListeners: [any ChunkListener] { [] }
}
