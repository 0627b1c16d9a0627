/// What the task definitions service needs from the DSL (``TaskDSL``): the apps a definition
/// uses, whether it is composed, and errors as the server reports them.
enum DefinitionDSL {
    struct Parsed {
        var graph: TaskGraph
        /// The names of the apps the definition runs.
        var apps: [String] { graph.apps.map(\.name) }
    }

    /// Checks a definition name as Data Flow does.
    /// - Throws: ``ServerError`` `badRequest` with Data Flow's message and the position.
    static func checkName(_ name: String) throws {
        do {
            try TaskDSL.validateDefinitionName(name)
        } catch {
            throw ServerError(.badRequest, "'\(name)' is not a valid task definition name: \(error.description)")
        }
    }

    /// Parses a definition; composed definitions are refused until composed tasks exist.
    /// - Throws: ``ServerError`` `invalidDefinition` with Data Flow's message, the text and a caret at the position.
    static func parse(_ dsl: String, definitionName: String) throws -> Parsed {
        let graph: TaskGraph
        do {
            graph = try TaskDSL.parse(dsl, definitionName: definitionName)
        } catch {
            throw ServerError(.invalidDefinition, error.description)
        }
        if graph.isComposed {
            throw ServerError(
                .invalidDefinition,
                "'\(dsl)' is a composed task definition, which this server does not run yet: define one app with its arguments, such as timestamp --format=yyyy")
        }
        return Parsed(graph: graph)
    }

    /// Whether a stored definition is composed (false for one that no longer parses).
    static func isComposed(_ dsl: String) -> Bool {
        (try? TaskDSL.parse(dsl))?.isComposed ?? false
    }
}
