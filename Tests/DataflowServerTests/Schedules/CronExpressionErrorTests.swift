import Database
import Testing
@testable import DataflowServer

/// A text that fails, with the code, field, quoted part and position expected.
struct CronErrorCase: CustomTestStringConvertible, Sendable {
    let expression: String
    let code: CronExpressionError.Code
    let field: CronExpression.Field?
    let text: String
    let position: Int

    init(_ expression: String, _ code: CronExpressionError.Code, _ field: CronExpression.Field?, _ text: String, at position: Int) {
        self.expression = expression
        self.code = code
        self.field = field
        self.text = text
        self.position = position
    }

    var testDescription: String { "\(code) \(expression.debugDescription)" }

    static let all: [CronErrorCase] = [
        CronErrorCase("60 * * * * *", .outOfRange, .second, "60", at: 1),
        CronErrorCase("0 61 * * * *", .outOfRange, .minute, "61", at: 3),
        CronErrorCase("0 0 24 * * *", .outOfRange, .hour, "24", at: 5),
        CronErrorCase("0 0 0 32 * *", .outOfRange, .dayOfMonth, "32", at: 7),
        CronErrorCase("0 0 0 0 * *", .outOfRange, .dayOfMonth, "0", at: 7),
        CronErrorCase("0 0 0 * 13 *", .outOfRange, .month, "13", at: 9),
        CronErrorCase("0 0 0 * * 8", .outOfRange, .dayOfWeek, "8", at: 11),
        CronErrorCase("0 1,5,99 * * * *", .outOfRange, .minute, "99", at: 7),
        CronErrorCase("0 0 1-25 * * *", .outOfRange, .hour, "25", at: 7),
        CronErrorCase("0 0 0 * * 99999999999", .outOfRange, .dayOfWeek, "99999999999", at: 11),
        CronErrorCase("61 * * * *", .outOfRange, .minute, "61", at: 1),
        CronErrorCase("  0 61 * * * *", .outOfRange, .minute, "61", at: 5),
        CronErrorCase("0 0 0 L-0 * *", .outOfRange, .dayOfMonth, "0", at: 9),
        CronErrorCase("0 0 0 L-31 * *", .outOfRange, .dayOfMonth, "31", at: 9),
        CronErrorCase("0 0 0 32W * *", .outOfRange, .dayOfMonth, "32", at: 7),
        CronErrorCase("0 0 0 * * MON#6", .outOfRange, .dayOfWeek, "6", at: 15),
        CronErrorCase("0 0 0 * * 1#0", .outOfRange, .dayOfWeek, "0", at: 13),
        CronErrorCase("0 0 0 * * 8L", .outOfRange, .dayOfWeek, "8", at: 11),
        CronErrorCase("0 0 0 * FOO *", .invalidValue, .month, "FOO", at: 9),
        CronErrorCase("0 0 0 * * MONDAY", .invalidValue, .dayOfWeek, "MONDAY", at: 11),
        CronErrorCase("0 0 0 * * L", .invalidValue, .dayOfWeek, "L", at: 11),
        CronErrorCase("0 0 0 * * #2", .invalidValue, .dayOfWeek, "#2", at: 11),
        CronErrorCase("0 0 0 * * MON#", .invalidValue, .dayOfWeek, "MON#", at: 11),
        CronErrorCase("0 0 0 * * -1", .invalidValue, .dayOfWeek, "-1", at: 11),
        CronErrorCase("0 0 0 L-x * *", .invalidValue, .dayOfMonth, "L-x", at: 7),
        CronErrorCase("0 0 0 LX * *", .invalidValue, .dayOfMonth, "LX", at: 7),
        CronErrorCase("0 0 0 JAN * *", .invalidValue, .dayOfMonth, "JAN", at: 7),
        CronErrorCase("0 0 ? * * *", .invalidValue, .hour, "?", at: 5),
        CronErrorCase("0 0 0 ?,1 * *", .invalidValue, .dayOfMonth, "?", at: 7),
        CronErrorCase("0 0 1x * * *", .invalidValue, .hour, "1x", at: 5),
        CronErrorCase("0 0 +1 * * *", .invalidValue, .hour, "+1", at: 5),
        CronErrorCase("0 0 ５ * * *", .invalidValue, .hour, "５", at: 5),
        CronErrorCase("0 0 *-5 * * *", .invalidValue, .hour, "*", at: 5),
        CronErrorCase("0 10-8 * * * *", .reversedRange, .minute, "10-8", at: 3),
        CronErrorCase("0 0 0 * DEC-JAN *", .reversedRange, .month, "DEC-JAN", at: 9),
        CronErrorCase("0 0 0 * * SAT-MON", .reversedRange, .dayOfWeek, "SAT-MON", at: 11),
        CronErrorCase("0 */0 * * * *", .invalidStep, .minute, "*/0", at: 3),
        CronErrorCase("0 1-5/x * * * *", .invalidStep, .minute, "1-5/x", at: 3),
        CronErrorCase("0 5/ * * * *", .invalidStep, .minute, "5/", at: 3),
        CronErrorCase("0 */2/3 * * * *", .invalidStep, .minute, "*/2/3", at: 3),
        CronErrorCase("0 1,,2 * * * *", .emptyElement, .minute, "1,,2", at: 5),
        CronErrorCase("0 1, * * * *", .emptyElement, .minute, "1,", at: 5),
        CronErrorCase(",1 * * * * *", .emptyElement, .second, ",1", at: 1),
        CronErrorCase("@often", .unknownMacro, nil, "@often", at: 1),
        CronErrorCase("  @reboot", .unknownMacro, nil, "@reboot", at: 3),
        CronErrorCase("0 0 0 * * * 2026", .fieldCount, nil, "2026", at: 13),
        CronErrorCase("* * * *", .fieldCount, nil, "", at: 8),
        CronErrorCase("", .fieldCount, nil, "", at: 1),
        CronErrorCase("@daily 0", .fieldCount, nil, "", at: 9),
    ]
}

