import Foundation

extension JavaDateFormat {
    /// The date and time fields of one instant in one time zone, in java.time's ISO chronology
    /// (proleptic Gregorian for every year), computed with integer arithmetic.
    struct Fields {
        /// The proleptic year: 0 is 1 BC, -1 is 2 BC.
        let year: Int
        /// Month 1...12, day of month 1...31, day of year 1...366, ISO weekday 1 (Monday)...7.
        let month: Int, day: Int, dayOfYear: Int, weekday: Int
        /// Days since 1970-01-01 in local time, seconds since local midnight, nanoseconds into the second.
        let epochDay: Int, secondOfDay: Int, nano: Int
        /// The time zone's offset from UTC at this instant, in seconds.
        let offset: Int
        /// The instant, for the zone's names.
        let date: Date

        /// Splits `date` into fields as seen in `timeZone`. The time is truncated to the microsecond
        /// (about what a `Date` holds) and clamped to about a billion years either way.
        init(date: Date, timeZone: TimeZone) {
            let interval = date.timeIntervalSinceReferenceDate
            let bounded = interval.isNaN ? 0 : min(max(interval, -3e16), 3e16)
            let whole = bounded.rounded(.down)
            var seconds = Int(whole) + 978_307_200
            var micros = Int(((bounded - whole) * 1_000_000).rounded(.down))
            // Binary noise can put a microsecond just below itself: move up only onto a microsecond
            // that is stored as exactly this Date, so 0.9999996 stays in its second.
            if whole + Double(micros) / 1_000_000 != bounded && whole + Double(micros + 1) / 1_000_000 == bounded {
                micros += 1
            }
            if micros >= 1_000_000 { (seconds, micros) = (seconds + 1, micros - 1_000_000) }
            offset = timeZone.secondsFromGMT(for: date)
            self.date = date
            let local = seconds + offset
            epochDay = local.floorDiv(86_400)
            secondOfDay = local - epochDay * 86_400
            nano = micros * 1_000
            weekday = (epochDay + 3).floorMod(7) + 1
            // civil_from_days, https://howardhinnant.github.io/date_algorithms.html
            let shifted = epochDay + 719_468
            let era = shifted.floorDiv(146_097)
            let dayOfEra = shifted - era * 146_097
            let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
            let dayOfMarchYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
            let marchMonth = (5 * dayOfMarchYear + 2) / 153
            day = dayOfMarchYear - (153 * marchMonth + 2) / 5 + 1
            month = marchMonth < 10 ? marchMonth + 3 : marchMonth - 9
            year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
            let before = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334][month - 1]
            dayOfYear = before + day + (month > 2 && Self.isLeap(year) ? 1 : 0)
        }

