import TaskRuntime

/// A composed task definition's graph as SVG, drawn from its DSL: the flow top to bottom, a
/// split's branches side by side between a fork and a join bar, an app's transitions to its
/// right with their condition on the arrow (`'FAILED'`, `0`, `*`) to the app, the label
/// (`→ :two`), or the end (`$END`, `$FAIL`) they lead to; labelled secondary flows as columns of
/// their own. Each app is coloured, patterned by outline and named in words by the status of
/// its child definition's last execution (never launched, running, complete, error), so the
/// status does not rest on colour alone.
struct TaskGraphDiagram: Sendable {
    let graph: TaskGraph
    /// The composed definition's name (its children are `<name>-<label or app>`).
    let definitionName: String
    /// The status of each child definition's last execution, by child definition name.
    let statuses: [String: TaskStatus]

    static let nodeWidth = 150.0
    static let nodeHeight = 40.0
    static let gap = 26.0
    static let sideGap = 64.0
    static let margin = 12.0

    /// A laid-out part: its extents left and right of its spine (the vertical line through it), its height, and how to draw it.
    struct Part {
        var left: Double
        var right: Double
        var height: Double
        var draw: (_ spine: Double, _ top: Double, _ out: inout [String]) -> Void
    }

    /// The SVG document, with a title and a description listing every app and its status.
    func svg() -> String {
        var columns = graph.flows.map { flow(of: $0) }
        if columns.isEmpty { columns = [Part(left: 0, right: 0, height: 0) { _, _, _ in }] }
        var x = Self.margin
        var out: [String] = []
        var height = 0.0
        for (index, column) in columns.enumerated() {
            if index > 0, let label = graph.flows[index].label {
                out.append(text(x + column.left, Self.margin + 10, ":\(label)", anchor: "middle", cssClass: "graph-flow-label"))
            }
            column.draw(x + column.left, Self.margin + (index > 0 ? 18 : 0), &out)
            height = max(height, column.height + (index > 0 ? 18 : 0))
            x += column.left + column.right + Self.sideGap
        }
        let width = x - Self.sideGap + Self.margin
        let description = graph.apps.map { app in
            "\(app.referenceName): \(Self.words(status(of: app)))"
        }.joined(separator: "; ")
        return """
            <svg xmlns="http://www.w3.org/2000/svg" class="task-graph" role="img" aria-labelledby="graph-title graph-desc" \
            width="\(SVGText.number(width))" height="\(SVGText.number(height + 2 * Self.margin))" \
            viewBox="0 0 \(SVGText.number(width)) \(SVGText.number(height + 2 * Self.margin))">\
            <title id="graph-title">\(SVGText.escape("The graph of \(definitionName)"))</title>\
            <desc id="graph-desc">\(SVGText.escape(description))</desc>\
            <defs><marker id="graph-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">\
            <path d="M 0 0 L 10 5 L 0 10 z" fill="#555"/></marker></defs>\
            \(out.joined())</svg>
            """
    }

    /// A flow: its nodes stacked on one spine, an arrow between each two.
    func flow(of flow: TaskFlow) -> Part {
        let parts = flow.nodes.map { node -> Part in
            switch node {
            case .app(let app): return self.app(app)
            case .split(let split): return self.split(split)
            }
        }
        let left = parts.map(\.left).max() ?? 0
        let right = parts.map(\.right).max() ?? 0
        let height = parts.map(\.height).reduce(0, +) + Double(max(0, parts.count - 1)) * Self.gap
        return Part(left: left, right: right, height: height) { spine, top, out in
            var y = top
            for (index, part) in parts.enumerated() {
                if index > 0 {
                    out.append(line(spine, y - Self.gap, spine, y, arrow: true))
                }
                part.draw(spine, y, &out)
                y += part.height + Self.gap
            }
        }
    }

    /// A split: its branches side by side between a fork bar and a join bar.
    func split(_ split: TaskSplit) -> Part {
        let branches = split.flows.map { flow(of: $0) }
        let widths = branches.map { $0.left + $0.right }
        let total = widths.reduce(0, +) + Double(max(0, branches.count - 1)) * Self.gap
        let inner = branches.map(\.height).max() ?? 0
        let bar = 4.0
        let height = inner + 2 * (Self.gap + bar)
        return Part(left: total / 2, right: total / 2, height: height) { spine, top, out in
            var x = spine - total / 2
            var spines: [Double] = []
            for (branch, width) in zip(branches, widths) {
                spines.append(x + branch.left)
                x += width + Self.gap
            }
            let low = spines.first ?? spine
            let high = spines.last ?? spine
            out.append(rect(min(low, spine) - 6, top, max(high, spine) - min(low, spine) + 12, bar, cssClass: "graph-bar", fill: "#555"))
            let joinTop = top + bar + Self.gap + inner + Self.gap
            out.append(rect(min(low, spine) - 6, joinTop, max(high, spine) - min(low, spine) + 12, bar, cssClass: "graph-bar", fill: "#555"))
            for (branch, branchSpine) in zip(branches, spines) {
                let branchTop = top + bar + Self.gap
                out.append(line(branchSpine, top + bar, branchSpine, branchTop, arrow: true))
                branch.draw(branchSpine, branchTop, &out)
                out.append(line(branchSpine, branchTop + branch.height, branchSpine, joinTop, arrow: false))
            }
        }
    }

