/// Where a flow goes from a state whose exit code matched a transition.
public enum FlowTarget: Sendable, Hashable {
    /// To the state of this name (a step, a decision or a split of the same flow).
    case next(String)
    /// The job ends COMPLETED with this exit code (Spring's `.end()`).
    case end(exitCode: String = "COMPLETED")
    /// The job ends FAILED with this exit code (Spring's `.fail()`): it may be restarted.
    case fail(exitCode: String = "FAILED")
    /// The job ends STOPPED (Spring's `.stop()` and `.stopAndRestart(step)`): a restart
    /// resumes at `restartAt`, or where the flow stopped when nil.
    case stop(restartAt: String? = nil)

    /// To `step`: the compiler checks that it is a step you have.
    public static func next(_ step: any Step) -> FlowTarget { .next(step.name) }

    /// The job ends STOPPED; a restart begins at `step`.
    public static func stop(restartAt step: any Step) -> FlowTarget { .stop(restartAt: step.name) }
}

/// One transition: from a state, on an exit code matching `pattern`, to `target`.
public struct FlowTransition: Sendable, Hashable {
    /// The exit codes it applies to.
    public var pattern: ExitCodePattern
    /// Where it leads.
    public var target: FlowTarget
}
