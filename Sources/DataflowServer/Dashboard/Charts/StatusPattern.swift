import BatchRuntime

/// The texture drawn over a status's colour in a bar chart, so that colour is never the only
/// sign of an outcome: diagonal hatching for failed, dots for stopped, cross-hatching for
/// abandoned, vertical stripes for the running statuses, horizontal lines for unknown.
/// Completed stays plain.
///
/// The page's CSS colours shapes by their `status-…` class. A textured shape is drawn twice,
/// the coloured shape and over it a copy filled with the pattern, whose marks carry their own
/// translucent fill; so the texture shows whatever colour the page gives the status.
enum StatusPattern: String, Sendable, CaseIterable {
    /// Diagonal lines.
    case hatch
    /// Diagonal lines both ways.
    case crosshatch
    /// A grid of dots.
    case dots
    /// Vertical lines.
    case stripes
    /// Horizontal lines.
    case lines

    /// The texture of `status`, or nil for a plain one (completed).
    static func of(_ status: BatchStatus) -> StatusPattern? {
        switch status {
        case .completed: nil
        case .failed: .hatch
        case .stopped: .dots
        case .abandoned: .crosshatch
        case .starting, .started, .stopping: .stripes
        case .unknown: .lines
        }
    }

    /// The pattern's element id in a chart: `<chart>-<pattern>-<status>`, e.g. `hourly-hatch-failed`.
    static func id(chart: String, status: BatchStatus) -> String? {
        of(status).map { "\(chart)-\($0.rawValue)-\(status.rawValue.lowercased())" }
    }

    /// The `<pattern>` definitions for `statuses` (those with a texture), for the chart's `<defs>`.
    static func definitions(chart: String, statuses: [BatchStatus]) -> String {
        statuses.compactMap { status in
            guard let pattern = of(status), let id = id(chart: chart, status: status) else { return nil }
            return pattern.definition(id: id)
        }.joined()
    }

    /// One `<pattern>` element: a 6-unit tile of dark translucent marks.
    func definition(id: String) -> String {
        let mark = "fill=\"#000\" fill-opacity=\".45\""
        let marks: String
        var transform = ""
        switch self {
        case .hatch:
            transform = " patternTransform=\"rotate(45)\""
            marks = "<rect width=\"2\" height=\"6\" \(mark)/>"
        case .crosshatch:
            transform = " patternTransform=\"rotate(45)\""
            marks = "<rect width=\"1.5\" height=\"6\" \(mark)/><rect y=\"3\" width=\"6\" height=\"1.5\" \(mark)/>"
        case .dots: marks = "<circle cx=\"3\" cy=\"3\" r=\"1.4\" \(mark)/>"
        case .stripes: marks = "<rect width=\"1.5\" height=\"6\" \(mark)/>"
        case .lines: marks = "<rect width=\"6\" height=\"1.5\" \(mark)/>"
        }
        return "<pattern\(SVGText.attribute("id", id)) width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\"\(transform)>\(marks)</pattern>"
    }
}
