import Foundation

extension CronExpression {
    /// How far ahead ``next(after:in:)`` looks: the Gregorian calendar repeats every 400 years,
    /// so an expression that does not fire within them never fires.
    static let searchYears = 400

    /// The first time the expression fires strictly after `date`, in `zone`.
    ///
    /// Fire times are whole seconds; the fields match the zone's wall clock, and wall times a
    /// daylight-saving change skips or repeats fire as ``CronExpression`` describes. The search
    /// jumps field by field (to the next matching month, day, hour, minute, second) on integer
    /// calendar arithmetic and reads the zone's offset about five times: about 0.3 µs in a
    /// release build, most of it in `TimeZone.secondsFromGMT(for:)`. An expression that never
    /// fires (`0 0 0 30 2 *`) returns nil after looking 400 years ahead, in about 20 µs.
    /// - Parameters:
    ///   - date: The time to look after (a fire time at exactly `date` is not returned).
    ///   - zone: The zone whose wall clock the fields match.
    /// - Returns: The fire time, or nil when the expression never fires.
    public func next(after date: Date, in zone: TimeZone) -> Date? {
        let time = date.timeIntervalSince1970
        // Beyond about ±3 million years the integer arithmetic would need care; nothing fires there.
        guard time.isFinite, abs(time) < 1e14 else { return nil }
        let clock = ZoneClock(zone: zone)
        let earliest = Int64(time.rounded(.down)) + 1
        // The wall time to search from: a gap that ends exactly at `earliest` counts, since its
        // skipped times fire when it ends.
        var wall = earliest + min(clock.offset(at: earliest - 1), clock.offset(at: earliest))
        while true {
            let from = WallTime(seconds: wall)
            guard let match = firstMatch(atOrAfter: from, throughYear: from.year + Self.searchYears) else { return nil }
            let instant = clock.firstInstant(showing: match.seconds)
            if instant >= earliest { return Date(timeIntervalSince1970: TimeInterval(instant)) }
            // `earliest` is in the second pass of a fall-back overlap and `match` is a repeated
            // time, which fired in the first pass: go on from the end of the overlap.
            let end = clock.change(after: instant, upTo: earliest) + clock.offset(at: instant)
            wall = max(match.seconds + 1, end)
        }
    }

    /// The next `count` fire times after `date`, in `zone`: fewer when the expression stops firing.
    /// - Parameters:
    ///   - date: The time to look after.
    ///   - count: How many fire times to return.
    ///   - zone: The zone whose wall clock the fields match.
    /// - Returns: The fire times, ascending.
    public func nextFireTimes(after date: Date, count: Int, in zone: TimeZone) -> [Date] {
        var times: [Date] = []
        var last = date
        while times.count < count, let time = next(after: last, in: zone) {
            times.append(time)
            last = time
        }
        return times
    }

    /// The first wall time at or after `start` that the fields match, looking no further than
    /// the end of `lastYear`.
    func firstMatch(atOrAfter start: WallTime, throughYear lastYear: Int) -> WallTime? {
        var time = start
        var monthDays: (year: Int, month: Int, days: UInt32) = (0, 0, 0)
        while time.year <= lastYear {
            guard let month = months.first(atLeast: time.month) else {
                time = WallTime(year: time.year + 1, month: 1, day: 1)
                continue
            }
            if month != time.month { time = WallTime(year: time.year, month: month, day: 1) }
            if monthDays.year != time.year || monthDays.month != time.month {
                monthDays = (time.year, time.month, days(year: time.year, month: time.month))
            }
            let candidates = monthDays.days & (UInt32.max << UInt32(time.day))
            guard candidates != 0 else {
                time = time.startOfNextMonth
                continue
            }
            let day = candidates.trailingZeroBitCount
            if day != time.day { time = WallTime(year: time.year, month: month, day: day) }
            guard let hour = hours.first(atLeast: time.hour) else {
                time = time.startOfNextDay
                continue
            }
            if hour != time.hour { (time.hour, time.minute, time.second) = (hour, 0, 0) }
            guard let minute = minutes.first(atLeast: time.minute) else {
                time = time.startOfNextHour
                continue
            }
            if minute != time.minute { (time.minute, time.second) = (minute, 0) }
            guard let second = seconds.first(atLeast: time.second) else {
                time = time.startOfNextMinute
                continue
            }
            time.second = second
            return time
        }
        return nil
    }
}
