/// A split, `<a || b && c || d>`: flows that run in parallel. What follows the split after
/// `&&` runs once every flow of the split has succeeded.
public struct TaskSplit: Hashable, Sendable {
    /// The label written before the `<`, if any (`both: <a || b>`).
    public var label: String?
    /// The parallel flows, in the order written.
    public var flows: [TaskFlow]

    /// Creates a split.
    /// - Parameters:
    ///   - label: the label, if any.
    ///   - flows: the parallel flows.
    public init(label: String? = nil, flows: [TaskFlow]) {
        self.label = label
        self.flows = flows
    }
}
