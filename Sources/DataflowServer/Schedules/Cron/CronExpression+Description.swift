extension CronExpression {
    /// The expression in a normal form that parses back to an equal expression: six fields for
    /// Spring's form (macros spelled out), five for the Unix form; `?` as `*`; values as
    /// ascending single values, ranges of three or more (`8-10`) and steps where a set is an
    /// arithmetic progression of three or more (`*/15`, `0-30/10`); months and days of the week
    /// by name (`DEC`, `MON-FRI`, `FRIL`, `MON#1`).
    ///
    /// ```swift
    /// try CronExpression("0 0/15 8-10 * * *").description  // 0 */15 8-10 * * *
    /// try CronExpression("@weekly").description            // 0 0 0 * * SUN
    /// try CronExpression("0 0 0 25 12 ?").description      // 0 0 0 25 DEC *
    /// ```
    public var description: String {
        var fields: [String] = []
        if form == .spring { fields.append(Self.text(seconds, field: .second)) }
        fields.append(Self.text(minutes, field: .minute))
        fields.append(Self.text(hours, field: .hour))
        fields.append(daysOfMonthText)
        fields.append(Self.text(months, field: .month))
        fields.append(daysOfWeekText)
        return fields.joined(separator: " ")
    }

    private var daysOfMonthText: String {
        var elements: [String] = []
        if !daysOfMonth.days.isEmpty {
            elements.append(Self.text(daysOfMonth.days, field: .dayOfMonth, restricted: daysOfMonthRestricted))
        }
        elements += daysOfMonth.fromLast.values.map { $0 == 0 ? "L" : "L-\($0)" }
        elements += daysOfMonth.nearestWeekday.values.map { "\($0)W" }
        if daysOfMonth.lastWeekday { elements.append("LW") }
        return elements.joined(separator: ",")
    }

    private var daysOfWeekText: String {
        let names = Field.dayOfWeek.names
        var elements: [String] = []
        if daysOfWeek.weekdays == CronBits(from: 0, through: 6) {
            elements.append(daysOfWeekRestricted ? "SUN-SAT" : "*")
        } else if !daysOfWeek.weekdays.isEmpty {
            elements.append(Self.runs(daysOfWeek.weekdays.values) { names[$0] })
        }
        elements += daysOfWeek.lastInMonth.values.map { "\(names[$0])L" }
        elements += daysOfWeek.nthInMonth.values.map { "\(names[$0 / 8])#\($0 % 8)" }
        return elements.joined(separator: ",")
    }

    /// The text of a field of numbers: `*`, a step, or runs.
    private static func text(_ bits: CronBits, field: Field, restricted: Bool = false) -> String {
        let range = field.values
        let name: (Int) -> String = field == .month ? { field.names[$0 - 1] } : { String($0) }
        let values = bits.values
        if values == Array(range) { return restricted ? "\(name(range.lowerBound))-\(name(range.upperBound))" : "*" }
        if values.count >= 3, let step = progression(values), step > 1 {
            let first = values[0]
            let last = values[values.count - 1]
            if last + step > range.upperBound { return first == range.lowerBound ? "*/\(step)" : "\(name(first))/\(step)" }
            return "\(name(first))-\(name(last))/\(step)"
        }
        return runs(values, name: name)
    }

    /// The common difference of `values`, if they are an arithmetic progression.
    private static func progression(_ values: [Int]) -> Int? {
        let step = values[1] - values[0]
        return zip(values, values.dropFirst()).allSatisfy({ $1 - $0 == step }) ? step : nil
    }

    /// Values as a list of single values and ranges of three or more consecutive values.
    private static func runs(_ values: [Int], name: (Int) -> String) -> String {
        var elements: [String] = []
        var index = 0
        while index < values.count {
            var end = index
            while end + 1 < values.count, values[end + 1] == values[end] + 1 { end += 1 }
            if end - index >= 2 {
                elements.append("\(name(values[index]))-\(name(values[end]))")
            } else {
                elements += values[index...end].map(name)
            }
            index = end + 1
        }
        return elements.joined(separator: ",")
    }
}
