/// A sequence, `a && <b || c> && d`: elements that run one after another, each only when the
/// one before succeeded.
public struct TaskFlow: Hashable, Sendable {
    /// The elements, in order; never empty in a parsed graph.
    public var nodes: [TaskNode]

    /// Creates a flow.
    /// - Parameter nodes: the elements in order.
    public init(_ nodes: [TaskNode]) {
        self.nodes = nodes
    }

    /// The flow's label: the label of its first element, which `->:label` transitions name.
    public var label: String? { nodes.first?.label }
}