    /// An app, with its transitions to its right.
    func app(_ app: TaskApp) -> Part {
        let half = Self.nodeWidth / 2
        let targets = app.transitions.map { transition -> (condition: String, part: Part) in
            let condition: String
            switch transition.condition {
            case .exitStatus(let status): condition = "'\(status)'"
            case .exitCode(let code): condition = "\(code)"
            case .any: condition = "*"
            }
            switch transition.target {
            case .app(let target): return (condition, self.app(target))
            case .label(let label): return (condition, terminal("→ :\(label)", fill: "#fff", stroke: "#555"))
            case .end: return (condition, terminal("$END", fill: "#f1f8e9", stroke: "#33691e"))
            case .fail: return (condition, terminal("$FAIL", fill: "#fdecea", stroke: "#b71c1c"))
            }
        }
        let sideWidth = targets.map { $0.part.left + $0.part.right }.max() ?? 0
        let sideHeight = targets.map(\.part.height).reduce(0, +) + Double(max(0, targets.count - 1)) * 10
        let right = targets.isEmpty ? half : half + Self.sideGap + sideWidth
        return Part(left: half, right: right, height: max(Self.nodeHeight, sideHeight)) { spine, top, out in
            node(app, spine: spine, top: top, out: &out)
            var y = top
            for target in targets {
                let targetSpine = spine + half + Self.sideGap + target.part.left
                let midY = y + min(target.part.height, Self.nodeHeight) / 2
                out.append(line(spine + half, top + Self.nodeHeight / 2, targetSpine - target.part.left, midY, arrow: true))
                out.append(text(spine + half + Self.sideGap / 2, (top + Self.nodeHeight / 2 + midY) / 2 - 4, target.condition, anchor: "middle", cssClass: "graph-condition"))
                target.part.draw(targetSpine, y, &out)
                y += target.part.height + 10
            }
        }
    }

    func terminal(_ label: String, fill: String, stroke: String) -> Part {
        let width = 90.0
        return Part(left: width / 2, right: width / 2, height: 28) { spine, top, out in
            out.append(
                "<rect x=\"\(SVGText.number(spine - width / 2))\" y=\"\(SVGText.number(top))\" width=\"\(SVGText.number(width))\" height=\"28\" rx=\"14\" fill=\"\(fill)\" stroke=\"\(stroke)\"/>")
            out.append(text(spine, top + 18, label, anchor: "middle", cssClass: "graph-terminal"))
        }
    }

    func node(_ app: TaskApp, spine: Double, top: Double, out: inout [String]) {
        let status = status(of: app)
        let (fill, stroke, dash) = Self.style(status)
        let child = app.childDefinitionName(in: definitionName)
        let x = spine - Self.nodeWidth / 2
        out.append("<g class=\"graph-node graph-\(status.map { $0.rawValue.lowercased() } ?? "never")\">")
        out.append("<title>\(SVGText.escape("\(child): \(Self.words(status))"))</title>")
        out.append(
            "<rect x=\"\(SVGText.number(x))\" y=\"\(SVGText.number(top))\" width=\"\(SVGText.number(Self.nodeWidth))\" height=\"\(SVGText.number(Self.nodeHeight))\" rx=\"4\" fill=\"\(fill)\" stroke=\"\(stroke)\" stroke-width=\"2\"\(dash.map { " stroke-dasharray=\"\($0)\"" } ?? "")/>")
        out.append(text(spine, top + 16, Self.shortened(app.referenceName), anchor: "middle", cssClass: "graph-app"))
        out.append(text(spine, top + 32, Self.words(status), anchor: "middle", cssClass: "graph-status"))
        out.append("</g>")
    }

    func status(of app: TaskApp) -> TaskStatus? {
        statuses[app.childDefinitionName(in: definitionName)]
    }

    static func words(_ status: TaskStatus?) -> String {
        switch status {
        case nil: "never launched"
        case .unknown: "launching"
        case .running: "running"
        case .complete: "complete"
        case .error: "error"
        }
    }

    /// Fill, outline and dash of a status: green, blue (dashed: in progress), red (heavy dashes), grey.
    static func style(_ status: TaskStatus?) -> (String, String, String?) {
        switch status {
        case .complete: ("#e8f5e9", "#2e7d32", nil)
        case .running, .unknown: ("#e3f2fd", "#1565c0", "4 3")
        case .error: ("#fdecea", "#c62828", "8 3")
        case nil: ("#f5f5f5", "#757575", nil)
        }
    }

    static func shortened(_ name: String) -> String {
        name.count <= 20 ? name : String(name.prefix(19)) + "…"
    }

    func text(_ x: Double, _ y: Double, _ content: String, anchor: String, cssClass: String) -> String {
        "<text x=\"\(SVGText.number(x))\" y=\"\(SVGText.number(y))\" text-anchor=\"\(anchor)\" class=\"\(cssClass)\" font-size=\"12\" fill=\"#222\">\(SVGText.escape(content))</text>"
    }

    func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, arrow: Bool) -> String {
        "<line x1=\"\(SVGText.number(x1))\" y1=\"\(SVGText.number(y1))\" x2=\"\(SVGText.number(x2))\" y2=\"\(SVGText.number(y2))\" stroke=\"#555\" stroke-width=\"1.5\"\(arrow ? " marker-end=\"url(#graph-arrow)\"" : "")/>"
    }

    func rect(_ x: Double, _ y: Double, _ width: Double, _ height: Double, cssClass: String, fill: String) -> String {
        "<rect class=\"\(cssClass)\" x=\"\(SVGText.number(x))\" y=\"\(SVGText.number(y))\" width=\"\(SVGText.number(width))\" height=\"\(SVGText.number(height))\" fill=\"\(fill)\"/>"
    }
}
