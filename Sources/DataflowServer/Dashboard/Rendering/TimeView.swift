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
        iso = Self.isoFormat.format(date)
        utc = Self.utcFormat.format(date)
    }

    private static let isoFormat = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
    private static let utcFormat = Date.VerbatimFormatStyle(
        format: "\(year: .defaultDigits)-\(month: .twoDigits)-\(day: .twoDigits) \(hour: .twoDigits(clock: .twentyFourHour, hourCycle: .zeroBased)):\(minute: .twoDigits):\(second: .twoDigits) UTC",
        timeZone: TimeZone(identifier: "UTC")!, calendar: Calendar(identifier: .gregorian))
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
