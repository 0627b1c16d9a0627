/// One element of a ``TaskFlow``: an app (with its transitions) or a split.
public enum TaskNode: Hashable, Sendable {
    /// An app, `timestamp --format=yyyy 'FAILED'->cleanup`.
    case app(TaskApp)
    /// A split, `<a || b>`.
    case split(TaskSplit)

    /// The element's label, if any.
    public var label: String? {
        switch self {
        case .app(let app): app.label
        case .split(let split): split.label
        }
    }
}
