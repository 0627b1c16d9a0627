import Database
import Foundation
import TaskRuntime

/// Creates, lists and destroys task definitions: the only writer of `task_definitions`.
///
/// A definition names one registered task app with its arguments (`timestamp --format=yyyy`),
/// or is a composed task (`a && <b || c>`), which creates a child definition per app with it
/// (``ComposedChildren``) and destroys them with it. The DSL is checked at creation, with the
/// position of an error in its message.
public struct TaskDefinitions: Sendable {
    /// The metadata database.
    public let pool: ConnectionPool
    /// The app registry definitions refer to.
    public let registry: AppRegistry

    /// Creates the service.
    public init(pool: ConnectionPool, registry: AppRegistry) {
        self.pool = pool
        self.registry = registry
    }

    /// Creates a definition, and for a composed one its child definitions, in one transaction.
    /// - Throws: ``ServerError``: `badRequest` (a bad name), `invalidDefinition` (the DSL, with its
    ///   position, or a composed graph that cannot run), `noSuchApp` (an app not registered),
    ///   `duplicateTaskDefinition` (the name, or a child's, is taken).
    @discardableResult
    public func create(name: String, dsl: String, description: String? = nil, user: String? = nil) async throws -> TaskDefinition {
        try DefinitionDSL.checkName(name)
        let parsed = try DefinitionDSL.parse(dsl, definitionName: name)
        for (index, app) in parsed.apps.enumerated() where !parsed.apps[..<index].contains(app) {
            guard try await registry.app(type: .task, name: app) == nil else { continue }
            throw ServerError(
                .noSuchApp,
                "Application name '\(app)' with type 'task' does not exist in the app registry; register it with POST /apps/task/\(app) (dataflow app register --name \(app) --type task --uri file:/path/to/executable)")
        }
        let children = try ComposedChildren.definitions(of: parsed.graph, parent: name)
        let definition = TaskDefinition(name: name, dslText: dsl.trimmingCharacters(in: .whitespacesAndNewlines), description: description.flatMap { $0.isEmpty ? nil : $0 })
        try await pool.transaction { connection in
            if try await TaskDefinitionStore.find(name: name, on: connection) != nil {
                throw ServerError(.duplicateTaskDefinition, "Cannot register task definition \(name) because another one has already been registered with the same name")
            }
            try await TaskDefinitionStore.insert(definition, on: connection)
            try await AuditTrail.record(
                AuditRecord(action: .create, operation: .task, correlationId: name, data: SecretMasking.arguments(definition.dslText.split(separator: " ").map(String.init)).joined(separator: " "),
                            createdBy: user), on: connection)
            try await ComposedChildren.insert(children, parent: name, user: user, on: connection)
        }
        return definition
    }

    /// One definition, or nil.
    public func definition(named name: String) async throws -> TaskDefinition? {
        try await pool.withConnection { try await TaskDefinitionStore.find(name: name, on: $0) }
    }

    /// Which of `names` are defined (one query for a page's worth).
    public func existingNames(_ names: Set<String>) async throws -> Set<String> {
        guard !names.isEmpty else { return [] }
        return try await pool.withConnection { try await TaskDefinitionStore.existing(names.sorted(), on: $0) }
    }

    /// One definition.
    /// - Throws: ``ServerError`` `noSuchTaskDefinition` (404) with Data Flow's message.
    public func require(_ name: String) async throws -> TaskDefinition {
        guard let definition = try await definition(named: name) else { throw Self.noSuchDefinition(name) }
        return definition
    }

    /// A page of definitions, by name unless `page` sorts otherwise.
    /// - Throws: ``ServerError`` `badRequest` for a sort property that is not allowed.
    public func definitions(_ filter: TaskDefinitionFilter = TaskDefinitionFilter(), page: PageRequest) async throws -> Page<TaskDefinition> {
        let sort = page.sort.isEmpty ? [Database.SortOrder("DEFINITION_NAME", ascending: true)] : page.sort
        let orderBy: String
        switch TaskDefinitionStore.sortColumns.orderBy(sort) {
        case .success(let clause): orderBy = clause
        case .failure(let unknown): throw ServerError(.badRequest, unknown.message)
        }
        return try await pool.withConnection { connection in
            let (definitions, total) = try await TaskDefinitionStore.list(
                filter: filter, orderBy: orderBy, limit: page.size, offset: page.offset, on: connection)
            return Page(elements: definitions, number: page.number, size: page.size, totalElements: total)
        }
    }

    /// Destroys a definition and its schedules, and for a composed one its child definitions
    /// with theirs, in one transaction, as Data Flow does (executions stay unless the caller
    /// cleans them up first).
    /// - Throws: ``ServerError`` `noSuchTaskDefinition`.
    public func destroy(_ name: String, user: String? = nil) async throws {
        try await pool.transaction { connection in
            guard let definition = try await TaskDefinitionStore.find(name: name, on: connection),
                try await Self.delete(name, user: user, on: connection)
            else { throw Self.noSuchDefinition(name) }
            for child in ComposedChildren.names(of: definition) {
                _ = try await Self.delete(child, user: user, on: connection)
            }
        }
    }

    /// Deletes one definition row with its schedules and the audit records; false when it is gone.
    private static func delete(_ name: String, user: String?, on connection: SQLConnection) async throws -> Bool {
        guard try await TaskDefinitionStore.delete(name: name, on: connection) else { return false }
        for schedule in try await TaskScheduleStore.delete(definition: name, on: connection) {
            try await AuditTrail.record(
                AuditRecord(action: .delete, operation: .schedule, correlationId: schedule, data: "with task definition \(name)", createdBy: user),
                on: connection)
        }
        try await AuditTrail.record(AuditRecord(action: .delete, operation: .task, correlationId: name, data: nil, createdBy: user), on: connection)
        return true
    }

    /// Which of `names` are child definitions of an existing composed definition (Data Flow's
    /// `composedTaskElement`).
    public func composedChildren(among names: [String]) async throws -> Set<String> {
        try await pool.withConnection { try await ComposedChildren.childNames(among: names, on: $0) }
    }

    /// Which of `names` are composed definitions (their DSL is a graph the runner runs).
    public func composedNames(among names: Set<String>) async throws -> Set<String> {
        guard !names.isEmpty else { return [] }
        let found = try await pool.withConnection { try await TaskDefinitionStore.definitions(named: names.sorted(), on: $0) }
        return Set(found.filter { DefinitionDSL.isComposed($0.dslText) }.map(\.name))
    }

    /// The names of the definitions that use the app `name`.
    public func definitionNames(usingApp name: String) async throws -> [String] {
        let candidates = try await pool.withConnection { try await TaskDefinitionStore.mentioning(name, on: $0) }
        return candidates.filter { definition in
            (try? DefinitionDSL.parse(definition.dslText, definitionName: definition.name).apps.contains(name)) ?? false
        }.map(\.name)
    }

    static func noSuchDefinition(_ name: String) -> ServerError {
        ServerError(.noSuchTaskDefinition, "Could not find task definition named \(name)")
    }
}
