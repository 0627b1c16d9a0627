import BatchRuntime

/// Turns the flows of a task graph into BatchRuntime flow states (see ``ComposedTaskFlow``).
///
/// A scope is the job's own flow (the main flow, then the secondary flows) or one branch of a
/// split. Its states, in order: each flow's elements, then an end state for that flow (reached
/// when its last element completes), then the transition-target apps, each followed by an end
/// state. An app without transitions is its step alone, so a completed step falls through to
/// the next state; an app with transitions is its step, which goes to a decision on any exit
/// status, and the decision (``ComposedRoute``) goes where the matching transition says.
/// Decisions, splits and end states are named with `#`, which definition names cannot hold, so
/// they never clash with the steps.
struct ComposedFlowCompiler {
    let step: (TaskApp) -> any Step
    private var counter = 0

    init(step: @escaping (TaskApp) -> any Step) {
        self.step = step
    }

    /// The states of `flows` (the first is where the scope starts) as one flow.
    mutating func scope(_ flows: [TaskFlow], name: String) throws -> Flow {
        let splitNames = flows.map { flow in flow.nodes.map { node -> String? in
            if case .split = node { return uniqueName("#split") }
            return nil
        } }
        let labels = labelledStates(flows, splitNames: splitNames)
        var states: [FlowNode] = []
        var targets: [TaskApp] = []
        for (flowIndex, flow) in flows.enumerated() {
            let end = uniqueName("#end")
            for (index, node) in flow.nodes.enumerated() {
                let hasFollowing = index + 1 < flow.nodes.count
                let following = hasFollowing
                    ? Self.firstState(of: flow.nodes[index + 1], splitName: splitNames[flowIndex][index + 1]) : end
                switch node {
                case .app(let app) where app.transitions.isEmpty:
                    states += FlowBuilder.buildExpression(step(app))
                case .app(let app):
                    let route = app.name.count <= 90 ? "\(app.name) #route" : uniqueName("#route")
                    states.append(step(app).on("*", .next(route)))
                    states.append(try decision(app, named: route, following: following, hasFollowing: hasFollowing, labels: labels, scope: name))
                    for transition in app.transitions {
                        if case .app(let target) = transition.target { targets.append(target) }
                    }
                case .split(let split):
                    var branches: [Flow] = []
                    for (branch, flow) in split.flows.enumerated() {
                        branches.append(try scope([flow], name: "\(name) branch \(branch + 1) of \(splitNames[flowIndex][index]!)"))
                    }
                    states.append(FlowNode.split(splitNames[flowIndex][index]!) { return branches })
                }
            }
            states.append(Self.endState(end))
        }
        for target in targets {
            states += FlowBuilder.buildExpression(step(target))
            states.append(Self.endState(uniqueName("#end")))
        }
        return Flow(name) { return states }
    }

    /// The decision after `app`: one outcome per transition, then on, failed and stopped.
    private func decision(
        _ app: TaskApp, named name: String, following: String, hasFollowing: Bool, labels: [String: String], scope: String
    ) throws -> FlowNode {
        var node = FlowNode.decision(name, ComposedRoute(transitions: app.transitions, hasFollowing: hasFollowing))
        for (index, transition) in app.transitions.enumerated() {
            let target: FlowTarget
            switch transition.target {
            case .app(let other): target = .next(other.name)
            case .end: target = .end()
            case .fail: target = .fail()
            case .label(let label):
                guard let state = labels[label] else {
                    throw ServerError(
                        .invalidDefinition,
                        "the transition of \(app.referenceName) to :\(label) cannot be followed: \(label) labels nothing in \(scope) (a transition cannot go into or out of a split's branch)")
                }
                target = .next(state)
            }
            node = node.on(ExitCodePattern(ComposedRoute.transition(index)), target)
        }
        return node
            .on(ExitCodePattern(ComposedRoute.next), .next(following))
            .on(ExitCodePattern(ComposedRoute.failed), .fail())
            .on(ExitCodePattern(ComposedRoute.stopped), .stop())
    }

    /// The state each label of the scope names: an app's step, or a split.
    private func labelledStates(_ flows: [TaskFlow], splitNames: [[String?]]) -> [String: String] {
        var labels: [String: String] = [:]
        for (flowIndex, flow) in flows.enumerated() {
            for (index, node) in flow.nodes.enumerated() {
                switch node {
                case .app(let app):
                    if let label = app.label { labels[label] = app.name }
                    for transition in app.transitions {
                        if case .app(let target) = transition.target, let label = target.label { labels[label] = target.name }
                    }
                case .split(let split):
                    if let label = split.label { labels[label] = splitNames[flowIndex][index] }
                }
            }
        }
        return labels
    }

    /// The first state an element starts with: its step, or its split.
    private static func firstState(of node: TaskNode, splitName: String?) -> String {
        switch node {
        case .app(let app): app.name
        case .split: splitName ?? ""
        }
    }

    /// A state that ends its flow COMPLETED.
    private static func endState(_ name: String) -> FlowNode {
        FlowNode.decision(name) { _, _ in ComposedRoute.next }.on("*", .end())
    }

    private mutating func uniqueName(_ kind: String) -> String {
        counter += 1
        return "\(kind)\(counter)"
    }
}
