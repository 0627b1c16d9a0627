/// Parses task DSL tokens into a ``TaskSyntax`` tree, with Data Flow's `TaskParser` grammar,
/// error codes and positions:
///
/// ```
/// definition := flow ((newline | ';') flow)*
/// flow       := '(' flow ')' | element ('&&' (element | '(' flow ')'))*
/// element    := [label ':'] (split | app)
/// split      := '<' flow ('||' flow)* '>'
/// app        := name ('--' name('.' name)* '=' value)* transition*
/// transition := (number | '*' | 'quoted') '->' (':' label | [label ':'] name arguments)
/// ```
///
/// Flows are read in a loop rather than Data Flow's recursion, and nesting of `(` and `<` is
/// limited to ``TaskDSL/maximumNesting``, so no input can exhaust the stack.
struct TaskParser {
    let text: String
    let tokens: [TaskToken]
    let lineBreaks: [Int]
    var index = 0
    var depth = 0

    init(text: String, tokenized: TaskTokenizer.Output) {
        self.text = text
        self.tokens = tokenized.tokens
        self.lineBreaks = tokenized.lineBreaks
    }

    /// The flows of the definition, separated by newlines or `;`.
    mutating func parseSequences() throws(TaskDSLError) -> [TaskSyntax.Flow] {
        var flows = [try parseTaskNode()]
        while index < tokens.count, nextTokenIsOnNewLine() || maybeEat(.semicolon) {
            flows.append(try parseTaskNode())
        }
        return flows
    }

    /// Fails with "still more data" when tokens are left over.
    func expectEnd() throws(TaskDSLError) {
        if let token = peek() {
            throw TaskDSLError(.moreInput, at: token.start, in: text, token.text)
        }
    }

    /// A parenthesised flow, or a flow starting with an element.
    mutating func parseTaskNode() throws(TaskDSLError) -> TaskSyntax.Flow {
        if let open = peek(), open.kind == .openParen {
            index += 1
            try enterNesting(at: open)
            let flow = try parseTaskNode()
            _ = try eat(.closeParen)
            depth -= 1
            return flow
        }
        return try parseFlow(startingWith: parseElement())
    }

    /// The elements after `first`, each after `&&`; a parenthesised flow joins its elements.
    private mutating func parseFlow(startingWith first: TaskSyntax.Node) throws(TaskDSLError) -> TaskSyntax.Flow {
        var nodes = [first]
        while maybeEat(.andAnd) {
            if peek(is: .openParen) {
                nodes += try parseTaskNode().nodes
            } else {
                nodes.append(try parseElement())
            }
        }
        return TaskSyntax.Flow(nodes: nodes)
    }

    /// An app or a split, with its label.
    private mutating func parseElement() throws(TaskDSLError) -> TaskSyntax.Node {
        let label = maybeEatLabel()
        if label != nil {
            if let paren = peek(), paren.kind == .openParen {
                throw TaskDSLError(.noLabelsOnParentheses, at: paren.start, in: text)
            }
            if let second = maybeEatLabel() {
                throw TaskDSLError(.noDoubleLabels, at: second.position, in: text)
            }
        }
        if peek(is: .lt) {
            return .split(try parseSplit(label: label))
        }
        return .app(try eatTaskApp(label: label, transitionsAllowed: true))
    }

    /// `<flow || flow ...>`.
    private mutating func parseSplit(label: TaskSyntax.Label?) throws(TaskDSLError) -> TaskSyntax.Split {
        let open = try eat(.lt)
        try enterNesting(at: open)
        var flows = [try parseTaskNode()]
        while maybeEat(.doublePipe) {
            flows.append(try parseTaskNode())
        }
        _ = try eat(.gt)
        depth -= 1
        return TaskSyntax.Split(label: label, position: open.start, flows: flows)
    }

    /// `name:` when the next two tokens are an identifier and a colon.
    mutating func maybeEatLabel() -> TaskSyntax.Label? {
        guard let name = peek(), name.kind == .identifier, peek(1)?.kind == .colon else { return nil }
        index += 2
        return TaskSyntax.Label(name: name.text, position: name.start)
    }

    private mutating func enterNesting(at token: TaskToken) throws(TaskDSLError) {
        depth += 1
        if depth > TaskDSL.maximumNesting {
            throw TaskDSLError(.nestingTooDeep, at: token.start, in: text, String(TaskDSL.maximumNesting))
        }
    }

    /// Whether the next token is on a later line than the one before it.
    private func nextTokenIsOnNewLine() -> Bool {
        line(of: tokens[index]) > line(of: tokens[index - 1])
    }

    /// How many newlines come before the token (a binary search: `lineBreaks` is sorted).
    private func line(of token: TaskToken) -> Int {
        var low = 0
        var high = lineBreaks.count
        while low < high {
            let middle = (low + high) / 2
            if lineBreaks[middle] < token.start { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
