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

    /// Parses a definition, one app or a composed task.
    /// - Throws: ``ServerError`` `invalidDefinition` with Data Flow's message, the text and a caret at the position.
    static func parse(_ dsl: String, definitionName: String) throws -> Parsed {
        do {
            return Parsed(graph: try TaskDSL.parse(dsl, definitionName: definitionName))
        } catch {
            throw ServerError(.invalidDefinition, error.description)
        }
    }

    /// Whether a stored definition is composed (false for one that no longer parses).
    static func isComposed(_ dsl: String) -> Bool {
        (try? TaskDSL.parse(dsl))?.isComposed ?? false
    }
}
