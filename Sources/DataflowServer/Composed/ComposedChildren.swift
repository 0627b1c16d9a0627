import Database
import Foundation
import TaskRuntime

/// The child task definitions of composed definitions, as Data Flow keeps them: one per app,
/// named `<parent>-<label or app>`, holding the app with its label and arguments. They are
/// created with their parent, in its transaction, and destroyed with it; a definition is a
/// child (`composedTaskElement`) while its parent's graph names it.
enum ComposedChildren {
    /// The children the definition `name` with `graph` creates, after the composed checks
    /// (``ComposedTaskCheck``); none for a definition that is not composed.
    /// - Throws: ``ServerError`` `invalidDefinition` (400) naming what cannot run.
    static func definitions(of graph: TaskGraph, parent name: String) throws -> [TaskDefinition] {
        guard graph.isComposed else { return [] }
        try ComposedTaskCheck.validate(graph, definitionName: name)
        return graph.appReferences(definitionName: name).map { TaskDefinition(name: $0.childDefinitionName, dslText: $0.childDSL) }
    }

    /// The names of the children of a stored definition; none when it is not composed (or no
    /// longer parses).
    static func names(of definition: TaskDefinition) -> [String] {
        guard let graph = try? TaskDSL.parse(definition.dslText), graph.isComposed else { return [] }
        return graph.appReferences(definitionName: definition.name).map(\.childDefinitionName)
    }

    /// Inserts the children of `parent`, with an audit record each, on the caller's transaction.
    /// - Throws: ``ServerError`` `duplicateTaskDefinition` (409) when a child's name is taken.
    static func insert(_ children: [TaskDefinition], parent: String, user: String?, on connection: SQLConnection) async throws {
        for child in children {
            if try await TaskDefinitionStore.find(name: child.name, on: connection) != nil {
                throw ServerError(
                    .duplicateTaskDefinition,
                    "Cannot register task definition \(child.name) because another one has already been registered with the same name; the composed task \(parent) needs that name for its child definition (\(child.dslText)): rename the composed task, use a label, or destroy \(child.name) first")
            }
            try await TaskDefinitionStore.insert(child, on: connection)
            try await AuditTrail.record(
                AuditRecord(
                    action: .create, operation: .task, correlationId: child.name,
                    data: SecretMasking.arguments(child.dslText.split(separator: " ").map(String.init)).joined(separator: " "), createdBy: user),
                on: connection)
        }
    }

    /// Which of `names` are children of a composed definition that exists: for each name, the
    /// definitions its `-`-separated prefixes name are read (one query) and their graphs asked.
    static func childNames(among names: [String], on connection: SQLConnection) async throws -> Set<String> {
        var candidates: [String: [String]] = [:]
        for name in names {
            for index in name.indices where name[index] == "-" && index > name.startIndex {
                candidates[String(name[..<index]), default: []].append(name)
            }
        }
        guard !candidates.isEmpty else { return [] }
        var children: Set<String> = []
        for parent in try await TaskDefinitionStore.definitions(named: candidates.keys.sorted(), on: connection) {
            let own = Set(self.names(of: parent))
            children.formUnion(candidates[parent.name, default: []].filter(own.contains))
        }
        return children
    }
}
