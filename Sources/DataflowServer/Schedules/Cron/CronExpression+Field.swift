extension CronExpression {
    /// One of the fields of a cron expression, in the order they are written.
    public enum Field: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
        /// Seconds, 0-59 (the six-field form only; the five-field form fires at second 0).
        case second
        /// Minutes, 0-59.
        case minute
        /// Hours, 0-23.
        case hour
        /// Days of the month, 1-31, `L`, `L-n`, `nW`, `LW`.
        case dayOfMonth = "day-of-month"
        /// Months, 1-12 or `JAN`-`DEC`.
        case month
        /// Days of the week, 0-7 (0 and 7 are Sunday) or `SUN`-`SAT`, `dL`, `d#n`.
        case dayOfWeek = "day-of-week"

        /// The name used in messages, for example `day-of-month`.
        public var description: String { rawValue }

        /// The numbers the field accepts.
        var values: ClosedRange<Int> {
            switch self {
            case .second, .minute: 0...59
            case .hour: 0...23
            case .dayOfMonth: 1...31
            case .month: 1...12
            case .dayOfWeek: 0...7
            }
        }

        /// What `*` and `a/n` run over. Only the day of the week differs between the forms:
        /// Spring counts Monday 1 to Sunday 7 (so `*/2` is Monday, Wednesday, Friday, Sunday),
        /// Unix cron Sunday 0 to Saturday 6 (so `*/2` is Sunday, Tuesday, Thursday, Saturday).
        func span(in form: Form) -> ClosedRange<Int> {
            guard self == .dayOfWeek else { return values }
            return form == .spring ? 1...7 : 0...6
        }

        /// The names the field accepts, in value order from its first name's value.
        var names: [String] {
            switch self {
            case .month: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
            case .dayOfWeek: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]
            default: []
            }
        }

        /// The value of a name (case-insensitive), if the field has it.
        func value(named name: String) -> Int? {
            guard let index = names.firstIndex(of: name.uppercased()) else { return nil }
            return self == .month ? index + 1 : index
        }

        /// What an element of the field may be, for messages.
        var accepted: String {
            let lists = "*, a-b, a,b, */n, a/n, a-b/n"
            return switch self {
            case .second, .minute: "0-59, \(lists)"
            case .hour: "0-23, \(lists)"
            case .dayOfMonth: "1-31, \(lists), ?, L, L-n, nW, LW"
            case .month: "1-12, JAN-DEC, \(lists)"
            case .dayOfWeek: "0-7 (0 and 7 are Sunday), SUN-SAT, \(lists), ?, dL, d#n"
            }
        }
    }
}
