import Foundation

/// A time zone's wall clock, read at whole-second instants (seconds since 1970 UTC), with the
/// rule cron uses for wall times a daylight-saving change skips or repeats: a wall time fires at
/// the first instant the clock shows it or a later time. A skipped time (in a spring-forward
/// gap) thus fires when the gap ends; a repeated time (in a fall-back overlap) fires at its
/// first occurrence.
///
/// Offsets come from `TimeZone.secondsFromGMT(for:)` (about 50 ns each on Linux); the rest is
/// integer arithmetic.
struct ZoneClock {
    /// The zone.
    let zone: TimeZone

    /// The zone's offset from UTC at `instant`, in seconds.
    func offset(at instant: Int64) -> Int64 {
        Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant))))
    }

    /// What the wall clock shows at `instant`, in seconds since 1970-01-01 00:00:00 on the clock.
    func wall(at instant: Int64) -> Int64 {
        instant + offset(at: instant)
    }

    /// The first instant at which the clock shows `wall` or a later time.
    ///
    /// Tries the offsets in force a day before and a day after (which bracket any change near
    /// `wall`): the first of them that puts the clock at `wall` gives the answer, and when
    /// neither does, `wall` is in a gap and the answer is the instant the gap ends.
    func firstInstant(showing wall: Int64) -> Int64 {
        let before = offset(at: wall - 86_400)
        let early = wall - before
        if offset(at: early) == before { return early }
        let after = offset(at: wall + 86_400)
        guard after != before else {
            // Two changes within two days (no zone has them today): search the whole window.
            return firstInstant(from: wall - 86_400, to: wall + 86_400) { $0 + offset(at: $0) >= wall }
        }
        let late = wall - after
        if offset(at: late) == after { return late }
        return firstInstant(from: min(early, late) - 1, to: max(early, late)) { $0 + offset(at: $0) >= wall }
    }

    /// The first instant after `start`, up to `end`, with another offset than at `start`.
    func change(after start: Int64, upTo end: Int64) -> Int64 {
        let initial = offset(at: start)
        return firstInstant(from: start, to: end) { offset(at: $0) != initial }
    }

    /// Binary search: the first instant in `lower + 1 ... upper` for which `reached` holds,
    /// `reached` being false before it and true from it on.
    private func firstInstant(from lower: Int64, to upper: Int64, where reached: (Int64) -> Bool) -> Int64 {
        var lower = lower
        var upper = upper
        while upper - lower > 1 {
            let middle = lower + (upper - lower) / 2
            if reached(middle) { upper = middle } else { lower = middle }
        }
        return upper
    }
}
