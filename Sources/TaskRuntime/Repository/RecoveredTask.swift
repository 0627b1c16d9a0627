/// A task execution that recovery closed because its process was dead.
public struct RecoveredTask: Sendable, Hashable {
    /// The execution as it was recorded after closing it.
    public var execution: TaskExecution
    /// The process that had owned it.
    public var owner: ExecutionOwner
}
