/// Parses one field of a cron expression: lists, ranges, steps and names, and Quartz's `L`,
/// `W` and `#` in the day fields, with errors that point at the offending part.
struct CronFieldParser {
    /// The expression the field is in, for errors.
    let expression: String
    /// Which field it is.
    let field: CronExpression.Field
    /// Which form the expression has (the day of the week's steps depend on it).
    let form: CronExpression.Form

    /// A field of numbers only: second, minute, hour, month.
    func bits(_ token: CronToken) throws(CronExpressionError) -> CronBits {
        var bits = CronBits()
        for element in try elements(token) { try insert(element, into: &bits) }
        return bits
    }

    /// The day-of-month field.
    func daysOfMonth(_ token: CronToken) throws(CronExpressionError) -> CronDaysOfMonth {
        var days = CronDaysOfMonth()
        for element in try elements(token) {
            let text = element.text.uppercased()
            if text == "L" {
                days.fromLast.insert(0)
            } else if text == "LW" {
                days.lastWeekday = true
            } else if text.hasPrefix("L-") {
                days.fromLast.insert(try ordinal(element.dropFirst(2), in: 1...30, of: element))
            } else if text.count > 1, text.hasSuffix("W") {
                days.nearestWeekday.insert(try value(element.dropLast(1), of: element))
            } else {
                try insert(element, into: &days.days)
            }
        }
        return days
    }

    /// The day-of-week field.
    func daysOfWeek(_ token: CronToken) throws(CronExpressionError) -> CronDaysOfWeek {
        var days = CronDaysOfWeek()
        for element in try elements(token) {
            if element.text.count > 1, element.text.uppercased().hasSuffix("L") {
                days.lastInMonth.insert(try value(element.dropLast(1), of: element) % 7)
            } else if let parts = element.cut("#") {
                let day = try value(parts.before, of: element) % 7
                days.nthInMonth.insert(day * 8 + (try ordinal(parts.after, in: 1...5, of: element)))
            } else {
                var weekdays = CronBits()
                try insert(element, into: &weekdays)
                if weekdays.contains(7) {
                    weekdays.remove(7)
                    weekdays.insert(0)
                }
                days.weekdays.formUnion(weekdays)
            }
        }
        return days
    }

    /// The field's comma-separated elements; `?` in a day field stands for `*`.
    private func elements(_ token: CronToken) throws(CronExpressionError) -> [CronToken] {
        if token.text == "?", field == .dayOfMonth || field == .dayOfWeek {
            return [CronToken(text: "*", position: token.position)]
        }
        let elements = token.split(",")
        if let empty = elements.first(where: { $0.text.isEmpty }) {
            throw error(
                .emptyElement, token, at: empty.position, accepted: "elements separated by single commas",
                "has an empty list element")
        }
        return elements
    }

    /// Adds what `*`, `a`, `a-b`, `*/n`, `a/n` or `a-b/n` allows.
    private func insert(_ element: CronToken, into bits: inout CronBits) throws(CronExpressionError) {
        let slash = element.cut("/")
        let base = slash?.before ?? element
        let step = if let slash { try self.step(slash.after, of: element) } else { 1 }
        let span = field.span(in: form)
        var lower: Int
        var upper: Int
        if base.text == "*" {
            (lower, upper) = (span.lowerBound, span.upperBound)
        } else if let range = base.cut("-") {
            lower = try value(range.before, of: base)
            upper = try value(range.after, of: base, rangeStart: lower)
            // Sunday as 7 starts a range at 0: SUN-SAT, 7-6.
            if field == .dayOfWeek, lower == 7, upper < 7 { lower = 0 }
            guard lower <= upper else {
                let accepted = "a-b with a <= b"
                throw error(.reversedRange, base, accepted: accepted, "is a range that ends before it starts (accepted: \(accepted))")
            }
        } else {
            lower = try value(base, of: element)
            upper = slash == nil ? lower : max(lower, span.upperBound)
        }
        bits.insert(from: lower, through: upper, step: step)
    }

    /// A number or name of the field.
    private func value(_ token: CronToken, of whole: CronToken, rangeStart: Int? = nil) throws(CronExpressionError) -> Int {
        if let number = token.number {
            guard field.values.contains(number) else {
                throw error(.outOfRange, token, accepted: rangeText(field.values), "is out of range \(rangeText(field.values))")
            }
            return number
        }
        if let value = field.value(named: token.text) {
            // SUN is 7 in Spring's form (which reads SUN-SAT as 0-6), and where it ends a range
            // starting on another day (FRI-SUN).
            let seven = form == .spring || (rangeStart ?? 0) > 0
            return field == .dayOfWeek && value == 0 && seven ? 7 : value
        }
        let quoted = token.text.isEmpty ? whole : token
        throw error(.invalidValue, quoted, accepted: field.accepted, "is not valid (accepted: \(field.accepted))")
    }

    /// The step after `/`.
    private func step(_ token: CronToken, of element: CronToken) throws(CronExpressionError) -> Int {
        guard let step = token.number, step >= 1 else {
            let accepted = "a whole number of 1 or more after /"
            throw error(.invalidStep, element, accepted: accepted, "has an invalid step (accepted: \(accepted))")
        }
        // A step past the field's span allows the start only; capping it keeps stride in range.
        return min(step, 100)
    }

    /// The number in `L-n` or `d#n`.
    private func ordinal(_ token: CronToken, in range: ClosedRange<Int>, of element: CronToken) throws(CronExpressionError) -> Int {
        guard let number = token.number else {
            throw error(.invalidValue, element, accepted: field.accepted, "is not valid (accepted: \(field.accepted))")
        }
        guard range.contains(number) else {
            throw error(.outOfRange, token, accepted: rangeText(range), "is out of range \(rangeText(range))")
        }
        return number
    }

    private func rangeText(_ range: ClosedRange<Int>) -> String { "\(range.lowerBound)-\(range.upperBound)" }

    private func error(
        _ code: CronExpressionError.Code, _ token: CronToken, at position: Int? = nil, accepted: String, _ problem: String
    ) -> CronExpressionError {
        CronExpressionError(
            code, in: expression, field: field, text: token.text, position: position ?? token.position, accepted: accepted,
            message: "\(field) field '\(token.text)' \(problem)")
    }
}
