import Foundation

/// The time texts of Data Flow's job resources (its `TimeUtils`), all in UTC as Data Flow's
/// default time zone is: `startDate` `yyyy-MM-dd`, `startTime` `HH:mm:ss`, `duration` `HH:mm:ss`,
/// the `fromDate`/`toDate` parameters `yyyy-MM-dd'T'HH:mm:ss,SSS`, and Spring Batch's `(date)`
/// job parameters `yyyy/MM/dd`.
enum JobTimes {
    /// The time zone every text is in, as Jackson writes a `java.util.TimeZone`: its id.
    static let timeZone = "UTC"

    /// The format of `fromDate` and `toDate`, as Data Flow documents it.
    static let parameterFormat = "yyyy-MM-dd'T'HH:mm:ss,SSS"

    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// `yyyy-MM-dd`.
    static func date(_ date: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return "\(pad(parts.year ?? 0, 4))-\(pad(parts.month ?? 0, 2))-\(pad(parts.day ?? 0, 2))"
    }

    /// `HH:mm:ss`.
    static func time(_ date: Date) -> String {
        let parts = calendar.dateComponents([.hour, .minute, .second], from: date)
        return "\(pad(parts.hour ?? 0, 2)):\(pad(parts.minute ?? 0, 2)):\(pad(parts.second ?? 0, 2))"
    }

    /// `yyyy/MM/dd`: how Spring Batch 4's `DefaultJobParametersConverter` writes a date parameter.
    static func parameterDate(_ date: Date) -> String {
        self.date(date).replacingOccurrences(of: "-", with: "/")
    }

    /// `HH:mm:ss` from `start` to `end` (Data Flow formats the difference as a time of day, so
    /// it wraps after 24 hours; here the hours keep counting).
    static func duration(from start: Date, to end: Date) -> String {
        let seconds = max(0, Int((end.timeIntervalSince(start)).rounded(.down)))
        return "\(pad(seconds / 3600, 2)):\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2))"
    }

    /// Reads `yyyy-MM-dd'T'HH:mm:ss,SSS` (the milliseconds may be left out, or follow a `.`), in UTC.
    static func parseParameter(_ text: String) -> Date? {
        let pattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:[,.](\d{1,3}))?$/
        guard let match = text.wholeMatch(of: pattern) else { return nil }
        var parts = DateComponents()
        parts.year = Int(match.1)
        parts.month = Int(match.2)
        parts.day = Int(match.3)
        parts.hour = Int(match.4)
        parts.minute = Int(match.5)
        parts.second = Int(match.6)
        guard let month = parts.month, (1...12).contains(month), let day = parts.day, (1...31).contains(day),
            let hour = parts.hour, hour < 24, let minute = parts.minute, minute < 60, let second = parts.second, second < 60,
            let date = calendar.date(from: parts), calendar.component(.day, from: date) == day
        else { return nil }
        let millis = match.7.map { Double(String($0).padding(toLength: 3, withPad: "0", startingAt: 0)) ?? 0 } ?? 0
        return date.addingTimeInterval(millis / 1000)
    }

    private static func pad(_ number: Int, _ width: Int) -> String {
        let text = String(number)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
