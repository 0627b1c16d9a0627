/// The parse tree: Data Flow's AST with the positions its validation reports, before it
/// becomes a ``TaskGraph`` (whose values compare without positions).
enum TaskSyntax {
    /// `label:` and where the label starts.
    struct Label {
        var name: String
        var position: Int
    }

    /// An app; `position` is where its name starts.
    struct App {
        var name: String
        var position: Int
        var label: Label?
        var arguments: [TaskArgument]
        var transitions: [Transition]
    }

    /// A transition; `position` is where its condition starts.
    struct Transition {
        var condition: TaskTransition.Condition
        var position: Int
        var target: Target
    }

    enum Target {
        case app(App)
        case label(String)
    }

    /// A split; `position` is where its `<` is.
    struct Split {
        var label: Label?
        var position: Int
        var flows: [Flow]
    }

    enum Node {
        case app(App)
        case split(Split)

        var label: Label? {
            switch self {
            case .app(let app): app.label
            case .split(let split): split.label
            }
        }

        /// Where the element starts: its app name or its `<` (not its label).
        var position: Int {
            switch self {
            case .app(let app): app.position
            case .split(let split): split.position
            }
        }
    }

    /// A flow, never empty; it carries the label and position of its first element.
    struct Flow {
        var nodes: [Node]

        var label: Label? { nodes[0].label }
        var position: Int { nodes[0].position }
    }
}

extension TaskSyntax.App {
    /// A transition target named `$END` or `$FAIL` is the end of the task, not an app.
    var isEndMarker: Bool { name == TaskDSL.end || name == TaskDSL.fail }

    var graphApp: TaskApp {
        TaskApp(name: name, label: label?.name, arguments: arguments, transitions: transitions.map(\.graphTransition))
    }
}

extension TaskSyntax.Transition {
    var graphTransition: TaskTransition {
        switch target {
        case .label(let label):
            TaskTransition(on: condition, to: .label(label))
        case .app(let app) where app.name == TaskDSL.end:
            TaskTransition(on: condition, to: .end)
        case .app(let app) where app.name == TaskDSL.fail:
            TaskTransition(on: condition, to: .fail)
        case .app(let app):
            TaskTransition(on: condition, to: .app(app.graphApp))
        }
    }
}

extension TaskSyntax.Flow {
    var graphFlow: TaskFlow {
        TaskFlow(nodes.map { node in
            switch node {
            case .app(let app): .app(app.graphApp)
            case .split(let split): .split(TaskSplit(label: split.label?.name, flows: split.flows.map(\.graphFlow)))
            }
        })
    }
}
