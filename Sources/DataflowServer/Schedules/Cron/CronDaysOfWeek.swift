/// What a day-of-week field allows: weekdays, and Quartz's last and nth weekday of the month,
/// resolved month by month.
struct CronDaysOfWeek: Hashable, Sendable {
    /// Weekdays, 0 (Sunday) to 6 (Saturday).
    var weekdays = CronBits()
    /// Weekdays whose last occurrence in the month matches (`5L`: the last Friday).
    var lastInMonth = CronBits()
    /// The nth occurrences in the month that match (`5#2`: the second Friday), as bit
    /// `weekday * 8 + n`.
    var nthInMonth = CronBits()

    /// Whether the field allows every day (`*`, `?`).
    var isEveryDay: Bool { weekdays == CronBits(from: 0, through: 6) }

    /// The days of `month` in `year` that match, as bits 1 to 31.
    func days(year: Int, month: Int) -> UInt32 {
        let length = WallTime.daysInMonth(year: year, month: month)
        let firstWeekday = WallTime.weekday(year: year, month: month, day: 1)
        var week: UInt64 = 0
        for day in 1...7 where weekdays.contains((firstWeekday + day - 1) % 7) { week |= 1 << UInt64(day) }
        var mask = UInt32(truncatingIfNeeded: week | week << 7 | week << 14 | week << 21 | week << 28)
        var last = lastInMonth.raw
        if last != 0 {
            let lastWeekday = (firstWeekday + length - 1) % 7
            while last != 0 {
                let weekday = last.trailingZeroBitCount
                last &= last - 1
                mask |= 1 << UInt32(length - (lastWeekday - weekday + 7) % 7)
            }
        }
        var nth = nthInMonth.raw
        while nth != 0 {
            let bit = nth.trailingZeroBitCount
            nth &= nth - 1
            let day = 1 + (bit / 8 - firstWeekday + 7) % 7 + 7 * (bit % 8 - 1)
            if day <= length { mask |= 1 << UInt32(day) }
        }
        return mask & CronDaysOfMonth.month(length)
    }
}
