/// One state of a ``Flow``: a step, a decision or a split, with the transitions that leave it.
///
/// A state declared without transitions goes on to the next state of its flow when it
/// completes, and ends the job with its own status otherwise (FAILED, STOPPED), as a plain
/// sequence of steps does. Once a state has a transition, only its transitions apply: an exit
/// code none of them matches fails the job, naming the state and the code.
public struct FlowNode: Sendable {
    enum Kind: Sendable {
        case step(any Step)
        case decision(any JobExecutionDecider)
        case split([Flow])
    }

    /// The state's name: the step's name, or the decision's or split's.
    public let name: String
    let kind: Kind
    /// The transitions, in declaration order.
    public private(set) var transitions: [FlowTransition] = []

    init(name: String, kind: Kind) {
        self.name = name
        self.kind = kind
    }

    /// A decision state: `decider`'s outcome chooses the transition.
    public static func decision(_ name: String, _ decider: any JobExecutionDecider) -> FlowNode {
        FlowNode(name: name, kind: .decision(decider))
    }

    /// A decision state from a closure.
    public static func decision(
        _ name: String, _ decide: @escaping @Sendable (JobExecution, StepExecution?) async throws -> String
    ) -> FlowNode {
        decision(name, ClosureDecider(decide))
    }

    /// A split state: `flows` run at the same time, each to its end; the split's exit code is
    /// the most severe status among them (COMPLETED, STOPPED or FAILED, Spring's aggregation).
    public static func split(_ name: String, @FlowBuilder _ flows: () -> [Flow]) -> FlowNode {
        FlowNode(name: name, kind: .split(flows()))
    }

    /// The state with one more transition: exit codes matching `pattern` go to `target`.
    public func on(_ pattern: ExitCodePattern, _ target: FlowTarget) -> FlowNode {
        var copy = self
        copy.transitions.append(FlowTransition(pattern: pattern, target: target))
        return copy
    }

    /// The transition `exitCode` takes, the most specific that matches; nil when none does.
    public func transition(for exitCode: String) -> FlowTransition? {
        var best: FlowTransition?
        for transition in transitions where transition.pattern.matches(exitCode) {
            if let current = best, !transition.pattern.isMoreSpecific(than: current.pattern) { continue }
            best = transition
        }
        return best
    }

    /// The steps of this state, splits' branches included.
    var steps: [any Step] {
        switch kind {
        case .step(let step): return [step]
        case .decision: return []
        case .split(let flows): return flows.flatMap(\.steps)
        }
    }
}

extension Step {
    /// This step as a flow state with a transition: `load.on("FAILED", .next(report))`.
    public func on(_ pattern: ExitCodePattern, _ target: FlowTarget) -> FlowNode {
        FlowNode(name: name, kind: .step(self)).on(pattern, target)
    }
}
