/// A job instance with all its executions, newest first, in detail.
public struct JobInstanceDetail: Sendable, Hashable, Identifiable {
    /// The instance.
    public var instance: JobInstance
    /// Its executions, newest first, each with its context and steps.
    public var executions: [JobExecutionDetail]

    /// The instance's id.
    public var id: Int64 { instance.id }

    /// Creates a detail.
    public init(instance: JobInstance, executions: [JobExecutionDetail]) {
        self.instance = instance
        self.executions = executions
    }
}
