@testable import DataflowServer

/// What parsing `text` as the definition `test` gives, in one line that tests compare:
/// `OK <composed 0|1> <flows> APPS <child definition names>` or the error's formatted message.
///
/// Flows read `F(node ; node)`, splits `S[label](F(...) | F(...))`, apps
/// `A[label]name{arg=value,...}T(condition->target,...)`; conditions are `#0` (exit code),
/// `'FAILED'` (exit status) or `*`; targets are apps, `:label`, `$END` or `$FAIL`. Flows after
/// the first follow ` // `.
func outcome(of text: String, definitionName: String = "test") -> String {
    do {
        let graph = try TaskDSL.parse(text, definitionName: definitionName)
        let children = graph.appReferences(definitionName: definitionName).map(\.childDefinitionName)
        return "OK \(graph.isComposed ? 1 : 0) \(describe(graph)) APPS \(children.joined(separator: " "))"
    } catch {
        return error.formattedMessage
    }
}

/// The flows of `graph` in the notation of ``outcome(of:definitionName:)``.
func describe(_ graph: TaskGraph) -> String {
    graph.flows.map(describe).joined(separator: " // ")
}

func describe(_ flow: TaskFlow) -> String {
    "F(" + flow.nodes.map { node in
        switch node {
        case .app(let app): describe(app)
        case .split(let split): "S[\(split.label ?? "")](" + split.flows.map(describe).joined(separator: " | ") + ")"
        }
    }.joined(separator: " ; ") + ")"
}

func describe(_ app: TaskApp) -> String {
    let arguments = app.arguments.map { $0.name + "=" + $0.value }.joined(separator: ",")
    var text = "A[\(app.label ?? "")]\(app.name){\(arguments)}"
    if !app.transitions.isEmpty {
        text += "T(" + app.transitions.map { describe($0.condition) + "->" + describe($0.target) }.joined(separator: ",") + ")"
    }
    return text
}

func describe(_ condition: TaskTransition.Condition) -> String {
    switch condition {
    case .any: "*"
    case .exitCode(let code): "#\(code)"
    case .exitStatus(let status): "'\(status)'"
    }
}

func describe(_ target: TaskTransition.Target) -> String {
    switch target {
    case .app(let app): describe(app)
    case .label(let label): ":" + label
    case .end: "$END"
    case .fail: "$FAIL"
    }
}

/// The error `text` fails with, or `nil` when it parses.
func parseError(_ text: String) -> TaskDSLError? {
    do {
        _ = try TaskDSL.parse(text)
        return nil
    } catch {
        return error
    }
}
