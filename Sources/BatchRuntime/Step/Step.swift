import Database
import Logging

/// One step of a job: a ``ChunkStep`` or a ``TaskletStep``.
///
/// Build steps with those types; the engine runs them in the order the job declares.
public protocol Step: Sendable {
    /// The step's name, unique within its job (`STEP_NAME`).
    var name: String { get }
    /// Restart behaviour.
    var options: StepOptions { get }
}

/// The engine's side of a step.
protocol RunnableStep: Step {
    func run(_ run: StepRun) async throws
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
}
