/// A step whose work runs somewhere else (another process, a task launched through a server, a
/// remote service) and that waits for it to end.
///
/// A ``TaskletStep`` commits each call in a transaction, so it suits work that writes to the
/// repository's database. Waiting for an hour inside a transaction would hold a connection and,
/// on PostgreSQL, an open transaction all that time. An external step's body runs outside any
/// transaction for as long as the work takes; it sees stop requests (a signal, `stop` through
/// the repository) while it waits, and it decides the step's outcome: its status and exit status,
/// which the job's flow transitions match.
///
/// ```swift
/// let remote = ExternalStep("export") { step in
///     let id = try await service.start()
///     step.executionContext["export.id"] = .string(id)
///     try await step.save()                       // the id survives a crash of this process
///     while let state = try await service.state(id), !state.done {
///         if try await step.stopRequested() != nil { try await service.cancel(id) }
///         try await Task.sleep(for: .seconds(1))
///     }
///     step.status = try await service.succeeded(id) ? .completed : .failed
///     step.exitStatus = ExitStatus(step.status == .completed ? "COMPLETED" : "FAILED")
/// }
/// ```
///
/// A body that throws fails the step with the error, as any step does; one that returns leaves
/// the outcome it set (COMPLETED by default). A restart runs the body again with
/// ``ExternalStepContext/step``'s `isRestart` set and `stepContext` holding what the failed
/// execution saved.
public struct ExternalStep: Step {
    /// The step's name.
    public let name: String
    /// Restart behaviour.
    public var options: StepOptions
    let body: @Sendable (inout ExternalStepContext) async throws -> Void

    /// Creates an external step.
    /// - Parameters:
    ///   - name: The step's name, unique in its job.
    ///   - options: Restart behaviour.
    ///   - body: Starts the work, waits for its end and sets the outcome.
    public init(
        _ name: String, options: StepOptions = StepOptions(), body: @escaping @Sendable (inout ExternalStepContext) async throws -> Void
    ) {
        self.name = name
        self.options = options
        self.body = body
    }

    /// Runs one execution of the step (called by the engine).
    public func execute(_ run: StepRun) async throws {
        var context = ExternalStepContext(run: run)
        try await body(&context)
        run.execution.executionContext = context.executionContext
        switch context.status {
        case .completed, .failed, .stopped:
            run.execution.status = context.status
            run.execution.exitStatus = context.exitStatus
        default:
            run.execution.status = .failed
            run.execution.exitStatus = ExitStatus(
                "FAILED", description: "step \(name) ended \(context.status.rawValue); an external step ends COMPLETED, FAILED or STOPPED")
        }
    }
}

/// What an ``ExternalStep``'s body sees and sets: the step's context, its execution context, the
/// stop requests, and the outcome.
public struct ExternalStepContext {
    private let run: StepRun
    /// The step's context (name, parameters, logger, whether this execution is a restart).
    public let step: StepContext
    /// The step execution's context: saved when the step ends, or earlier with ``save()``.
    public var executionContext: ExecutionContext
    /// How the step ends: ``BatchStatus/completed`` (the default), ``BatchStatus/failed`` or
    /// ``BatchStatus/stopped``. A failed or stopped step can be restarted.
    public var status: BatchStatus = .completed
    /// The exit status the flow's transitions match (``ExitStatus/completed`` by default).
    public var exitStatus: ExitStatus = .completed

    init(run: StepRun) {
        self.run = run
        self.step = run.context
        self.executionContext = run.execution.executionContext
    }

    /// Why the step should stop, or nil: a SIGTERM or SIGINT, a stop of the job execution
    /// through the repository (checked at most every `stopCheckInterval`), or the cancellation
    /// of the task running the step. Call it while waiting; on a stop, end the work and set
    /// ``status`` to ``BatchStatus/stopped``.
    /// - Throws: ``BatchError`` when the repository cannot be read.
    public func stopRequested() async throws -> String? {
        guard try await run.shouldStop() else { return nil }
        return run.control.stopReason ?? "the task running the step was cancelled"
    }

    /// Saves ``executionContext`` now (the step row and its context), so that what it holds,
    /// such as the id of the work started, survives if this process dies while waiting.
    /// - Throws: ``BatchError`` when the repository cannot be written.
    public mutating func save() async throws {
        run.execution.executionContext = executionContext
        try await run.save()
        executionContext = run.execution.executionContext
    }
}
