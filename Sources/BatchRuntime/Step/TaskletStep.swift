/// Whether a tasklet wants to be called again.
public enum RepeatStatus: Sendable, Hashable {
    /// Call the tasklet again (each call is its own transaction).
    case continuable
    /// The tasklet is done.
    case finished
}

/// The state a tasklet sees and updates on each call.
public struct TaskletContribution: Sendable {
    /// The step's context (parameters, database, logger).
    public let step: StepContext
    /// The step's execution context; changes are saved with the call's commit.
    public var executionContext: ExecutionContext
    /// Items this call read (added to `READ_COUNT`).
    public var readCount: Int64 = 0
    /// Items this call wrote (added to `WRITE_COUNT`).
    public var writeCount: Int64 = 0
    /// Items this call filtered (added to `FILTER_COUNT`).
    public var filterCount: Int64 = 0
}

/// A step that runs one unit of work, repeatedly while it returns ``RepeatStatus/continuable``.
///
/// Each call commits in its own transaction together with the step row; writes to the
/// repository's database through ``ChunkTransaction/current`` join that transaction.
///
/// ```swift
/// TaskletStep("cleanup") { contribution in
///     try FileManager.default.removeItem(atPath: try contribution.step.parameters.string("work.dir"))
///     return .finished
/// }
/// ```
public struct TaskletStep: Step {
    /// The step's name.
    public let name: String
    /// Restart behaviour.
    public var options: StepOptions
    let tasklet: @Sendable (inout TaskletContribution) async throws -> RepeatStatus
    var listeners: [any StepExecutionListener] = []

    /// Creates a tasklet step.
    public init(
        _ name: String, options: StepOptions = StepOptions(),
        tasklet: @escaping @Sendable (inout TaskletContribution) async throws -> RepeatStatus
    ) {
        self.name = name
        self.options = options
        self.tasklet = tasklet
    }

    /// Adds step listeners.
    public func listeners(_ listeners: any StepExecutionListener...) -> Self {
        var copy = self
        copy.listeners += listeners
        return copy
    }

    /// Runs one execution of the step (called by the engine).
    public func execute(_ run: StepRun) async throws {
        var status = RepeatStatus.continuable
        while status == .continuable {
            if try await run.shouldStop() {
                run.execution.status = .stopped
                run.execution.exitStatus = ExitStatus("STOPPED", description: run.control.stopReason ?? "stop requested")
                return
            }
            var contribution = TaskletContribution(step: run.context, executionContext: run.execution.executionContext)
            do {
                try await run.commit { _ in
                    status = try await tasklet(&contribution)
                } checkpoint: { step in
                    step.counts.read += contribution.readCount
                    step.counts.write += contribution.writeCount
                    step.counts.filter += contribution.filterCount
                    step.executionContext = contribution.executionContext
                }
            } catch {
                run.execution.counts.rollback += 1
                throw error
            }
        }
    }
}
