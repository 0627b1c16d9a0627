/// A job execution with its execution context and its step executions, each with its own
/// context: everything Data Flow's full job execution resource shows.
public struct JobExecutionDetail: Sendable, Hashable, Identifiable {
    /// The execution, with its parameters, its context and the task execution that ran it.
    public var execution: JobExecution
    /// Its step executions in the order they started, with their contexts.
    public var steps: [StepExecution]

    /// The execution's id.
    public var id: Int64 { execution.id }

    /// Creates a detail.
    public init(execution: JobExecution, steps: [StepExecution]) {
        self.execution = execution
        self.steps = steps
    }
}
