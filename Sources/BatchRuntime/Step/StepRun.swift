import Database
import Foundation
import Logging

/// The engine's state while one step execution runs: its row, its context, and the way to
/// commit a chunk together with the step's checkpoint.
final class StepRun {
    let repository: JobRepository
    let control: RunControl
    let configuration: BatchConfiguration
    var execution: StepExecution
    let context: StepContext
    let logger: Logger
    let listeners: [any StepExecutionListener]
    let chunkListeners: [any ChunkListener]
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

    /// Runs `body`, lets `update` fold the work into the step (counters, context), and saves the
    /// step row (and the context when changed) in one transaction on the repository's database,
    /// with `body`'s writes visible through ``ChunkTransaction/current``. On failure nothing of
    /// it is committed and ``execution`` is unchanged.
    func commit(
        body: (SQLConnection) async throws -> Void, update: (inout StepExecution) throws -> Void
    ) async throws {
        let pool = repository.pool
        var updated = execution
        try await pool.transaction { connection in
            try await ChunkTransaction.$current.withValue(ChunkTransaction(pool: pool, connection: connection)) {
                try await body(connection)
            }
            try update(&updated)
            updated.counts.commit += 1
            try await repository.update(&updated, on: connection)
        }
        execution = updated
    }

    /// Saves the step row outside a chunk (start, end).
    func save() async throws {
        try await repository.update(&execution)
    }
}
