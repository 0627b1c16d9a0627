import BatchRuntime

/// What the dashboard's charts share: the `<svg>` element with its accessible name, the plot
/// area in a 720 × 250 view box (scaled to the page's width), the value axis with its grid,
/// the legend along the top and the text shown when there is nothing to draw.
///
/// The output has no `<style>` and no colours but the patterns' marks: shapes carry
/// `status-<status>` classes, and the page's CSS colours them (`fill`). Text and axes use
/// `currentColor`.
struct ChartFrame: Sendable {
    /// The prefix of the chart's element ids (`<id>-title`, `<id>-desc`, its patterns), unique in the page.
    var id: String
    /// The view box's width.
    let width = 720.0
    /// The view box's height.
    let height = 250.0
    /// The plot area's left edge (the value axis).
    let left = 56.0
    /// The plot area's right edge.
    let right = 700.0
    /// The plot area's top edge (the top of the value axis).
    let top = 40.0
    /// The plot area's bottom edge (the baseline).
    let bottom = 206.0

    /// The y coordinate of `value` on `scale`.
    func y(_ value: Double, _ scale: ChartScale) -> Double {
        bottom - min(max(value / scale.top, 0), 1) * (bottom - top)
    }

    /// The opening `<svg>` tag, its `<title>` and `<desc>` (which name it: `aria-labelledby`),
    /// and `defs` in a `<defs>` element when not empty.
    func open(className: String, title: String, description: String, defs: String = "") -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(SVGText.number(width)) \(SVGText.number(height))\""
            + " width=\"100%\"\(SVGText.attribute("class", className)) role=\"img\""
            + SVGText.attribute("aria-labelledby", "\(id)-title \(id)-desc")
            + " font-family=\"sans-serif\" font-size=\"11\" fill=\"currentColor\">"
            + "<title\(SVGText.attribute("id", "\(id)-title"))>\(SVGText.escape(title))</title>"
            + "<desc\(SVGText.attribute("id", "\(id)-desc"))>\(SVGText.escape(description))</desc>"
            + (defs.isEmpty ? "" : "<defs>\(defs)</defs>")
    }

    /// The closing tag.
    let close = "</svg>"

    /// The value axis: a grid line and a label at each tick, the axis line with the baseline,
    /// and the axis title written upwards along it.
    func valueAxis(_ scale: ChartScale, title: String) -> String {
        let n = SVGText.number
        let ticks = scale.ticks
        let grid = ticks.dropFirst().map { "M\(n(left)) \(n(y($0, scale)))H\(n(right))" }.joined()
        let labels = ticks.map { "<text x=\"\(n(left - 6))\" y=\"\(n(y($0, scale) + 4))\">\(n($0))</text>" }.joined()
        return "<path class=\"grid\" d=\"\(grid.isEmpty ? "M0 0" : grid)\" stroke=\"currentColor\" stroke-opacity=\".15\"/>"
            + "<g class=\"y-ticks\" text-anchor=\"end\">\(labels)</g>"
            + "<path class=\"axis\" d=\"M\(n(left)) \(n(top))V\(n(bottom))H\(n(right))\" stroke=\"currentColor\" fill=\"none\"/>"
            + "<text class=\"axis-title\" transform=\"rotate(-90)\" x=\"\(n(-(top + bottom) / 2))\" y=\"14\" text-anchor=\"middle\">"
            + "\(SVGText.escape(title))</text>"
    }

    /// Labels under the baseline at the given x positions, each with a short tick mark, and
    /// the axis title below them.
    func categoryAxis(_ labels: [(x: Double, text: String)], title: String) -> String {
        let n = SVGText.number
        let marks = labels.map { "M\(n($0.x)) \(n(bottom))v4" }.joined()
        let texts = labels.map { "<text x=\"\(n($0.x))\" y=\"\(n(bottom + 16))\">\(SVGText.escape($0.text))</text>" }.joined()
        return (marks.isEmpty ? "" : "<path class=\"x-ticks\" d=\"\(marks)\" stroke=\"currentColor\"/>")
            + "<g class=\"x-labels\" text-anchor=\"middle\">\(texts)</g>"
            + "<text class=\"axis-title\" x=\"\(n((left + right) / 2))\" y=\"\(n(height - 6))\" text-anchor=\"middle\">"
            + "\(SVGText.escape(title))</text>"
    }

    /// The message in the middle of an empty plot area.
    func emptyMessage(_ text: String) -> String {
        "<text class=\"empty\" x=\"\(SVGText.number((left + right) / 2))\" y=\"\(SVGText.number((top + bottom) / 2))\""
            + " text-anchor=\"middle\">\(SVGText.escape(text))</text>"
    }

    /// The legend along the top, one entry per status in order: the swatch `swatch` draws
    /// centred on a point, and the status's name in lower case.
    func legend(_ statuses: [BatchStatus], swatch: (BatchStatus, Double, Double) -> String) -> String {
        var x = left
        let y = 16.0
        var entries = ""
        for status in statuses {
            let label = status.rawValue.lowercased()
            entries += "<g class=\"legend-entry\">\(swatch(status, x + 6, y))"
                + "<text x=\"\(SVGText.number(x + 16))\" y=\"\(SVGText.number(y + 4))\">\(label)</text></g>"
            x += 16 + Double(label.count) * 6.5 + 14
        }
        return "<g class=\"legend\">\(entries)</g>"
    }

    /// The CSS class of `status`: `status-` and its name in lower case (`status-failed`).
    static func className(_ status: BatchStatus) -> String {
        "status-" + status.rawValue.lowercased()
    }
}
