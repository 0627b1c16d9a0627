import BatchRuntime

/// The checks a composed definition passes before it is saved, beyond the DSL's own: names
/// that fit the runner's job and steps, every element reachable, label references that the
/// runner can follow, and a graph the runner can run.
enum ComposedTaskCheck {
    /// The longest job or step name (`JOB_NAME`, `STEP_NAME`).
    static let maximumNameLength = 100

    /// Checks `graph` as the composed definition `name`.
    /// - Throws: ``ServerError`` `invalidDefinition` (400) naming the problem.
    static func validate(_ graph: TaskGraph, definitionName name: String) throws {
        guard name.count <= maximumNameLength else {
            throw ServerError(
                .invalidDefinition,
                "the composed task name \(name) has \(name.count) characters; its runner's job name holds at most \(maximumNameLength)")
        }
        for reference in graph.appReferences(definitionName: name) where reference.childDefinitionName.count > maximumNameLength {
            throw ServerError(
                .invalidDefinition,
                "the child task definition \(reference.childDefinitionName) has \(reference.childDefinitionName.count) characters; the runner's step for it holds at most \(maximumNameLength): use a shorter definition name or label")
        }
        try reachable(graph.flows, scope: "the composed task")
        let runnerGraph = graph.runnerGraph(definitionName: name)
        do {
            let reparsed = try TaskDSL.parse(runnerGraph.dsl)
            _ = try ComposedTaskFlow.job(named: name, graph: reparsed) { app in ExternalStep(app.name) { _ in } }
        } catch let error as TaskDSLError {
            throw ServerError(
                .invalidDefinition,
                "the runner's graph of \(name), \(runnerGraph.dsl), does not parse (\(error.formattedMessage)): rename the label that clashes with a child task definition name")
        }
    }

    /// Checks that every element of `flows` (one scope: the composed task's flows, or a split's
    /// branch) can run, and that every `->:label` names an element of the same scope.
    private static func reachable(_ flows: [TaskFlow], scope: String) throws {
        var labels: [String: (flow: Int, node: Int)] = [:]
        for (flowIndex, flow) in flows.enumerated() {
            for (index, node) in flow.nodes.enumerated() {
                if let label = node.label { labels[label] = (flowIndex, index) }
            }
        }
        var reached: Set<[Int]> = [[0, 0]]
        var pending = [(flow: 0, node: 0)]
        while let position = pending.popLast() {
            let (flowIndex, index) = position
            let node = flows[flowIndex].nodes[index]
            var next: [(flow: Int, node: Int)] = []
            switch node {
            case .app(let app):
                if !app.transitions.contains(where: { $0.condition == .any }) { next.append((flowIndex, index + 1)) }
                for transition in app.transitions {
                    guard case .label(let label) = transition.target else { continue }
                    guard let target = labels[label] else {
                        throw ServerError(
                            .invalidDefinition,
                            "the transition of \(app.referenceName) to :\(label) cannot be followed: \(label) is not in \(scope) (a transition cannot go into or out of a split's branch)")
                    }
                    next.append(target)
                }
            case .split(let split):
                for (branch, flow) in split.flows.enumerated() {
                    try reachable([flow], scope: "branch \(branch + 1) of the split \(describe(node))")
                }
                next.append((flowIndex, index + 1))
            }
            for target in next where target.node < flows[target.flow].nodes.count {
                if reached.insert([target.flow, target.node]).inserted { pending.append(target) }
            }
        }
        for (flowIndex, flow) in flows.enumerated() {
            for (index, node) in flow.nodes.enumerated() where !reached.contains([flowIndex, index]) {
                throw unreachable(node, after: index > 0 ? flow.nodes[index - 1] : nil, secondary: flowIndex > 0 && index == 0)
            }
        }
    }

    private static func unreachable(_ node: TaskNode, after previous: TaskNode?, secondary: Bool) -> ServerError {
        if secondary, let label = node.label {
            return ServerError(
                .invalidDefinition,
                "the flow labelled \(label) never runs: no transition goes to :\(label); add one, such as 'FAILED'->:\(label), or remove the flow")
        }
        if case .app(let app)? = previous, app.transitions.contains(where: { $0.condition == .any }) {
            return ServerError(
                .invalidDefinition,
                "\(describe(node)) never runs: the '*' transition of \(app.referenceName) before it takes every outcome; remove the '*' transition or what follows it")
        }
        return ServerError(.invalidDefinition, "\(describe(node)) never runs: no flow or transition leads to it")
    }

    /// An element for messages: an app by its label or name, a split by its label or first app.
    private static func describe(_ node: TaskNode) -> String {
        switch node {
        case .app(let app):
            return app.referenceName
        case .split(let split):
            if let label = split.label { return label }
            let first = split.flows.first?.nodes.first.map(describe) ?? ""
            return "<\(first) || ...>"
        }
    }
}
