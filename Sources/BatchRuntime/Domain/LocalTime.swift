/// A time of day without a time zone, as Java's `java.time.LocalTime` (`10:00`, `10:00:05.250`).
public struct LocalTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// 0...23.
    public var hour: Int
    /// 0...59.
    public var minute: Int
    /// 0...59.
    public var second: Int
    /// 0...999,999,999.
    public var nanosecond: Int

    /// Creates a time, or nil when a field is out of range.
    public init?(hour: Int, minute: Int, second: Int = 0, nanosecond: Int = 0) {
        guard (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second),
            (0...999_999_999).contains(nanosecond)
        else { return nil }
        self.hour = hour
        self.minute = minute
        self.second = second
        self.nanosecond = nanosecond
    }

    /// Parses `HH:mm`, `HH:mm:ss` or `HH:mm:ss.fffffffff` (1 to 9 fraction digits).
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, parts[0].count == 2, parts[1].count == 2,
            let hour = Int(parts[0]), let minute = Int(parts[1])
        else { return nil }
        var second = 0
        var nanosecond = 0
        if parts.count == 3 {
            let secondParts = parts[2].split(separator: ".", omittingEmptySubsequences: false)
            guard secondParts[0].count == 2, let whole = Int(secondParts[0]), secondParts.count <= 2 else { return nil }
            second = whole
            if secondParts.count == 2 {
                let fraction = secondParts[1]
                guard (1...9).contains(fraction.count), fraction.allSatisfy(\.isASCIIDigit),
                    let digits = Int(fraction)
                else { return nil }
                nanosecond = digits * JavaText.powerOfTen(9 - fraction.count)
            }
        }
        self.init(hour: hour, minute: minute, second: second, nanosecond: nanosecond)
    }

    /// Java's `LocalTime.toString`: seconds only when not zero, fractions in groups of three digits.
    public var description: String {
        var text = JavaText.pad(hour, 2) + ":" + JavaText.pad(minute, 2)
        guard second != 0 || nanosecond != 0 else { return text }
        text += ":" + JavaText.pad(second, 2)
        if nanosecond == 0 { return text }
        if nanosecond % 1_000_000 == 0 { return text + "." + JavaText.pad(nanosecond / 1_000_000, 3) }
        if nanosecond % 1000 == 0 { return text + "." + JavaText.pad(nanosecond / 1000, 6) }
        return text + "." + JavaText.pad(nanosecond, 9)
    }

    /// Orders by time of day.
    public static func < (lhs: LocalTime, rhs: LocalTime) -> Bool {
        (lhs.hour, lhs.minute, lhs.second, lhs.nanosecond) < (rhs.hour, rhs.minute, rhs.second, rhs.nanosecond)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
