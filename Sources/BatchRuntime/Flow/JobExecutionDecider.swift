/// Decides where a flow goes next from what has run so far (Spring's `JobExecutionDecider`):
/// its outcome is matched against the decision's transitions like a step's exit code, and is
/// recorded in the job execution's context as `batch.decision.<name>`.
public protocol JobExecutionDecider: Sendable {
    /// The outcome, such as `"RETRY"` or `"COMPLETED"`.
    /// - Parameters:
    ///   - jobExecution: The job execution, with its parameters and context.
    ///   - lastStep: The step execution that ran last in this flow, if any.
    func decide(_ jobExecution: JobExecution, lastStep: StepExecution?) async throws -> String
}

/// A decider from a closure.
public struct ClosureDecider: JobExecutionDecider {
    let body: @Sendable (JobExecution, StepExecution?) async throws -> String

    /// A decider that calls `body`.
    public init(_ body: @escaping @Sendable (JobExecution, StepExecution?) async throws -> String) {
        self.body = body
    }

    /// Calls the closure.
    public func decide(_ jobExecution: JobExecution, lastStep: StepExecution?) async throws -> String {
        try await body(jobExecution, lastStep)
    }
}
