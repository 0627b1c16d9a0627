/// A transition of an app in a composed task: where the flow goes when the app ends with a
/// given exit status or exit code, as in `a 'FAILED'->b` or `a 0->:cleanup`.
///
/// When none of an app's transitions matches, the flow carries on with what follows the app
/// after `&&`, or ends when nothing follows.
public struct TaskTransition: Hashable, Sendable {
    /// What the transition checks.
    public enum Condition: Hashable, Sendable {
        /// A quoted exit status, such as `'FAILED'` or `'COMPLETED'`, matched against the exit
        /// status of the app's run (the text inside the quotes, quotes undoubled).
        case exitStatus(String)
        /// An unquoted number: the app's exit code, such as `0` or `1`.
        case exitCode(Int)
        /// `'*'` or `*`: any exit status not matched by the app's other transitions.
        case any
    }

    /// Where the transition goes.
    public enum Target: Hashable, Sendable {
        /// Another app, run instead of the rest of the flow (`a 'FAILED'->cleanup --x=1`).
        /// It may carry a label and arguments, never transitions.
        case app(TaskApp)
        /// The flow whose first element carries this label (`a 'FAILED'->:recover`).
        case label(String)
        /// `$END`: the composed task ends here, successfully.
        case end
        /// `$FAIL`: the composed task ends here, failed.
        case fail
    }

    /// What the transition checks.
    public var condition: Condition
    /// Where it goes.
    public var target: Target

    /// Creates a transition.
    /// - Parameters:
    ///   - condition: what the transition checks.
    ///   - target: where it goes.
    public init(on condition: Condition, to target: Target) {
        self.condition = condition
        self.target = target
    }
}
