/// Writes task graphs back as canonical DSL text that parses to the same graph.
enum TaskDSLPrinter {
    /// The flows, one per line.
    static func graph(_ graph: TaskGraph) -> String {
        graph.flows.map(flow).joined(separator: "\n")
    }

    /// The elements joined by ` && `.
    static func flow(_ flow: TaskFlow) -> String {
        flow.nodes.map(node).joined(separator: " && ")
    }

    static func node(_ node: TaskNode) -> String {
        switch node {
        case .app(let app):
            return self.app(app)
        case .split(let split):
            return labelPrefix(split.label) + "<" + split.flows.map(flow).joined(separator: " || ") + ">"
        }
    }

    /// `label: name --arg=value 'STATUS'->target`.
    static func app(_ app: TaskApp) -> String {
        var text = labelPrefix(app.label) + app.name
        for argument in app.arguments {
            text += " --" + argument.name + "=" + value(argument.value)
        }
        for transition in app.transitions {
            text += " " + condition(transition.condition) + "->" + target(transition.target)
        }
        return text
    }

    static func condition(_ condition: TaskTransition.Condition) -> String {
        switch condition {
        case .exitStatus(let status): quoted(status)
        case .exitCode(let code): String(code)
        case .any: "'*'"
        }
    }

    static func target(_ target: TaskTransition.Target) -> String {
        switch target {
        case .app(let app): self.app(app)
        case .label(let label): ":" + label
        case .end: TaskDSL.end
        case .fail: TaskDSL.fail
        }
    }

    /// An argument value, bare when the tokenizer reads it back unchanged, else quoted.
    static func value(_ value: String) -> String {
        let needsQuotes = value.isEmpty || value.unicodeScalars.contains { scalar in
            scalar.properties.isWhitespace || "'\"|;<>&".unicodeScalars.contains(scalar) || scalar == "\0"
        }
        return needsQuotes ? quoted(value) : value
    }

    /// `'text'`, with each `'` inside doubled.
    static func quoted(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            scalars.append(scalar)
            if scalar == "'" { scalars.append(scalar) }
        }
        return "'" + String(scalars) + "'"
    }

    private static func labelPrefix(_ label: String?) -> String {
        label.map { $0 + ": " } ?? ""
    }
}
