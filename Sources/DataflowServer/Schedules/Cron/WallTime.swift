/// A date and time of day as a wall clock shows it, without a zone: the proleptic Gregorian
/// calendar, to the second. Cron expressions match wall times; ``ZoneClock`` turns them into
/// instants.
///
/// The calendar arithmetic is done here, on integers, instead of through Foundation's
/// `Calendar`: a conversion costs a few nanoseconds instead of a few hundred.
struct WallTime: Hashable, Comparable, Sendable {
    /// The year (1970, 2026, ...).
    var year: Int
    /// The month, 1 (January) to 12.
    var month: Int
    /// The day of the month, 1 to 31.
    var day: Int
    /// The hour, 0 to 23.
    var hour: Int
    /// The minute, 0 to 59.
    var minute: Int
    /// The second, 0 to 59.
    var second: Int

    /// A wall time; the values are not checked.
    init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    /// The wall time `seconds` after 1970-01-01 00:00:00 on the same clock.
    init(seconds: Int64) {
        let days = Self.floorDivision(seconds, 86_400)
        let time = Int(seconds - days * 86_400)
        let (year, month, day) = Self.date(days: days)
        self.init(year: year, month: month, day: day, hour: time / 3600, minute: time / 60 % 60, second: time % 60)
    }

    /// Seconds since 1970-01-01 00:00:00 on the same clock.
    var seconds: Int64 {
        Self.days(year: year, month: month, day: day) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    /// Orders by the time shown.
    static func < (lhs: WallTime, rhs: WallTime) -> Bool {
        (lhs.year, lhs.month, lhs.day, lhs.hour, lhs.minute, lhs.second)
            < (rhs.year, rhs.month, rhs.day, rhs.hour, rhs.minute, rhs.second)
    }

    /// Midnight at the start of the next month.
    var startOfNextMonth: WallTime {
        month == 12 ? WallTime(year: year + 1, month: 1, day: 1) : WallTime(year: year, month: month + 1, day: 1)
    }

    /// Midnight at the start of the next day.
    var startOfNextDay: WallTime {
        day < Self.daysInMonth(year: year, month: month) ? WallTime(year: year, month: month, day: day + 1) : startOfNextMonth
    }

    /// The start of the next hour.
    var startOfNextHour: WallTime {
        hour < 23 ? WallTime(year: year, month: month, day: day, hour: hour + 1) : startOfNextDay
    }

    /// The start of the next minute.
    var startOfNextMinute: WallTime {
        minute < 59 ? WallTime(year: year, month: month, day: day, hour: hour, minute: minute + 1) : startOfNextHour
    }

    /// Whether February of `year` has 29 days.
    static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// The number of days in `month` of `year`.
    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// The day of the week of a date: 0 is Sunday, 6 is Saturday.
    static func weekday(year: Int, month: Int, day: Int) -> Int {
        // 1970-01-01 was a Thursday.
        Int((days(year: year, month: month, day: day) % 7 + 11) % 7)
    }

    /// Days from 1970-01-01 to a date. Counts in 400-year eras of 146,097 days, with years
    /// starting in March so that the leap day ends a year.
    static func days(year: Int, month: Int, day: Int) -> Int64 {
        let marchYear = Int64(month <= 2 ? year - 1 : year)
        let era = floorDivision(marchYear, 400)
        let yearOfEra = marchYear - era * 400
        let monthFromMarch = Int64(month <= 2 ? month + 9 : month - 3)
        let dayOfYear = (153 * monthFromMarch + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date `days` after 1970-01-01: the inverse of ``days(year:month:day:)``.
    static func date(days: Int64) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = floorDivision(shifted, 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = Int(dayOfYear - (153 * monthFromMarch + 2) / 5 + 1)
        let month = Int(monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9)
        let year = Int(yearOfEra + era * 400) + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    /// Division rounding toward negative infinity, for instants before 1970.
    static func floorDivision(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return value % divisor < 0 ? quotient - 1 : quotient
    }
}
