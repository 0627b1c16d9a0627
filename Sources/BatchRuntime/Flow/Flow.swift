/// The states of a job (or of a branch of a split) and the transitions between them: Spring
/// Batch's flows, declared in Swift.
///
/// The first state is where the flow starts. Steps go in as they are or with transitions;
/// `.decision` and `.split` add the other kinds of state:
///
/// ```swift
/// Job("reconcile", flow: Flow {
///     load.on("FAILED", .next(report)).on("*", .next("compare"))
///     FlowNode.split("compare") {
///         Flow { compareLedgerA }
///         Flow { compareLedgerB }
///     }
///     FlowNode.decision("enough matched") { job, _ in (job.executionContext.int("matched") ?? 0) > 100 ? "OK" : "REVIEW" }
///         .on("REVIEW", .stop(restartAt: report))
///         .on("*", .next(report))
///     report
/// })
/// ```
///
/// A restart runs the flow again from its start (or from the state a `.stop(restartAt:)`
/// named): steps that completed are not run again unless they allow it, and their recorded exit
/// codes take the same transitions, so the flow resumes at the step that failed.
public struct Flow: Sendable {
    /// The flow's name, for messages.
    public let name: String
    /// The states, the first one the start.
    public let nodes: [FlowNode]

    /// A flow of `nodes`, starting at the first.
    public init(_ name: String = "flow", @FlowBuilder nodes: () -> [FlowNode]) {
        self.name = name
        self.nodes = nodes()
    }

    /// Every step of the flow, splits' branches included, in declaration order.
    public var steps: [any Step] { nodes.flatMap(\.steps) }

    /// Checks the flow: states, unique names (across the branches of splits too), transitions
    /// to states of this flow, restart points that are steps, and every state reachable.
    /// - Throws: ``BatchError/Code/invalidDeclaration``, naming the state.
    func validate(job: String, names: inout Set<String>, topLevel: Bool) throws(BatchError) {
        guard !nodes.isEmpty else { throw BatchError(.invalidDeclaration, "flow \(name) of job \(job) has no states") }
        let own = Set(nodes.map(\.name))
        for node in nodes {
            guard !node.name.isEmpty, node.name.count <= 100 else {
                throw BatchError(.invalidDeclaration, "state name '\(node.name)' in job \(job) must have 1 to 100 characters")
            }
            guard names.insert(node.name).inserted else {
                throw BatchError(.invalidDeclaration, "job \(job) has two states named \(node.name)")
            }
            for transition in node.transitions {
                switch transition.target {
                case .next(let target) where !own.contains(target):
                    throw BatchError(
                        .invalidDeclaration,
                        "the transition of \(node.name) on '\(transition.pattern)' goes to \(target), which is not a state of flow \(name) of job \(job)")
                case .stop(let restartAt?) where !(topLevel && nodes.contains { $0.name == restartAt }):
                    throw BatchError(
                        .invalidDeclaration,
                        "the transition of \(node.name) on '\(transition.pattern)' restarts at \(restartAt), which is not a state of the job's own flow")
                default: break
                }
            }
            if case .split(let flows) = node.kind {
                for flow in flows { try flow.validate(job: job, names: &names, topLevel: false) }
            }
        }
        // Reachable from the start: explicit transitions, or the next state for a state without any.
        var reached: Set<Int> = [0]
        var pending = [0]
        while let index = pending.popLast() {
            let node = nodes[index]
            var targets: [Int] = []
            if node.transitions.isEmpty {
                if index + 1 < nodes.count { targets.append(index + 1) }
            } else {
                for transition in node.transitions {
                    if case .next(let target) = transition.target, let found = nodes.firstIndex(where: { $0.name == target }) {
                        targets.append(found)
                    }
                    if case .stop(let restartAt?) = transition.target, let found = nodes.firstIndex(where: { $0.name == restartAt }) {
                        targets.append(found)
                    }
                }
            }
            for target in targets where reached.insert(target).inserted { pending.append(target) }
        }
        if let unreachable = nodes.indices.first(where: { !reached.contains($0) }) {
            throw BatchError(
                .invalidDeclaration,
                "state \(nodes[unreachable].name) of flow \(name) of job \(job) cannot be reached from its start, \(nodes[0].name)")
        }
    }
}

/// Collects the states of a ``Flow``, or the flows of a split.
@resultBuilder
public enum FlowBuilder {
    /// A step, as a state without transitions.
    public static func buildExpression(_ step: any Step) -> [FlowNode] { [FlowNode(name: step.name, kind: .step(step))] }
    /// A state.
    public static func buildExpression(_ node: FlowNode) -> [FlowNode] { [node] }
    /// A flow (the branches of a split).
    public static func buildExpression(_ flow: Flow) -> [Flow] { [flow] }
    /// States in order.
    public static func buildBlock(_ nodes: [FlowNode]...) -> [FlowNode] { nodes.flatMap { $0 } }
    /// Flows in order.
    public static func buildBlock(_ flows: [Flow]...) -> [Flow] { flows.flatMap { $0 } }
}
