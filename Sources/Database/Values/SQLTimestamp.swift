import Foundation

/// Timestamp text in the one form both drivers write: `YYYY-MM-DD HH:MM:SS.ffffff`, UTC.
///
/// Written by hand rather than with `DateFormatter`/`ISO8601DateFormatter`: those
/// keep milliseconds only and cost microseconds per call, and every chunk of a
/// batch job writes several timestamps.
package enum SQLTimestamp {
    /// Microseconds between 1970-01-01 and 2001-01-01 (Foundation's reference date).
    private static let referenceOffsetMicros: Int64 = 978_307_200 * 1_000_000

    /// Microseconds since 1970-01-01T00:00:00Z, rounded to the nearest microsecond.
    static func micros(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSinceReferenceDate * 1_000_000).rounded()) + referenceOffsetMicros
    }

    /// The date `micros` microseconds after 1970-01-01T00:00:00Z.
    static func date(micros: Int64) -> Date {
        Date(timeIntervalSinceReferenceDate: Double(micros - referenceOffsetMicros) / 1_000_000)
    }

    /// The length of the text ``format(_:)`` writes for years 0...9999.
    static let length = 26

    /// `YYYY-MM-DD HH:MM:SS.ffffff` in UTC.
    static func format(_ date: Date) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: length) { buffer in
            String(decoding: UnsafeBufferPointer(rebasing: buffer[..<write(date, into: buffer)]), as: UTF8.self)
        }
    }

    /// Appends `YYYY-MM-DD HH:MM:SS.ffffff` (UTC) to `bytes`, without building a `String`:
    /// drivers write a timestamp per row, so this is on the hot path of every bulk load.
    static func append(_ date: Date, to bytes: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: length) { buffer in
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[..<write(date, into: buffer)]))
        }
    }

    /// Writes the text into `buffer` (at least ``length`` bytes) and returns how many bytes it wrote.
    static func write(_ date: Date, into buffer: UnsafeMutableBufferPointer<UInt8>) -> Int {
        let total = micros(date)
        let seconds = floorDivide(total, 1_000_000)
        let fraction = total - seconds * 1_000_000
        let days = floorDivide(seconds, 86_400)
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civil(fromDays: days)
        // Years outside 0...9999 keep four digits (modulo 10,000): PostgreSQL and SQLite cannot
        // represent them in this text form anyway.
        put(year, digits: 4, at: 0, in: buffer)
        buffer[4] = UInt8(ascii: "-")
        put(month, digits: 2, at: 5, in: buffer)
        buffer[7] = UInt8(ascii: "-")
        put(day, digits: 2, at: 8, in: buffer)
        buffer[10] = UInt8(ascii: " ")
        put(secondOfDay / 3600, digits: 2, at: 11, in: buffer)
        buffer[13] = UInt8(ascii: ":")
        put(secondOfDay / 60 % 60, digits: 2, at: 14, in: buffer)
        buffer[16] = UInt8(ascii: ":")
        put(secondOfDay % 60, digits: 2, at: 17, in: buffer)
        buffer[19] = UInt8(ascii: ".")
        put(fraction, digits: 6, at: 20, in: buffer)
        return length
    }

    private static func put(_ value: Int64, digits: Int, at offset: Int, in buffer: UnsafeMutableBufferPointer<UInt8>) {
        var rest = value.magnitude
        for position in stride(from: offset + digits - 1, through: offset, by: -1) {
            buffer[position] = UInt8(truncatingIfNeeded: 48 + rest % 10)
            rest /= 10
        }
    }

    /// Parses `YYYY-MM-DD`, optionally followed by `T` or a space, `HH:MM[:SS[.fraction]]`
    /// and an offset (`Z`, `+HH`, `+HH:MM`, `+HHMM`). Without an offset the time is UTC.
    static func parse(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { parse(bytes: $0) }
    }

    static func parse(bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        var cursor = Cursor(bytes: bytes)
        guard let year = cursor.number(digits: 4), cursor.skip("-"),
            let month = cursor.number(digits: 2), cursor.skip("-"),
            let day = cursor.number(digits: 2), (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var seconds = daysFromCivil(year: year, month: month, day: day) * 86_400
        var fraction: Int64 = 0
        if cursor.skip("T") || cursor.skip(" ") {
            guard let hour = cursor.number(digits: 2), cursor.skip(":"), let minute = cursor.number(digits: 2),
                hour < 24, minute < 60
            else { return nil }
            var second: Int64 = 0
            if cursor.skip(":") {
                guard let value = cursor.number(digits: 2), value < 61 else { return nil }
                second = value
                if cursor.skip(".") || cursor.skip(",") {
                    guard let micros = cursor.fractionMicros() else { return nil }
                    fraction = micros
                }
            }
            seconds += hour * 3600 + minute * 60 + second
            guard let offset = cursor.offsetSeconds() else { return nil }
            seconds -= offset
        }
        guard cursor.atEnd else { return nil }
        return date(micros: seconds * 1_000_000 + fraction)
    }

    private struct Cursor {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        var atEnd: Bool { index == bytes.count }

        mutating func skip(_ character: Unicode.Scalar) -> Bool {
            guard index < bytes.count, bytes[index] == UInt8(ascii: character) else { return false }
            index += 1
            return true
        }

        mutating func number(digits: Int) -> Int64? {
            guard index + digits <= bytes.count else { return nil }
            var value: Int64 = 0
            for offset in 0..<digits {
                let byte = bytes[index + offset]
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int64(byte - 48)
            }
            index += digits
            return value
        }

        /// Up to nine fraction digits, rounded to microseconds.
        mutating func fractionMicros() -> Int64? {
            var value: Int64 = 0
            var count = 0
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                if count < 9 { value = value * 10 + Int64(bytes[index] - 48) }
                count += 1
                index += 1
            }
            guard count > 0 else { return nil }
            for _ in min(count, 9)..<9 { value *= 10 }
            return (value + 500) / 1000
        }

        /// The offset east of UTC in seconds; 0 when there is none.
        mutating func offsetSeconds() -> Int64? {
            if atEnd { return 0 }
            if skip("Z") || skip("z") { return 0 }
            let sign: Int64
            if skip("+") { sign = 1 } else if skip("-") { sign = -1 } else { return nil }
            guard let hours = number(digits: 2) else { return nil }
            var minutes: Int64 = 0
            if skip(":") {
                guard let value = number(digits: 2) else { return nil }
                minutes = value
            } else if let value = number(digits: 2) {
                minutes = value
            }
            if skip(":") { guard number(digits: 2) != nil else { return nil } }
            return sign * (hours * 3600 + minutes * 60)
        }
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return (value % divisor < 0) ? quotient - 1 : quotient
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date.
    static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let shiftedMonth = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The proleptic Gregorian date `days` days after 1970-01-01 (also what the dashboard
    /// writes its times with).
    package static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

/// Float text as PostgreSQL reads and writes it (`Infinity`, `-Infinity`, `NaN`).
enum SQLFloat {
    static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        return String(value)
    }

    static func parse(_ text: String) -> Double? {
        switch text {
        case "NaN": .nan
        case "Infinity", "inf": .infinity
        case "-Infinity", "-inf": -.infinity
        default: Double(text)
        }
    }
}
