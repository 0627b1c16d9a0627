/// Parses a cron expression's text: a macro, or five or six whitespace-separated fields.
struct CronParser {
    /// Spring's macros and the six-field expressions they stand for.
    static let macros: KeyValuePairs<String, String> = [
        "@yearly": "0 0 0 1 1 *", "@annually": "0 0 0 1 1 *", "@monthly": "0 0 0 1 * *", "@weekly": "0 0 0 * * 0",
        "@daily": "0 0 0 * * *", "@midnight": "0 0 0 * * *", "@hourly": "0 0 * * * *",
    ]

    /// The text to parse.
    let expression: String

    /// The expression the text stands for.
    func parse() throws(CronExpressionError) -> CronExpression {
        let words = CronToken.words(of: expression)
        if words.count == 1, words[0].text.hasPrefix("@") { return try macro(words[0]) }
        let form: CronExpression.Form
        switch words.count {
        case 6: form = .spring
        case 5: form = .unix
        default: throw fieldCountError(words)
        }
        let fields = form == .spring ? words : [CronToken(text: "0", position: 1)] + words
        func parser(_ field: CronExpression.Field) -> CronFieldParser {
            CronFieldParser(expression: expression, field: field, form: form)
        }
        // A Unix day field restricts the day unless it is written `*` or `?` (as POSIX,
        // Vixie cron and Kubernetes' cron library read it); Spring requires both fields anyway.
        let unrestricted = ["*", "?"]
        return CronExpression(
            form: form,
            seconds: try parser(.second).bits(fields[0]),
            minutes: try parser(.minute).bits(fields[1]),
            hours: try parser(.hour).bits(fields[2]),
            daysOfMonth: try parser(.dayOfMonth).daysOfMonth(fields[3]),
            months: try parser(.month).bits(fields[4]),
            daysOfWeek: try parser(.dayOfWeek).daysOfWeek(fields[5]),
            daysOfMonthRestricted: form == .unix && !unrestricted.contains(fields[3].text),
            daysOfWeekRestricted: form == .unix && !unrestricted.contains(fields[5].text)
        )
    }

    private func macro(_ word: CronToken) throws(CronExpressionError) -> CronExpression {
        guard let expansion = Self.macros.first(where: { $0.key == word.text.lowercased() })?.value else {
            let accepted = Self.macros.map(\.key).joined(separator: ", ")
            throw CronExpressionError(
                .unknownMacro, in: expression, field: nil, text: word.text, position: word.position, accepted: accepted,
                message: "'\(word.text)' is not a macro (accepted: \(accepted))")
        }
        return try CronParser(expression: expansion).parse()
    }

    private func fieldCountError(_ words: [CronToken]) -> CronExpressionError {
        let accepted = "6 fields (second minute hour day-of-month month day-of-week), "
            + "5 fields (minute hour day-of-month month day-of-week) or a macro such as @daily"
        let extra = words.count > 6 ? words[6] : nil
        return CronExpressionError(
            .fieldCount, in: expression, field: nil, text: extra?.text ?? "", position: extra?.position ?? expression.count + 1,
            accepted: accepted, message: "has \(words.count) field\(words.count == 1 ? "" : "s") (accepted: \(accepted))")
    }
}
