extension TaskParser {
    /// An app: its name, its `--name=value` arguments and, unless it is itself a transition
    /// target, its transitions.
    mutating func eatTaskApp(label: TaskSyntax.Label?, transitionsAllowed: Bool) throws(TaskDSLError) -> TaskSyntax.App {
        let name = try next()
        guard name.kind == .identifier else {
            throw TaskDSLError(.expectedAppName, at: name.start, in: text, name.text)
        }
        let arguments = try maybeEatArguments()
        let transitions = transitionsAllowed ? try maybeEatTransitions() : []
        return TaskSyntax.App(name: name.text, position: name.start, label: label, arguments: arguments, transitions: transitions)
    }

    /// `--name=value` arguments, with no whitespace inside one. (Data Flow also checks for
    /// `--` glued to the app name, which cannot happen: `-` continues an identifier.)
    private mutating func maybeEatArguments() throws(TaskDSLError) -> [TaskArgument] {
        var arguments: [TaskArgument] = []
        while maybeEat(.doubleMinus) {
            try rejectWhitespace(before: .identifier, .noWhitespaceBeforeArgumentName)
            let name = try eatDottedName()
            try rejectWhitespace(before: .equals, .noWhitespaceBeforeArgumentEquals)
            _ = try eat(.equals)
            try rejectWhitespace(before: .identifier, .noWhitespaceBeforeArgumentValue)
            arguments.append(TaskArgument(name: name, value: try eatArgumentValue()))
        }
        return arguments
    }

    private func rejectWhitespace(before kind: TaskToken.Kind, _ code: TaskDSLError.Code) throws(TaskDSLError) {
        if let token = peek(), token.kind == kind, !isNextAdjacent() {
            throw TaskDSLError(code, at: token.start, in: text)
        }
    }

    /// `name` or `name.name...`, with no whitespace around the dots.
    private mutating func eatDottedName() throws(TaskDSLError) -> String {
        let first = try next()
        guard first.kind == .identifier else {
            throw TaskDSLError(.unexpectedToken, at: first.start, in: text, TaskToken.Kind.identifier.expectedName, first.text)
        }
        var name = first.text
        while let dot = peek(), dot.kind == .dot {
            guard isNextAdjacent() else { throw TaskDSLError(.noWhitespaceInDottedName, at: dot.start, in: text) }
            index += 1
            try rejectWhitespace(before: .identifier, .noWhitespaceInDottedName)
            name += "." + (try eat(.identifier)).text
        }
        return name
    }

    /// The value after `=`: as written, or unquoted when it is one quoted string.
    private mutating func eatArgumentValue() throws(TaskDSLError) -> String {
        let token = try next()
        switch token.kind {
        case .identifier: return token.text
        case .literalString: return unquote(token)
        default: throw TaskDSLError(.expectedArgumentValue, at: token.start, in: text, token.text)
        }
    }

    /// `condition->target` transitions, as long as a condition and an arrow follow.
    private mutating func maybeEatTransitions() throws(TaskDSLError) -> [TaskSyntax.Transition] {
        var transitions: [TaskSyntax.Transition] = []
        while true {
            if let arrow = peek(), arrow.kind == .arrow {
                throw TaskDSLError(.arrowShouldBePrecededByCode, at: arrow.start, in: text)
            }
            guard peek(1)?.kind == .arrow, let on = peek(),
                  [.identifier, .literalString, .star].contains(on.kind) else { return transitions }
            index += 2
            let target: TaskSyntax.Target
            if maybeEat(.colon) {
                target = .label(try eat(.identifier).text)
            } else {
                target = .app(try eatTaskApp(label: maybeEatLabel(), transitionsAllowed: false))
            }
            transitions.append(TaskSyntax.Transition(condition: try condition(of: on), position: on.start, target: target))
        }
    }

    /// `*` or `'*'` match anything, other quoted text is an exit status, a number an exit code.
    private func condition(of token: TaskToken) throws(TaskDSLError) -> TaskTransition.Condition {
        switch token.kind {
        case .literalString:
            let status = unquote(token)
            return status == "*" ? .any : .exitStatus(status)
        case .identifier:
            guard let code = Int32(token.text) else {
                throw TaskDSLError(.unquotedTransitionCheckMustBeNumber, at: token.start, in: text, token.text)
            }
            return .exitCode(Int(code))
        default:
            return .any
        }
    }
}
