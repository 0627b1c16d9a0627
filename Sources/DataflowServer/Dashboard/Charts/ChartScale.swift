/// A value axis from zero to a round top, with evenly spaced round ticks (steps of 1, 2 or 5
/// times a power of ten).
struct ChartScale: Sendable, Equatable {
    /// The value at the top of the axis (the last tick).
    var top: Double
    /// The distance between ticks.
    var step: Double

    /// The tick values from zero to ``top``.
    var ticks: [Double] {
        let count = Int((top / step).rounded())
        return (0...count).map { Double($0) * step }
    }
}

extension ChartScale {
    /// A scale that holds `maximum` in about `targetTicks` steps.
    /// - Parameters:
    ///   - maximum: The largest value drawn; zero, less or not finite gives a scale of one step.
    ///   - targetTicks: How many steps the axis should have at most (more than zero).
    ///   - minimumStep: The smallest step allowed (1 for counts, which have no fractions).
    init(maximum: Double, targetTicks: Int = 5, minimumStep: Double = 0) {
        let steps = Double(max(targetTicks, 1))
        let positive = maximum.isFinite && maximum > 0 ? maximum : 0
        var step = positive > 0 ? Self.niceStep(positive / steps) : 1
        step = max(step, minimumStep)
        self.step = step
        self.top = max((positive / step).rounded(.up), 1) * step
    }

    /// The smallest of 1, 2 or 5 times a power of ten that is at least `raw`.
    static func niceStep(_ raw: Double) -> Double {
        var power = 1.0
        while power * 10 <= raw { power *= 10 }
        while power > raw { power /= 10 }
        for factor in [1.0, 2, 5, 10] where factor * power >= raw - power * 1e-9 {
            return factor * power
        }
        return 10 * power
    }
}