@Suite("Cron expression errors")
struct CronExpressionErrorTests {
    @Test("each error has its code, field, part and position", arguments: CronErrorCase.all)
    func error(_ example: CronErrorCase) throws {
        let error = try #require(CronTest.error(example.expression))
        #expect(error.code == example.code)
        #expect(error.field == example.field)
        #expect(error.text == example.text)
        #expect(error.position == example.position)
        #expect(error.expression == example.expression)
        #expect(!error.accepted.isEmpty)
        #expect(error.description == "cron expression '\(example.expression)': \(error.message) (position \(example.position))")
    }

    @Test("messages say what is wrong and what is accepted")
    func messages() throws {
        let messages = [
            "0 61 * * * *": "cron expression '0 61 * * * *': minute field '61' is out of range 0-59 (position 3)",
            "0 0 0 * * 8": "cron expression '0 0 0 * * 8': day-of-week field '8' is out of range 0-7 (position 11)",
            "0 0 0 * * MON#6": "cron expression '0 0 0 * * MON#6': day-of-week field '6' is out of range 1-5 (position 15)",
            "0 10-8 * * * *":
                "cron expression '0 10-8 * * * *': minute field '10-8' is a range that ends before it starts (accepted: a-b with a <= b) (position 3)",
            "0 */0 * * * *":
                "cron expression '0 */0 * * * *': minute field '*/0' has an invalid step (accepted: a whole number of 1 or more after /) (position 3)",
            "0 0 0 * FOO *":
                "cron expression '0 0 0 * FOO *': month field 'FOO' is not valid (accepted: 1-12, JAN-DEC, *, a-b, a,b, */n, a/n, a-b/n) (position 9)",
            "@often":
                "cron expression '@often': '@often' is not a macro (accepted: @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly) (position 1)",
            "* * * *":
                "cron expression '* * * *': has 4 fields (accepted: 6 fields (second minute hour day-of-month month day-of-week), "
                + "5 fields (minute hour day-of-month month day-of-week) or a macro such as @daily) (position 8)",
        ]
        for (expression, message) in messages {
            #expect(CronTest.error(expression)?.description == message)
        }
    }

    @Test("a bad expression is bad input for the edges (HTTP 400)")
    func category() throws {
        let error = try #require(CronTest.error("0 61 * * * *"))
        #expect(error.category == .badInput)
        #expect(ErrorText.describe(error) == error.description)
    }
}
