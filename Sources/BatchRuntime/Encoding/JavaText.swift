import Foundation

/// Text forms of values exactly as Java writes them, for job keys and stored parameters.
enum JavaText {
    static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    static func powerOfTen(_ exponent: Int) -> Int {
        (0..<exponent).reduce(1) { result, _ in result * 10 }
    }

    /// Java's `Double.toString`: plain decimals for 10⁻³ ≤ |x| < 10⁷, else `d.dddE±n`.
    static func double(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        let magnitude = abs(value)
        if magnitude == 0 || (magnitude >= 1e-3 && magnitude < 1e7) {
            // Swift writes this range as plain decimals with the same shortest digits as Java.
            return "\(value)"
        }
        // Shortest round-trip digits and decimal exponent from Swift's own rendering.
        let swift = "\(magnitude)"
        let pieces = swift.split(separator: "e")
        let mantissa = pieces[0]
        let exponent = pieces.count > 1 ? Int(pieces[1])! : 0
        let pointIndex = mantissa.firstIndex(of: ".").map { mantissa.distance(from: mantissa.startIndex, to: $0) }
            ?? mantissa.count
        var digits = mantissa.replacingOccurrences(of: ".", with: "")
        var decimalExponent = pointIndex + exponent
        while digits.hasPrefix("0") && digits.count > 1 {
            digits.removeFirst()
            decimalExponent -= 1
        }
        while digits.hasSuffix("0") && digits.count > 1 { digits.removeLast() }
        let fraction = digits.count > 1 ? String(digits.dropFirst()) : "0"
        return (value < 0 ? "-" : "") + "\(digits.first!).\(fraction)E\(decimalExponent - 1)"
    }

    /// Java's `Instant.toString`: `2024-01-31T10:00:00Z`, fractions in groups of three digits.
    static func isoInstant(_ date: Date) -> String {
        let (civil, nanos) = civilUTC(date)
        var text = civil
        if nanos != 0 {
            if nanos % 1_000_000 == 0 {
                text += "." + pad(nanos / 1_000_000, 3)
            } else {
                text += "." + pad(nanos / 1000, 6)
            }
        }
        return text + "Z"
    }

    /// Java's `Date.toString` in a UTC JVM: `Wed Jan 31 10:00:00 UTC 2024`.
    static func utilDate(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return "\(days[parts.weekday! - 1]) \(months[parts.month! - 1]) \(pad(parts.day!, 2)) "
            + "\(pad(parts.hour!, 2)):\(pad(parts.minute!, 2)):\(pad(parts.second!, 2)) UTC \(parts.year!)"
    }

    /// Parses an ISO instant (`2024-01-31T10:00:00Z`, optional fraction, `Z` or `±hh:mm`), or a plain
    /// date (`2024-01-31`, midnight UTC).
    static func parseInstant(_ text: String) -> Date? {
        if let date = LocalDate(text) { return civilDate(LocalDateTime(date: date, time: LocalTime(hour: 0, minute: 0)!)) }
        var body = Substring(text)
        var offsetSeconds = 0
        if body.hasSuffix("Z") {
            body = body.dropLast()
        } else if body.count > 6, let sign = body.dropLast(5).last, sign == "+" || sign == "-" {
            let offset = body.suffix(5).split(separator: ":")
            guard offset.count == 2, let hours = Int(offset[0]), let minutes = Int(offset[1]) else { return nil }
            offsetSeconds = (hours * 3600 + minutes * 60) * (sign == "-" ? -1 : 1)
            body = body.dropLast(6)
        } else {
            return nil
        }
        guard let local = LocalDateTime(body), let date = civilDate(local) else { return nil }
        return date.addingTimeInterval(TimeInterval(-offsetSeconds))
    }

    private static func civilDate(_ value: LocalDateTime) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(
            year: value.date.year, month: value.date.month, day: value.date.day, hour: value.time.hour,
            minute: value.time.minute, second: value.time.second)
        return calendar.date(from: components).map {
            $0.addingTimeInterval(TimeInterval(value.time.nanosecond) / 1e9)
        }
    }

    /// `yyyy-MM-ddTHH:mm:ss` in UTC and the nanoseconds, rounded to microseconds.
    private static func civilUTC(_ date: Date) -> (String, Int) {
        let seconds = date.timeIntervalSince1970
        var whole = seconds.rounded(.down)
        var micros = Int(((seconds - whole) * 1e6).rounded())
        if micros == 1_000_000 {
            whole += 1
            micros = 0
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents(
            [.year, .month, .day, .hour, .minute, .second], from: Date(timeIntervalSince1970: whole))
        let text = "\(pad(parts.year!, 4))-\(pad(parts.month!, 2))-\(pad(parts.day!, 2))T"
            + "\(pad(parts.hour!, 2)):\(pad(parts.minute!, 2)):\(pad(parts.second!, 2))"
        return (text, micros * 1000)
    }
}
