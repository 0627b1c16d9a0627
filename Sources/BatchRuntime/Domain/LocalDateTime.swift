/// A date and time without a time zone, as Java's `java.time.LocalDateTime` (`2024-01-31T10:00`).
public struct LocalDateTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The date.
    public var date: LocalDate
    /// The time of day.
    public var time: LocalTime

    /// Creates a date-time.
    public init(date: LocalDate, time: LocalTime) {
        self.date = date
        self.time = time
    }

    /// Parses `yyyy-MM-ddTHH:mm[:ss[.fffffffff]]`.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "T", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, let date = LocalDate(parts[0]), let time = LocalTime(parts[1]) else { return nil }
        self.init(date: date, time: time)
    }

    /// Java's `LocalDateTime.toString`.
    public var description: String { "\(date)T\(time)" }

    /// Orders by date, then time.
    public static func < (lhs: LocalDateTime, rhs: LocalDateTime) -> Bool {
        (lhs.date, lhs.time) < (rhs.date, rhs.time)
    }
}
