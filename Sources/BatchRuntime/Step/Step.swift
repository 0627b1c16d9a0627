import Database
import Logging

/// One step of a job: a ``ChunkStep`` or a ``TaskletStep``.
///
/// Build steps with those types; the engine runs them in the order the job declares, creating
/// one step execution each time and handing it to ``execute(_:)``. A step of your own can wrap
/// another and pass the handle on:
///
/// ```swift
/// struct Announced<Inner: Step>: Step {
///     let inner: Inner
///     var name: String { inner.name }
///     var options: StepOptions { inner.options }
///     func execute(_ run: StepRun) async throws {
///         print("running \(name)")
///         try await inner.execute(run)
///     }
/// }
/// ```
public protocol Step: Sendable {
    /// The step's name, unique within its job (`STEP_NAME`).
    var name: String { get }
    /// Restart behaviour.
    var options: StepOptions { get }
    /// Runs one execution of the step; the engine calls it with the execution's ``StepRun``.
    /// - Throws: What failed the step; the engine records it as the step's FAILED exit status.
    func execute(_ run: StepRun) async throws
}

/// How a step behaves across restarts.
public struct StepOptions: Sendable, Hashable {
    /// How many times the step may be started within one job instance (Spring's default: unlimited).
    public var startLimit: Int
    /// Run the step again on restart even when it completed before.
    public var allowStartIfComplete: Bool

    /// Creates options.
    public init(startLimit: Int = .max, allowStartIfComplete: Bool = false) {
        self.startLimit = startLimit
        self.allowStartIfComplete = allowStartIfComplete
    }
}

/// What a step's factories and tasklets see of the execution they run in.
public struct StepContext: Sendable {
    /// The job's name.
    public var jobName: String
    /// The step's name.
    public var stepName: String
    /// The job execution's id.
    public var jobExecutionId: Int64
    /// The step execution's id.
    public var stepExecutionId: Int64
    /// The job parameters.
    public var parameters: JobParameters
    /// The job's execution context at the time the step started.
    public var jobContext: ExecutionContext
    /// The repository's database: writers that use it commit in the chunk's transaction.
    public var database: ConnectionPool
    /// A logger carrying `batch.job.name`, `batch.job.execution_id` and `batch.step.name`.
    public var logger: Logger
    /// Whether this step execution resumes an earlier one that did not complete.
    public var isRestart: Bool
    /// The step execution's context as it starts: a partition's keys (from its
    /// ``Partitioner``), and on a restart what the earlier execution saved.
    public var stepContext: ExecutionContext = ExecutionContext()
}