        static func isLeap(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

        /// The day of week in the US week: Sunday is 1, Saturday 7.
        var usWeekday: Int { weekday % 7 + 1 }

        /// Java's `WeekFields` week number of `dayNumber` (a day of month or year) for the US week.
        private func weekNumber(of dayNumber: Int) -> (offset: Int, week: Int) {
            let weekStart = (dayNumber - usWeekday).floorMod(7)
            let offset = weekStart > 0 ? 7 - weekStart : 0
            return (offset, (7 + offset + dayNumber - 1) / 7)
        }

        /// The US week-based year and week of that year: the last days of December may be in week 1 of next year.
        var weekBasedYear: (year: Int, week: Int) {
            let (offset, week) = weekNumber(of: dayOfYear)
            let weekOfNextYear = (7 + offset + (Self.isLeap(year) ? 366 : 365)) / 7
            return week >= weekOfNextYear ? (year + 1, week - weekOfNextYear + 1) : (year, week)
        }

        /// What Java prints for `count` repetitions of the pattern `letter`.
        func text(_ letter: Character, _ count: Int, timeZone: TimeZone) -> String {
            let hour = secondOfDay / 3600
            switch letter {
            case "G": return Self.name(year > 0 ? "Anno Domini" : "Before Christ", count, short: year > 0 ? "AD" : "BC")
            case "u", "y", "Y":
                let value = letter == "u" ? year : letter == "y" ? (year > 0 ? year : 1 - year) : weekBasedYear.year
                return count == 2 ? Self.digits(value.magnitude % 100, 2) : Self.digits(value, count, plus: count >= 4)
            case "M", "L":
                return count <= 2 ? Self.digits(month, count) : Self.name(Self.months[month - 1], count)
            case "Q", "q":
                let quarter = (month - 1) / 3 + 1
                let full = ["1st", "2nd", "3rd", "4th"][quarter - 1] + " quarter"
                return count <= 2 ? Self.digits(quarter, count) : Self.name(full, count, short: "Q\(quarter)")
            case "E": return Self.name(Self.weekdays[weekday - 1], max(count, 3))
            case "e", "c": return count <= 2 ? Self.digits(usWeekday, count) : Self.name(Self.weekdays[weekday - 1], count)
            case "d": return Self.digits(day, count)
            case "D": return Self.digits(dayOfYear, count)
            case "F": return Self.digits((day - 1) % 7 + 1, count)
            case "w": return Self.digits(weekBasedYear.week, count)
            case "W": return Self.digits(weekNumber(of: day).week, count)
            case "g": return Self.digits(epochDay + 40_587, count)
            case "a": return hour < 12 ? "AM" : "PM"
            case "B": return dayPeriod(narrow: count == 5)
            case "h": return Self.digits(hour % 12 == 0 ? 12 : hour % 12, count)
            case "K": return Self.digits(hour % 12, count)
            case "k": return Self.digits(hour == 0 ? 24 : hour, count)
            case "H": return Self.digits(hour, count)
            case "m": return Self.digits(secondOfDay / 60 % 60, count)
            case "s": return Self.digits(secondOfDay % 60, count)
            case "S": return String(Self.digits(nano, 9).prefix(count))
            case "n": return Self.digits(nano, count)
            case "N": return Self.digits(secondOfDay * 1_000_000_000 + nano, count)
            case "A": return Self.digits(secondOfDay * 1000 + nano / 1_000_000, count)
            case "V": return timeZone.identifier
            case "z":
                let summer = timeZone.isDaylightSavingTime(for: date)
                let style: NSTimeZone.NameStyle = count == 4
                    ? (summer ? .daylightSaving : .standard) : (summer ? .shortDaylightSaving : .shortStandard)
                return timeZone.localizedName(for: style, locale: Self.english) ?? timeZone.identifier
            case "O": return localizedOffset(full: count == 4)
            case "X": return offsetID(count, zero: "Z")
            case "x": return offsetID(count, zero: count == 1 ? "+00" : count % 2 == 0 ? "+0000" : "+00:00")
            case "Z":
                return count == 4 ? localizedOffset(full: true) : count == 5 ? offsetID(5, zero: "Z") : offsetID(2, zero: "+0000")
            default: return ""  // init(pattern:) lets no other letter through
            }
        }

        /// The English day period of `B`: midnight and noon are exact minutes.
        private func dayPeriod(narrow: Bool) -> String {
            switch secondOfDay / 60 {
            case 0: return narrow ? "mi" : "midnight"
            case 720: return narrow ? "n" : "noon"
            case 360..<720: return "in the morning"
            case 720..<1080: return "in the afternoon"
            case 1080..<1260: return "in the evening"
            default: return "at night"
            }
        }

        /// The offset as Java's `X` of `width` 1...5 prints it (`+01`, `+0100`, `+01:00`,
        /// `+0100`/`+010030`, `+01:00`/`+01:00:30`), or `zero` when nothing but zeros would be printed.
        private func offsetID(_ width: Int, zero: String) -> String {
            let (hours, minutes, seconds) = offsetParts
            let colon = width == 3 || width == 5 ? ":" : ""
            var out = (offset < 0 ? "-" : "+") + Self.digits(hours, 2)
            if width > 1 || minutes > 0 {
                out += colon + Self.digits(minutes, 2)
                if width > 3 && seconds > 0 { out += colon + Self.digits(seconds, 2) }
            }
            return hours == 0 && minutes == 0 && (width < 4 || seconds == 0) ? zero : out
        }

        /// The offset as Java's `O` (`GMT+1`, `GMT+5:30`) or `OOOO` (`GMT+01:00`) prints it; `GMT` for zero.
        private func localizedOffset(full: Bool) -> String {
            let (hours, minutes, seconds) = offsetParts
            guard offset != 0 else { return "GMT" }
            var out = "GMT" + (offset < 0 ? "-" : "+") + Self.digits(hours, full ? 2 : 1)
            if full || minutes > 0 || seconds > 0 { out += ":" + Self.digits(minutes, 2) }
            return seconds > 0 ? out + ":" + Self.digits(seconds, 2) : out
        }

        private var offsetParts: (Int, Int, Int) {
            (abs(offset / 3600 % 100), abs(offset / 60 % 60), abs(offset % 60))
        }

        private static let english = Locale(identifier: "en_US")
        private static let months = ["January", "February", "March", "April", "May", "June", "July",
                                     "August", "September", "October", "November", "December"]
        private static let weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

        /// Java's text styles for 3 (short), 4 (full) and 5 (narrow) letters; 1 or 2 letters print `short` too.
        private static func name(_ full: String, _ count: Int, short: String? = nil) -> String {
            count == 4 ? full : count == 5 ? String(full.prefix(1)) : short ?? String(full.prefix(3))
        }

        /// `value` in decimal with at least `width` digits; a minus sign when negative, a plus
        /// sign when `plus` and it needs more than `width` digits (Java's `SignStyle.EXCEEDS_PAD`).
        static func digits(_ value: some BinaryInteger, _ width: Int, plus: Bool = false) -> String {
            let text = String(value.magnitude)
            let sign = value < 0 ? "-" : plus && width < 19 && text.count > width ? "+" : ""
            return sign + String(repeating: "0", count: max(0, width - text.count)) + text
        }
    }
}

extension Int {
    /// Division rounding toward negative infinity.
    fileprivate func floorDiv(_ divisor: Int) -> Int {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }

    /// The remainder that has the sign of `divisor`.
    fileprivate func floorMod(_ divisor: Int) -> Int { self - floorDiv(divisor) * divisor }
}
