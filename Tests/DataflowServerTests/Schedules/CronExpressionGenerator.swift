import DatabaseTestSupport
@testable import DataflowServer

/// Random cron expressions (seeded, so a failure reproduces), by default from the subset
/// croniter shares with Spring and Unix cron: values, ranges, steps, lists and names, with the
/// day fields restricted so that both implementations read the day rule alike.
struct CronExpressionGenerator {
    private var random: SeededGenerator
    /// Whether to add Quartz's `L`, `W` and `#` to the day fields (croniter reads them differently).
    var quartz = false

    init(seed: UInt64) { random = SeededGenerator(seed: seed) }

    static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    static let days = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]

    /// Five fields. When both day fields are restricted, a day matches either (the Unix rule,
    /// croniter's too). A day-of-week field allowing every day is written `*` or `?` only:
    /// croniter takes `0-6` for `*`. With `avoiding`, the hours leave that hour out.
    mutating func unix(avoiding hour: Int? = nil) -> String {
        let dom = chance(0.5) ? star() : daysOfMonth()
        return [
            field(0...59, star: 0.3), hours(avoiding: hour), dom, field(1...12, star: 0.7, names: Self.months),
            chance(0.5) ? star() : daysOfWeek(steps: true),
        ].joined(separator: " ")
    }

    /// Six fields, seconds first. At most one day field is restricted (Spring requires both,
    /// croniter either); the day of the week has no `*/n` or `a/n` (Spring steps it from Monday,
    /// croniter from Sunday). With `avoiding`, the hours leave that hour out.
    mutating func spring(avoiding hour: Int? = nil) -> String {
        let restricted = Int.random(in: 0...2, using: &random)
        return [
            field(0...59, star: 0.3), field(0...59, star: 0.3), hours(avoiding: hour), restricted == 1 ? daysOfMonth() : star(),
            field(1...12, star: 0.7, names: Self.months), restricted == 2 ? daysOfWeek(steps: false) : star(),
        ].joined(separator: " ")
    }

    /// An hour field, without `hour` if given: the hour a daylight-saving change skips or
    /// repeats, where croniter's rules are not ours.
    private mutating func hours(avoiding hour: Int?) -> String {
        while true {
            let text = field(0...23, star: hour == nil ? 0.4 : 0)
            guard let hour else { return text }
            if let parsed = try? CronExpression("0 \(text) * * *"), !parsed.hours.contains(hour) { return text }
        }
    }

    private mutating func chance(_ probability: Double) -> Bool { Double.random(in: 0..<1, using: &random) < probability }

    private mutating func star() -> String { chance(0.8) ? "*" : "?" }

    private mutating func daysOfMonth() -> String {
        var text = field(1...31, star: 0)
        if quartz, chance(0.3) { text += "," + ["L", "L-2", "15W", "1W", "LW", "31W"].randomElement(using: &random)! }
        return text
    }

    private mutating func daysOfWeek(steps: Bool) -> String {
        while true {
            var elements: [String] = []
            for _ in 0..<Int.random(in: 1...2, using: &random) {
                switch Int.random(in: 0...(steps ? 4 : 2), using: &random) {
                case 0:
                    let day = Int.random(in: 0...7, using: &random)
                    elements.append(day < 7 && chance(0.4) ? Self.cased(Self.days[day], &random) : String(day))
                case 1:
                    let start = Int.random(in: 1...5, using: &random)
                    let end = Int.random(in: start + 1...6, using: &random)
                    let names = "\(Self.cased(Self.days[start], &random))-\(Self.cased(Self.days[end], &random))"
                    elements.append(chance(0.4) ? names : "\(start)-\(end)")
                case 2: elements.append("\(Int.random(in: 0...2, using: &random))-\(Int.random(in: 4...7, using: &random))/2")
                case 3: elements.append("*/\(Int.random(in: 2...3, using: &random))")
                default: elements.append("\(Int.random(in: 1...3, using: &random))/\(Int.random(in: 2...3, using: &random))")
                }
            }
            if quartz, chance(0.3) { elements.append(["5L", "FRIL", "MON#1", "2#3", "0#5"].randomElement(using: &random)!) }
            let text = elements.joined(separator: ",")
            // A field that allows every day is not written out (croniter would read it as `*`).
            let everyDay = (try? CronExpression("0 0 * * \(text)"))?.daysOfWeek.isEveryDay ?? false
            if quartz || !everyDay { return text }
        }
    }

    /// A field of numbers: `*`, or a list of one to three values, ranges and steps.
    private mutating func field(_ range: ClosedRange<Int>, star: Double, names: [String] = []) -> String {
        if chance(star) { return "*" }
        let span = range.upperBound - range.lowerBound
        func value(_ number: Int, _ random: inout SeededGenerator) -> String {
            names.isEmpty || Double.random(in: 0..<1, using: &random) < 0.6 ? String(number) : Self.cased(names[number - 1], &random)
        }
        var elements: [String] = []
        for _ in 0..<Int.random(in: 1...3, using: &random) {
            let start = Int.random(in: range.lowerBound..<range.upperBound, using: &random)
            let end = Int.random(in: start + 1...range.upperBound, using: &random)
            let step = Int.random(in: 2...max(2, span / 3), using: &random)
            // No `a-a/n`: croniter reads it as `*/n`.
            switch Int.random(in: 0...4, using: &random) {
            case 0: elements.append(value(start, &random))
            case 1: elements.append("\(value(start, &random))-\(value(end, &random))")
            case 2: elements.append("*/\(step)")
            case 3: elements.append("\(value(start, &random))/\(step)")
            default: elements.append("\(value(start, &random))-\(value(end, &random))/\(step)")
            }
        }
        return elements.joined(separator: ",")
    }

    /// The name in lower, upper or title case.
    private static func cased(_ name: String, _ random: inout SeededGenerator) -> String {
        switch Int.random(in: 0...2, using: &random) {
        case 0: name
        case 1: name.uppercased()
        default: name.prefix(1).uppercased() + name.dropFirst()
        }
    }
}
