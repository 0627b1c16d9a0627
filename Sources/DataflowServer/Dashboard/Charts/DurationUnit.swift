import Foundation

/// The unit a duration is shown in: milliseconds, seconds, minutes or hours.
enum DurationUnit: String, Sendable, CaseIterable {
    /// Milliseconds.
    case milliseconds = "ms"
    /// Seconds.
    case seconds = "s"
    /// Minutes.
    case minutes = "min"
    /// Hours.
    case hours = "h"

    /// How many seconds one unit is.
    var seconds: Double {
        switch self {
        case .milliseconds: 0.001
        case .seconds: 1
        case .minutes: 60
        case .hours: 3600
        }
    }

    /// The largest unit of which `duration` (in seconds) holds at least `minimum`;
    /// milliseconds for anything shorter.
    ///
    /// An axis asks for two units, so its ticks are not all fractions: a longest run of 90 s
    /// is drawn in seconds (0 to 100 s), 150 s in minutes (0 to 3 min). A single value asks for
    /// one: 90 s reads as 1.5 min.
    static func fitting(_ duration: TimeInterval, minimum: Double) -> DurationUnit {
        allCases.reversed().first { duration >= minimum * $0.seconds } ?? .milliseconds
    }

    /// `duration` (in seconds) in its own unit, to one decimal: `420 ms`, `4.2 s`, `1.5 min`.
    static func text(_ duration: TimeInterval) -> String {
        let unit = fitting(duration, minimum: 1)
        return "\(SVGText.number(duration / unit.seconds)) \(unit.rawValue)"
    }
}
