/// A parsed task definition: one app with its arguments (`timestamp --format=yyyy`), or a
/// composed task of flows, splits and transitions (`a 'FAILED'->b && <c || d>`).
///
/// ```swift
/// let graph = try TaskDSL.parse("appA 'fail'->:two && appB\ntwo: appD && appE")
/// graph.isComposed                 // true
/// graph.flows.count                // 2: the main flow and the flow labelled `two`
/// graph.apps.map(\.referenceName)  // ["appA", "appB", "two", "appE"]
/// graph.dsl                        // "appA 'fail'->:two && appB\ntwo: appD && appE"
/// ```
public struct TaskGraph: Hashable, Sendable {
    /// The flows: the first is where the task starts; any others begin with a label and are
    /// reached only through `->:label` transitions. Never empty in a parsed graph.
    public var flows: [TaskFlow]

    /// Creates a graph.
    /// - Parameter flows: the main flow first, then labelled secondary flows.
    public init(flows: [TaskFlow]) {
        self.flows = flows
    }

    /// Whether this is a composed task, as Data Flow decides: anything other than one flow of
    /// one app without transitions (so `<a>` and `a 0->b` are composed, `t1: a --x=1` is not).
    public var isComposed: Bool { singleApp == nil }

    /// The app of a definition that is not composed; `nil` for a composed one.
    public var singleApp: TaskApp? {
        guard flows.count == 1, flows[0].nodes.count == 1, case .app(let app) = flows[0].nodes[0],
              app.transitions.isEmpty else { return nil }
        return app
    }

    /// Every app the definition runs, in Data Flow's order: each app of each flow, followed by
    /// the apps its transitions go to. Label references, `$END` and `$FAIL` are not apps.
    public var apps: [TaskApp] {
        var apps: [TaskApp] = []
        for flow in flows { Self.collectApps(of: flow, into: &apps) }
        return apps
    }

    /// The apps of ``apps`` with the child task definitions Data Flow creates for them when
    /// this graph is saved as the composed definition `definitionName`. (A definition that is
    /// not composed creates no children; its one app is still listed.)
    /// - Parameter definitionName: the composed task definition's name.
    /// - Returns: one reference per app, in the order of ``apps``.
    public func appReferences(definitionName: String) -> [TaskAppReference] {
        apps.map { TaskAppReference(app: $0, definitionName: definitionName) }
    }

    /// The flow whose first element carries `label`, the target of `->:label` transitions.
    /// - Parameter label: the label.
    /// - Returns: the flow, or `nil` when no flow starts with that label.
    public func flow(labelled label: String) -> TaskFlow? {
        flows.first { $0.label == label }
    }

    /// The definition as canonical DSL text: one space around `&&`, `||` and after `label:`,
    /// `'status'->target` transitions, arguments quoted only when they must be (`'yyyy MM dd'`),
    /// secondary flows on their own lines. Parsing the text gives this graph back.
    public var dsl: String { TaskDSLPrinter.graph(self) }

    private static func collectApps(of flow: TaskFlow, into apps: inout [TaskApp]) {
        for node in flow.nodes {
            switch node {
            case .app(let app):
                apps.append(app)
                for transition in app.transitions {
                    if case .app(let target) = transition.target { apps.append(target) }
                }
            case .split(let split):
                for branch in split.flows { collectApps(of: branch, into: &apps) }
            }
        }
    }
}
