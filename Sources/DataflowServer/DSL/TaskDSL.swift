/// Spring Cloud Data Flow's task DSL: parses task definitions such as
/// `timestamp --format=yyyy` or `t1: timestamp 'FAILED'->cleanup && <a || b>` into a
/// ``TaskGraph``, with Data Flow's grammar, validation, error codes, messages and positions.
///
/// ```swift
/// let graph = try TaskDSL.parse("extract --date='2026-12-01' 'FAILED'->alert && <load || index>")
/// graph.isComposed        // true
/// graph.apps.map(\.name)  // ["extract", "alert", "load", "index"]
/// graph.appReferences(definitionName: "nightly").map(\.childDefinitionName)
/// // ["nightly-extract", "nightly-alert", "nightly-load", "nightly-index"]
///
/// do {
///     _ = try TaskDSL.parse("a && a")
/// } catch {
///     print(error.formattedMessage)  // 166E:(pos 5): duplicate app name. Use a label to ensure uniqueness
/// }
/// ```
public enum TaskDSL {
    /// The transition target that ends a composed task successfully.
    public static let end = "$END"
    /// The transition target that ends a composed task as failed.
    public static let fail = "$FAIL"
    /// How deep `(` and `<` may nest; deeper text fails with ``TaskDSLError/Code/nestingTooDeep``.
    public static let maximumNesting = 100

    /// Parses and validates a task definition, in Data Flow's order: tokens, then grammar,
    /// then the definition name (when given), then left-over text, then validation.
    ///
    /// - Parameters:
    ///   - text: the DSL text; surrounding whitespace is allowed, and error positions count
    ///     from the start of `text` as given.
    ///   - definitionName: the task definition's name, checked with
    ///     ``validateDefinitionName(_:)`` when given (Data Flow checks it during the parse).
    /// - Returns: the graph of the definition.
    /// - Throws: ``TaskDSLError`` for the first problem found.
    public static func parse(_ text: String, definitionName: String? = nil) throws(TaskDSLError) -> TaskGraph {
        let tokenized = try TaskTokenizer.tokenize(text)
        var parser = TaskParser(text: text, tokenized: tokenized)
        let flows = try parser.parseSequences()
        if let definitionName {
            try validateDefinitionName(definitionName)
        }
        try parser.expectEnd()
        try TaskSyntaxValidator.validate(flows, in: text)
        return TaskGraph(flows: flows.map(\.graphFlow))
    }
}
