import BatchRuntime

/// How a child task of a composed task ended, as the composed-task runner's step for it records
/// it, and the step outcome Data Flow derives from it: the exit status is the child's exit
/// message when it has one, else `COMPLETED` for exit code 0, else `FAILED`; the step completed
/// only when the exit code is 0.
///
/// ```swift
/// let outcome = ComposedChildOutcome(exitCode: 3, exitMessage: nil)
/// outcome.exitStatus.exitCode  // "FAILED"
/// outcome.status               // .failed
/// ```
public struct ComposedChildOutcome: Sendable, Hashable {
    /// The step execution context key holding the child's task execution id.
    public static let executionIdKey = "composed.child.execution-id"
    /// The step execution context key holding the child's exit code, which exit-code
    /// transitions (`a 3->b`) match.
    public static let exitCodeKey = "composed.child.exit-code"

    /// The child's exit code; nil when it has none (it never ran).
    public var exitCode: Int?
    /// The child's exit message, if it set one.
    public var exitMessage: String?

    /// Creates an outcome.
    /// - Parameters:
    ///   - exitCode: The child's exit code, or nil.
    ///   - exitMessage: The child's exit message, or nil.
    public init(exitCode: Int?, exitMessage: String?) {
        self.exitCode = exitCode
        self.exitMessage = exitMessage
    }

    /// `COMPLETED` for exit code 0, else `FAILED`.
    public var status: BatchStatus { exitCode == 0 ? .completed : .failed }

    /// The exit message when set, else `COMPLETED` or `FAILED` by the exit code.
    public var exitStatus: ExitStatus {
        if let exitMessage, !exitMessage.isEmpty { return ExitStatus(exitMessage) }
        return exitCode == 0 ? .completed : ExitStatus("FAILED", description: "the child task ended with exit code \(exitCode.map(String.init) ?? "none")")
    }
}
