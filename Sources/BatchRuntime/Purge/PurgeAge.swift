import Database
import Foundation

/// The age in a purge policy as operators write it: Spring's duration notation with a unit
/// (`30d`, `12h`, `90m`, `45s`, `500ms`) or ISO-8601 (`PT12H`, `P30D`), at most ``maximumDays``
/// days. A bare number is refused: Spring reads `30` as 30 milliseconds, which is never what a
/// retention means. The server's `olderThan` and the command line's `--older-than` read it here.
public enum PurgeAge {
    /// The longest age, in days (Data Flow's `days` takes as many).
    public static let maximumDays = 100_000

    /// Parses `text`.
    /// - Throws: ``BatchError/Code/invalidPolicy`` with a message that says what to write instead.
    public static func parse(_ text: String) throws(BatchError) -> Duration {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let number = Double(trimmed) {
            let shown = number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : trimmed
            throw BatchError(
                .invalidPolicy,
                "'\(text)' has no unit (it could mean milliseconds or days): write \(shown)d for days, \(shown)h for hours, \(shown)m for minutes, \(shown)s for seconds, or ISO-8601 such as PT\(shown)H")
        }
        guard let duration = SpringDuration.parse(trimmed) else {
            let unit = String(trimmed.lowercased().drop(while: { $0.isNumber || $0 == "." }))
            if ["ms", "s", "m", "h", "d"].contains(unit), unit.count < trimmed.count {
                throw tooLong(text)  // a number with a unit, too large for a Duration
            }
            throw BatchError(
                .invalidPolicy, "'\(text)' is not a duration: write one such as 30d, 12h, 90m, 45s, 500ms or PT1H (ISO-8601), at most \(maximumDays)d")
        }
        guard duration <= .seconds(maximumDays * 86_400) else { throw tooLong(text) }
        return duration
    }

    private static func tooLong(_ text: String) -> BatchError {
        BatchError(.invalidPolicy, "'\(text)' is longer than \(maximumDays)d, the longest age a purge takes")
    }
}
