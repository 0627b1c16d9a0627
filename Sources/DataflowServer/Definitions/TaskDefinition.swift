/// A named task: an app with its arguments, written in Data Flow's DSL (a row of `task_definitions`).
public struct TaskDefinition: Sendable, Hashable {
    /// The definition's name: `TASK_NAME` of its executions.
    public var name: String
    /// Its DSL text (`timestamp --format='yyyy MM dd'`).
    public var dslText: String
    /// A free-text description.
    public var description: String?

    /// Creates a value.
    public init(name: String, dslText: String, description: String? = nil) {
        self.name = name
        self.dslText = dslText
        self.description = description
    }
}

/// Which task definitions a list covers.
public struct TaskDefinitionFilter: Sendable, Hashable {
    /// Names containing this text (any case).
    public var nameContains: String?
    /// DSL texts containing this text (any case).
    public var dslTextContains: String?
    /// Descriptions containing this text (any case).
    public var descriptionContains: String?

    /// Creates a filter; with no arguments it covers every definition.
    public init(nameContains: String? = nil, dslTextContains: String? = nil, descriptionContains: String? = nil) {
        self.nameContains = nameContains
        self.dslTextContains = dslTextContains
        self.descriptionContains = descriptionContains
    }
}
