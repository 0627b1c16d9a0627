import Database
import Foundation

/// A moment as pages show it: `<time datetime>` with the UTC value as text and on hover; the
/// page's script rewrites the text in the browser's time zone and keeps UTC in the title.
struct TimeView: Sendable {
    /// ISO 8601 with milliseconds, UTC.
    var iso: String
    /// `2026-12-06 21:03:04 UTC`.
    var utc: String

    init?(_ date: Date?) {
        guard let date else { return nil }
        let (day, time, millis) = Self.utcFields(date)
        iso = "\(day)T\(time).\(Self.padded(millis, 3))Z"
        utc = "\(day) \(time) UTC"
    }

    /// `2026-12-06`, `21:03:04` and the milliseconds of `date` in UTC (proleptic Gregorian),
    /// worked out with integer arithmetic: Foundation's format styles cost tens of
    /// microseconds a call, and a page of executions formats two times per row.
    static func utcFields(_ date: Date) -> (day: String, time: String, millis: Int64) {
        // Whole milliseconds, truncated, as the database keeps them; a fraction within half a
        // microsecond below the next millisecond is that millisecond held as a binary double
        // (.793 as .79299999…), not a time before it (databases keep microseconds at most).
        let seconds1970 = date.timeIntervalSince1970
        let whole = seconds1970.rounded(.down)
        let fraction = (seconds1970 - whole) * 1000
        var fractionMillis = fraction.rounded(.down)
        if fraction - fractionMillis > 1 - 5e-4 { fractionMillis += 1 }
        let totalMillis = Int64(whole) * 1000 + Int64(fractionMillis)
        let millis = ((totalMillis % 1000) + 1000) % 1000
        let seconds = (totalMillis - millis) / 1000
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 {
            secondOfDay += 86_400
            days -= 1
        }
        let (year, month, day) = SQLTimestamp.civil(fromDays: days)
        let dayText = "\(padded(year, 4))-\(padded(month, 2))-\(padded(day, 2))"
        let timeText = "\(padded(secondOfDay / 3600, 2)):\(padded(secondOfDay % 3600 / 60, 2)):\(padded(secondOfDay % 60, 2))"
        return (dayText, timeText, millis)
    }

    static func padded(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

/// A length of time as pages show it: `4.2 s`, `3 min 12 s`, `1 h 05 min`.
enum DurationText {
    static func text(_ seconds: Double?) -> String? {
        guard let seconds, seconds >= 0 else { return nil }
        if seconds < 1 { return "\(Int((seconds * 1000).rounded())) ms" }
        if seconds < 60 { return String(format: "%.1f s", seconds) }
        let whole = Int(seconds.rounded())
        if whole < 3600 { return "\(whole / 60) min \(whole % 60) s" }
        return String(format: "%d h %02d min", whole / 3600, (whole % 3600) / 60)
    }
}
