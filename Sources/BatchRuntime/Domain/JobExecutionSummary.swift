/// A job execution with the number of its step executions: what a thin list shows, read
/// without its execution context and without its step rows.
public struct JobExecutionSummary: Sendable, Hashable, Identifiable {
    /// The execution, with its parameters and the task execution that ran it; its context is empty.
    public var execution: JobExecution
    /// How many step executions it has.
    public var stepCount: Int

    /// The execution's id.
    public var id: Int64 { execution.id }

    /// Creates a summary.
    public init(execution: JobExecution, stepCount: Int) {
        self.execution = execution
        self.stepCount = stepCount
    }
}
