/// Hooks into a task's lifecycle, as Spring Cloud Task's `TaskExecutionListener`. Each hook may
/// set ``TaskExecution/exitMessage``; what the end hook sets wins over the failed hook, which
/// wins over the startup hook. All hooks have no-op defaults: implement the ones you need.
///
/// ```swift
/// struct Summary: TaskExecutionListener {
///     func onTaskEnd(_ execution: inout TaskExecution) async {
///         execution.exitMessage = "exported \(count) rows"
///     }
/// }
/// ```
public protocol TaskExecutionListener: Sendable {
    /// After the start is recorded, before the work.
    func onTaskStartup(_ execution: inout TaskExecution) async
    /// After the work failed (an error escaped it, or it reported a failure), before the end hook.
    func onTaskFailed(_ execution: inout TaskExecution, error: String) async
    /// After the work, before the end is recorded; ``TaskExecution/exitCode`` is already set.
    func onTaskEnd(_ execution: inout TaskExecution) async
}

extension TaskExecutionListener {
    /// Does nothing.
    public func onTaskStartup(_ execution: inout TaskExecution) async {}
    /// Does nothing.
    public func onTaskFailed(_ execution: inout TaskExecution, error: String) async {}
    /// Does nothing.
    public func onTaskEnd(_ execution: inout TaskExecution) async {}
}
