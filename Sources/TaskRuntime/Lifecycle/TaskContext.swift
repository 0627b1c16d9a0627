import Synchronization

/// What a running task's work can see and say: its execution, its exit code and message, a
/// failure, how to react to a stop signal, and the job executions it runs.
public final class TaskContext: Sendable {
    /// The execution as recorded at the start.
    public let execution: TaskExecution
    /// The repository the task is recorded in.
    public let repository: TaskRepository
    /// Whether a failed batch job fails this task (``TaskSettings/failOnJobFailure``).
    public let failOnJobFailure: Bool

    struct State {
        var exitCode: Int32?
        var exitMessage: String?
        var failure: String?
        var signal: Int32 = 0
        var signalName = ""
        var stopHandlers: [@Sendable (Int32, String) -> Void] = []
        var livenessRowGone = false
        var endRecordedEarly = false
    }

    let state = Mutex(State())

    init(execution: TaskExecution, repository: TaskRepository, failOnJobFailure: Bool) {
        self.execution = execution
        self.repository = repository
        self.failOnJobFailure = failOnJobFailure
    }

    /// Sets the exit code explicitly; it wins over the lifecycle's own choice (1 on failure, else 0).
    public func setExitCode(_ code: Int32) {
        state.withLock { $0.exitCode = code }
    }

    /// Sets the exit message (listeners may still replace it).
    public func setExitMessage(_ message: String) {
        state.withLock { $0.exitMessage = message }
    }

    /// Marks the task failed without throwing: `message` goes to `ERROR_MESSAGE` and the exit
    /// code is 1 unless set explicitly.
    public func fail(_ message: String) {
        state.withLock { $0.failure = message }
    }

    /// Runs `handler` when SIGTERM or SIGINT asks the task to stop, instead of cancelling the
    /// work: use it to stop gracefully (a batch job stops after its current chunk).
    public func onStopSignal(_ handler: @escaping @Sendable (_ signal: Int32, _ name: String) -> Void) {
        state.withLock { $0.stopHandlers.append(handler) }
    }

    /// Records that a signal asked the task to stop (the lifecycle's trap and `task exec` call this).
    /// - Returns: Whether a stop handler took care of it.
    @discardableResult
    public func recordStopSignal(_ signal: Int32, name: String) -> Bool {
        let handlers = state.withLock { state in
            if state.signal == 0 {
                state.signal = signal
                state.signalName = name
            }
            return state.stopHandlers
        }
        for handler in handlers { handler(signal, name) }
        return !handlers.isEmpty
    }

    /// Whether the work registered stop handlers (else a stop signal cancels it).
    var hasStopHandlers: Bool { state.withLock { !$0.stopHandlers.isEmpty } }

    /// Notes that the liveness row is gone; true the first time (warn once).
    func noteLivenessRowGone() -> Bool {
        state.withLock { state in
            defer { state.livenessRowGone = true }
            return !state.livenessRowGone
        }
    }

    /// Notes that a second signal recorded the end already.
    func noteEndRecordedEarly() { state.withLock { $0.endRecordedEarly = true } }

    /// Whether a second signal recorded the end already.
    var endRecordedEarly: Bool { state.withLock { $0.endRecordedEarly } }

    /// The signal that asked the task to stop, or 0.
    public var stopSignal: Int32 { state.withLock { $0.signal } }

    /// Links a job execution to this task execution (`TASK_TASK_BATCH`).
    public func linkJobExecution(_ jobExecutionId: Int64) async throws {
        try await repository.linkJobExecution(taskExecutionId: execution.executionId, jobExecutionId: jobExecutionId)
    }
}
