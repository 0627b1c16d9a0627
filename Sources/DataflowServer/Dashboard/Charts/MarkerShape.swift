import BatchRuntime

/// The shape of a point in a chart of executions, by status, so that colour is never the only
/// sign of an outcome: a circle for completed, an X for failed, a square for stopped, a
/// triangle pointing down for abandoned, one pointing up for unknown, and a hollow diamond for
/// the running statuses. Every shape is a filled area (the X and the hollow diamond too), so
/// the page's CSS colours all of them with `fill` alone.
enum MarkerShape: String, Sendable, CaseIterable {
    /// A disc.
    case circle
    /// An X.
    case cross
    /// A square.
    case square
    /// A triangle pointing up.
    case triangle
    /// A triangle pointing down.
    case invertedTriangle
    /// A diamond outline.
    case hollowDiamond

    /// The shape of `status`.
    static func of(_ status: BatchStatus) -> MarkerShape {
        switch status {
        case .completed: .circle
        case .failed: .cross
        case .stopped: .square
        case .abandoned: .invertedTriangle
        case .unknown: .triangle
        case .starting, .started, .stopping: .hollowDiamond
        }
    }

    /// The shape centred on (`x`, `y`): `<circle …>` or `<path …>` with `attributes` (written
    /// as given, after the geometry) and `content` inside (a `<title>`, or nothing).
    func element(x: Double, y: Double, attributes: String, content: String = "") -> String {
        let n = SVGText.number
        switch self {
        case .circle:
            return "<circle cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"4.5\"\(attributes)>\(content)</circle>"
        case .cross:
            return "<path d=\"\(Self.cross(x: x, y: y))\"\(attributes)>\(content)</path>"
        case .square:
            return "<path d=\"M\(n(x - 4.5)) \(n(y - 4.5))h9v9h-9z\"\(attributes)>\(content)</path>"
        case .triangle:
            return "<path d=\"M\(n(x)) \(n(y - 5.5))l5.5 9.5h-11z\"\(attributes)>\(content)</path>"
        case .invertedTriangle:
            return "<path d=\"M\(n(x)) \(n(y + 5.5))l5.5-9.5h-11z\"\(attributes)>\(content)</path>"
        case .hollowDiamond:
            return "<path d=\"M\(n(x)) \(n(y - 6))l6 6-6 6-6-6zM\(n(x)) \(n(y - 3.5))l3.5 3.5-3.5 3.5-3.5-3.5z\""
                + " fill-rule=\"evenodd\"\(attributes)>\(content)</path>"
        }
    }

    /// An X of arms 5.5 long and 2.2 wide: a plus sign's twelve corners turned by 45°.
    private static func cross(x: Double, y: Double) -> String {
        let (arm, half) = (5.5, 1.1)
        let plus: [(Double, Double)] = [
            (half, arm), (half, half), (arm, half), (arm, -half), (half, -half), (half, -arm),
            (-half, -arm), (-half, -half), (-arm, -half), (-arm, half), (-half, half), (-half, arm),
        ]
        let turn = 0.5.squareRoot()
        let points = plus.map { px, py in
            "\(SVGText.number(x + (px - py) * turn)) \(SVGText.number(y + (px + py) * turn))"
        }
        return "M" + points.joined(separator: "L") + "z"
    }
}
