import Database
import Foundation
import Logging

/// The engine's handle on one running step execution: its row, its context, and the way to
/// commit a chunk together with the step's checkpoint.
///
/// The engine creates one per step execution and hands it to ``Step/execute(_:)``; it has no
/// public members, so a step of your own can only pass it on to the steps it wraps.
public final class StepRun {
    let repository: JobRepository
    let control: RunControl
    let configuration: BatchConfiguration
    var execution: StepExecution
    let context: StepContext
    let logger: Logger
    let listeners: [any StepExecutionListener]
    let chunkListeners: [any ChunkListener]
    /// The job run and execution this step runs in: what a partition manager starts its
    /// workers with.
    var job: (run: JobRun, execution: JobExecution)?
    private var lastSignalCheck = ContinuousClock.now

    init(
        repository: JobRepository, control: RunControl, configuration: BatchConfiguration, execution: StepExecution,
        context: StepContext, listeners: [any StepExecutionListener], chunkListeners: [any ChunkListener]
    ) {
        self.repository = repository
        self.control = control
        self.configuration = configuration
        self.execution = execution
        self.context = context
        self.logger = context.logger
        self.listeners = listeners
        self.chunkListeners = chunkListeners
    }

    /// Whether the step should stop before its next chunk: a signal or the heartbeat set the
    /// control's flag, the task was cancelled, or (checked at most every `stopCheckInterval`)
    /// another process asked through the repository.
    func shouldStop() async throws -> Bool {
        if control.stopReason != nil || Task.isCancelled { return true }
        let now = ContinuousClock.now
        guard now - lastSignalCheck >= configuration.stopCheckInterval else { return false }
        lastSignalCheck = now
        if try await repository.signals(jobExecutionId: execution.jobExecutionId).stopRequested {
            control.requestStop("stop requested through the job repository")
            return true
        }
        return false
    }

    /// Commits one unit of work with the step's checkpoint (``ChunkTransaction/commit(_:repository:work:checkpoint:)``)
    /// and takes the committed row; on failure nothing is committed and ``execution`` is unchanged.
    func commit(
        work: (SQLConnection) async throws -> Void, checkpoint: (inout StepExecution) throws -> Void
    ) async throws {
        execution = try await ChunkTransaction.commit(execution, repository: repository, work: work, checkpoint: checkpoint)
    }

    /// Saves the step row outside a chunk (start, end).
    func save() async throws {
        try await repository.update(&execution)
    }
}
