/// What a day-of-month field allows: days by number, and Quartz's days counted from the end of
/// the month and nearest weekdays, resolved month by month.
struct CronDaysOfMonth: Hashable, Sendable {
    /// Days by number, 1 to 31 (`*`, `15`, `1-15/2`); a month without the day skips it.
    var days = CronBits()
    /// Days counted back from the last day of the month: 0 for `L`, n for `L-n`.
    var fromLast = CronBits()
    /// Days whose nearest weekday matches (`nW`).
    var nearestWeekday = CronBits()
    /// Whether the last weekday of the month matches (`LW`).
    var lastWeekday = false

    /// Whether the field allows every day of every month (`*`, `?`).
    var isEveryDay: Bool { days == CronBits(from: 1, through: 31) }

    /// The days of `month` in `year` that match, as bits 1 to 31.
    func days(year: Int, month: Int) -> UInt32 {
        let length = WallTime.daysInMonth(year: year, month: month)
        var mask = UInt32(truncatingIfNeeded: days.raw)
        var offsets = fromLast.raw
        while offsets != 0 {
            let day = length - offsets.trailingZeroBitCount
            offsets &= offsets - 1
            if day >= 1 { mask |= 1 << UInt32(day) }
        }
        guard !nearestWeekday.isEmpty || lastWeekday else { return mask & CronDaysOfMonth.month(length) }
        let firstWeekday = WallTime.weekday(year: year, month: month, day: 1)
        var nearest = nearestWeekday.raw
        while nearest != 0 {
            let day = nearest.trailingZeroBitCount
            nearest &= nearest - 1
            if day <= length { mask |= 1 << UInt32(Self.weekday(nearest: day, length: length, firstWeekday: firstWeekday)) }
        }
        if lastWeekday { mask |= 1 << UInt32(Self.weekday(nearest: length, length: length, firstWeekday: firstWeekday)) }
        return mask & CronDaysOfMonth.month(length)
    }

    /// The weekday nearest to `day`, never in another month (Quartz's rule): a Saturday moves
    /// to the Friday before (to Monday the 3rd when it is the 1st), a Sunday to the Monday after
    /// (to the Friday before when it is the last day).
    static func weekday(nearest day: Int, length: Int, firstWeekday: Int) -> Int {
        switch (firstWeekday + day - 1) % 7 {
        case 6: day == 1 ? 3 : day - 1
        case 0: day == length ? day - 2 : day + 1
        default: day
        }
    }

    /// Bits 1 to `length`: every day of a month that long.
    static func month(_ length: Int) -> UInt32 {
        (UInt32.max >> UInt32(31 - length)) & ~1
    }
}
