import TaskRuntime

/// A definition as `/tasks/definitions` shows it (Data Flow's `TaskDefinitionResource`), with
/// its newest execution and that execution's status (`UNKNOWN` when it never ran).
struct TaskDefinitionResource: Encodable, Sendable {
    var definition: TaskDefinition
    var composed: Bool
    /// Whether the definition is a child of a composed definition.
    var composedTaskElement: Bool
    var lastExecution: TaskExecutionResource?
    var links: Links

    init(
        _ definition: TaskDefinition, composed: Bool, composedTaskElement: Bool = false, lastExecution: TaskExecution?, manifest: LaunchManifest?,
        composedStatus: String? = nil, base: RequestBase
    ) {
        self.definition = definition
        self.composed = composed
        self.composedTaskElement = composedTaskElement
        self.lastExecution = lastExecution.map { TaskExecutionResource($0, manifest: manifest, composedStatus: composedStatus, base: base) }
        self.links = .init([("self", base.link("/tasks/definitions/\(definition.name)"))])
    }

    enum Keys: String, CodingKey {
        case name, dslText, description, composed, composedTaskElement, lastTaskExecution, status
        case links = "_links"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(definition.name, forKey: .name)
        try container.encode(definition.dslText, forKey: .dslText)
        try container.encode(definition.description ?? "", forKey: .description)
        try container.encode(composed, forKey: .composed)
        try container.encode(composedTaskElement, forKey: .composedTaskElement)
        try container.encode(lastExecution, forKey: .lastTaskExecution)
        try container.encode(lastExecution?.status.rawValue ?? TaskStatus.unknown.rawValue, forKey: .status)
        try container.encode(links, forKey: .links)
    }
}
