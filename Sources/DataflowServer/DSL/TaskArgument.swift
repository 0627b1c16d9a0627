/// One `--name=value` argument of an app in a task definition.
///
/// ```swift
/// let graph = try TaskDSL.parse("timestamp --format='yyyy MM dd'")
/// graph.singleApp?.arguments  // [TaskArgument(name: "format", value: "yyyy MM dd")]
/// ```
public struct TaskArgument: Hashable, Sendable {
    /// The name without its `--`; dotted names keep their dots (`spring.datasource.url`).
    public var name: String
    /// The value with its quotes removed and doubled quotes made single.
    public var value: String

    /// Creates an argument.
    /// - Parameters:
    ///   - name: the name without `--`, such as `format` or `spring.datasource.url`.
    ///   - value: the unquoted value.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
