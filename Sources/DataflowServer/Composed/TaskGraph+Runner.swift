extension TaskGraph {
    /// The graph the composed-task runner gets for the composed definition `definitionName`
    /// (Data Flow's `--graph`): every app replaced by its child task definition,
    /// `<definitionName>-<label or app>`, without arguments (the child definition holds them);
    /// labels, transitions, splits, `$END` and `$FAIL` as written.
    ///
    /// ```swift
    /// let graph = try TaskDSL.parse("t1: timestamp --format=yyyy 'FAILED'->cleanup && <a || b>")
    /// graph.runnerGraph(definitionName: "nightly").dsl
    /// // "t1: nightly-t1 'FAILED'->nightly-cleanup && <nightly-a || nightly-b>"
    /// ```
    /// - Parameter definitionName: The composed task definition's name.
    /// - Returns: The graph with child definition names.
    public func runnerGraph(definitionName: String) -> TaskGraph {
        TaskGraph(flows: flows.map { Self.runnerFlow($0, definitionName: definitionName) })
    }

    private static func runnerFlow(_ flow: TaskFlow, definitionName: String) -> TaskFlow {
        TaskFlow(flow.nodes.map { node in
            switch node {
            case .app(let app):
                return .app(runnerApp(app, definitionName: definitionName))
            case .split(let split):
                return .split(TaskSplit(label: split.label, flows: split.flows.map { runnerFlow($0, definitionName: definitionName) }))
            }
        })
    }

    private static func runnerApp(_ app: TaskApp, definitionName: String) -> TaskApp {
        TaskApp(
            name: app.childDefinitionName(in: definitionName), label: app.label,
            transitions: app.transitions.map { transition in
                guard case .app(let target) = transition.target else { return transition }
                return TaskTransition(on: transition.condition, to: .app(runnerApp(target, definitionName: definitionName)))
            })
    }
}
