/// An app of a composed task definition with the child task definition Data Flow creates for
/// it: `<definitionName>-<label or app name>`, whose DSL is the app with its label and
/// arguments.
///
/// ```swift
/// let graph = try TaskDSL.parse("t1: timestamp --format=yyyy && t2: timestamp")
/// let first = graph.appReferences(definitionName: "nightly")[0]
/// first.childDefinitionName  // "nightly-t1"
/// first.childDSL             // "t1: timestamp --format=yyyy"
/// ```
public struct TaskAppReference: Hashable, Sendable {
    /// The registered app name.
    public let name: String
    /// The app's label, if any.
    public let label: String?
    /// The app's arguments, in order.
    public let arguments: [TaskArgument]
    /// The name of the child task definition: `<definitionName>-<label or app name>`.
    public let childDefinitionName: String
    /// The DSL of the child task definition: the app with its label and arguments.
    public let childDSL: String

    /// Creates the reference to `app` within the composed definition `definitionName`.
    init(app: TaskApp, definitionName: String) {
        let bare = TaskApp(name: app.name, label: app.label, arguments: app.arguments)
        self.name = app.name
        self.label = app.label
        self.arguments = app.arguments
        self.childDefinitionName = app.childDefinitionName(in: definitionName)
        self.childDSL = TaskDSLPrinter.app(bare)
    }
}
