import Foundation

/// Durations as Spring Boot reads them: `500ms`, `10s`, `2m`, `1h`, `1d`, ISO-8601 (`PT10S`,
/// `PT1M30S`, `PT0.5S`), or a bare number in a default unit (milliseconds for Spring
/// properties; the command-line options of swift-batch's own tools use seconds).
public enum SpringDuration {
    /// The unit of a bare number.
    public enum Unit: Sendable {
        /// `5000` means 5 seconds (Spring's default for duration properties).
        case milliseconds
        /// `5` means 5 seconds.
        case seconds
    }

    /// Parses `text`; nil when it is no duration, negative, or longer than `Duration` holds in
    /// nanoseconds (about 292 years).
    public static func parse(_ text: String, defaultUnit: Unit = .milliseconds) -> Duration? {
        let text = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard !text.isEmpty else { return nil }
        if let number = Double(text), number >= 0, number.isFinite {
            return milliseconds(number * (defaultUnit == .seconds ? 1000 : 1))
        }
        if text.hasPrefix("p") { return iso(text) }
        let units: [(String, Double)] = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000)]
        for (suffix, factor) in units where text.hasSuffix(suffix) {
            if let number = Double(text.dropLast(suffix.count)), number >= 0, number.isFinite {
                return milliseconds(number * factor)
            }
        }
        return nil
    }

    /// ISO-8601 as `java.time.Duration` prints it: `PT10S`, `PT1M30S`, `PT0.5S`, `P1D`.
    private static func iso(_ text: String) -> Duration? {
        var rest = Substring(text.dropFirst())
        var total = 0.0
        var inTime = false
        var parts = 0
        let scale: [Character: Double] = ["d": 86400, "h": 3600, "m": 60, "s": 1]
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            if rest.first == "t" {
                inTime = true
                rest = rest.dropFirst()
                continue
            }
            guard let end = rest.firstIndex(where: { scale[$0] != nil }), let number = Double(rest[..<end]), number >= 0 else {
                return nil
            }
            let unit = rest[end]
            if unit == "d" && inTime { return nil }
            if unit != "d" && !inTime { return nil }
            total += number * scale[unit]!
            parts += 1
            rest = rest[rest.index(after: end)...]
        }
        return parts > 0 ? milliseconds(total * 1000) : nil
    }

    private static func milliseconds(_ value: Double) -> Duration? {
        let nanoseconds = (value * 1_000_000).rounded()
        guard nanoseconds < 9.2e18 else { return nil }
        return .nanoseconds(Int64(nanoseconds))
    }
}
