/// Data Flow's `TaskValidatorVisitor`: the checks run on a definition that parsed.
///
/// Elements are visited in the order written. Labels must be unique; an unlabelled app may
/// appear once and must not share its name with a label; flows after the first need a label;
/// `->:label` must name a defined label. Unlike Data Flow, `$END` and `$FAIL` transition
/// targets are not apps, so several transitions may end the task.
struct TaskSyntaxValidator {
    private let text: String
    private var problems: [TaskDSLError] = []
    private var labelsDefined: Set<String> = []
    private var unlabelledAppNames: Set<String> = []
    private var labelReferences: [(label: String, position: Int)] = []

    private init(text: String) {
        self.text = text
    }

    /// Validates `flows`, parsed from `text`.
    /// - Throws: the first problem, in Data Flow's order (undefined labels come last).
    static func validate(_ flows: [TaskSyntax.Flow], in text: String) throws(TaskDSLError) {
        var validator = TaskSyntaxValidator(text: text)
        for (index, flow) in flows.enumerated() {
            if index > 0, flow.label == nil {
                validator.report(.secondarySequencesMustBeNamed, at: flow.position)
            }
            validator.visit(flow)
        }
        for reference in validator.labelReferences where !validator.labelsDefined.contains(reference.label) {
            validator.report(.undefinedTransitionTargetLabel, at: reference.position)
        }
        if let first = validator.problems.first { throw first }
    }

    private mutating func visit(_ flow: TaskSyntax.Flow) {
        for node in flow.nodes {
            switch node {
            case .app(let app):
                visit(app)
            case .split(let split):
                if let label = split.label { define(label) }
                for branch in split.flows { visit(branch) }
            }
        }
    }

    private mutating func visit(_ app: TaskSyntax.App) {
        check(app)
        for transition in app.transitions {
            switch transition.target {
            case .label(let label):
                labelReferences.append((label, transition.position))
            case .app(let target) where !target.isEndMarker:
                check(target)
            case .app:
                break
            }
        }
    }

    /// The label and name rules for one app.
    private mutating func check(_ app: TaskSyntax.App) {
        if let label = app.label {
            define(label)
            if unlabelledAppNames.contains(label.name) {
                report(.labelClashesWithAppName, at: label.position)
            }
        } else {
            if labelsDefined.contains(app.name) {
                report(.appNameClashesWithLabel, at: app.position)
            }
            if unlabelledAppNames.contains(app.name) {
                report(.duplicateAppName, at: app.position)
            }
            unlabelledAppNames.insert(app.name)
        }
    }

    private mutating func define(_ label: TaskSyntax.Label) {
        if !labelsDefined.insert(label.name).inserted {
            report(.duplicateLabel, at: label.position)
        }
    }

    private mutating func report(_ code: TaskDSLError.Code, at position: Int) {
        problems.append(TaskDSLError(code, at: position, in: text))
    }
}
