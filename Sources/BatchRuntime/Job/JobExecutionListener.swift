/// Hooks around a job execution; both have no-op defaults.
///
/// ```swift
/// struct Announce: JobExecutionListener {
///     func afterJob(_ execution: inout JobExecution) async {
///         execution.exitStatus = execution.exitStatus.adding(description: "announced")
///     }
/// }
/// ```
public protocol JobExecutionListener: Sendable {
    /// Called after the execution is STARTED, before the first step.
    func beforeJob(_ execution: JobExecution) async throws
    /// Called after the last step, before the final status is saved; may change the exit status.
    func afterJob(_ execution: inout JobExecution) async
}

extension JobExecutionListener {
    /// Does nothing.
    public func beforeJob(_ execution: JobExecution) async throws {}
    /// Does nothing.
    public func afterJob(_ execution: inout JobExecution) async {}
}
