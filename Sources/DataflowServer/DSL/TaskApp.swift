/// An app in a task definition: its name, optional label, arguments in the order written,
/// and (in a flow) its transitions.
///
/// ```swift
/// let graph = try TaskDSL.parse("t1: timestamp --format=yyyy 'FAILED'->t2: timestamp")
/// let app = graph.flows[0].nodes[0]  // .app(TaskApp(name: "timestamp", label: "t1", ...))
/// ```
public struct TaskApp: Hashable, Sendable {
    /// The registered app name, such as `timestamp`.
    public var name: String
    /// The label written before the app (`t1: timestamp`), needed when an app appears twice.
    public var label: String?
    /// The `--name=value` arguments, in the order written (a name may repeat).
    public var arguments: [TaskArgument]
    /// The transitions written after the app, in order. Apps that are themselves transition
    /// targets have none.
    public var transitions: [TaskTransition]

    /// Creates an app.
    /// - Parameters:
    ///   - name: the registered app name.
    ///   - label: the label, if any.
    ///   - arguments: the arguments in order.
    ///   - transitions: the transitions in order.
    public init(name: String, label: String? = nil, arguments: [TaskArgument] = [], transitions: [TaskTransition] = []) {
        self.name = name
        self.label = label
        self.arguments = arguments
        self.transitions = transitions
    }

    /// The name the app goes by in its composed task: its label, else its app name.
    public var referenceName: String { label ?? name }

    /// The name of the child task definition Data Flow creates for this app when the composed
    /// definition `definitionName` is saved: `<definitionName>-<label or app name>`.
    /// - Parameter definitionName: the composed task definition's name.
    /// - Returns: for example `nightly-t1` for `t1: timestamp` in `nightly`.
    public func childDefinitionName(in definitionName: String) -> String {
        definitionName + "-" + referenceName
    }
}
