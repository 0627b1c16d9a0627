import Foundation
import Testing
@testable import DataflowServer

/// An expression, a start and the fire times expected after it (UTC).
struct CronCase: CustomTestStringConvertible, Sendable {
    let expression: String
    let start: String
    let fires: [String]

    init(_ expression: String, after start: String, _ fires: [String]) {
        self.expression = expression
        self.start = start
        self.fires = fires
    }

    var testDescription: String { expression }

    /// The examples of Spring's `CronExpression` documentation.
    static let spring: [CronCase] = [
        CronCase("0 0 * * * *", after: "2026-01-01T10:30:00Z", ["2026-01-01T11:00:00Z", "2026-01-01T12:00:00Z"]),
        CronCase("*/10 * * * * *", after: "2026-01-01T10:00:05Z", ["2026-01-01T10:00:10Z", "2026-01-01T10:00:20Z"]),
        CronCase("0 0 8-10 * * *", after: "2026-01-01T08:00:00Z", ["2026-01-01T09:00:00Z", "2026-01-01T10:00:00Z", "2026-01-02T08:00:00Z"]),
        CronCase("0 0 6,19 * * *", after: "2026-01-01T12:00:00Z", ["2026-01-01T19:00:00Z", "2026-01-02T06:00:00Z"]),
        CronCase(
            "0 0/30 8-10 * * *", after: "2026-01-01T09:45:00Z",
            ["2026-01-01T10:00:00Z", "2026-01-01T10:30:00Z", "2026-01-02T08:00:00Z", "2026-01-02T08:30:00Z"]),
        // 2026-01-02 is a Friday.
        CronCase("0 0 9-17 * * MON-FRI", after: "2026-01-02T17:30:00Z", ["2026-01-05T09:00:00Z", "2026-01-05T10:00:00Z"]),
        CronCase("0 0 0 25 DEC ?", after: "2026-01-01T00:00:00Z", ["2026-12-25T00:00:00Z", "2027-12-25T00:00:00Z"]),
        CronCase("0 0 0 L * *", after: "2026-01-15T00:00:00Z", ["2026-01-31T00:00:00Z", "2026-02-28T00:00:00Z", "2026-03-31T00:00:00Z"]),
        CronCase("0 0 0 L * *", after: "2028-02-01T00:00:00Z", ["2028-02-29T00:00:00Z"]),
        CronCase("0 0 0 L-3 * *", after: "2026-01-01T00:00:00Z", ["2026-01-28T00:00:00Z", "2026-02-25T00:00:00Z", "2026-03-28T00:00:00Z"]),
        // 1 February and 1 March 2026 are Sundays, 1 August a Saturday.
        CronCase("0 0 0 1W * *", after: "2026-01-01T00:00:00Z", ["2026-02-02T00:00:00Z", "2026-03-02T00:00:00Z", "2026-04-01T00:00:00Z"]),
        CronCase("0 0 0 1W * *", after: "2026-07-02T00:00:00Z", ["2026-08-03T00:00:00Z"]),
        // 31 January 2026 is a Saturday, 28 February a Saturday, 31 May a Sunday.
        CronCase("0 0 0 LW * *", after: "2026-01-01T00:00:00Z", ["2026-01-30T00:00:00Z", "2026-02-27T00:00:00Z", "2026-03-31T00:00:00Z"]),
        CronCase("0 0 0 LW * *", after: "2026-05-01T00:00:00Z", ["2026-05-29T00:00:00Z"]),
        CronCase("0 0 0 * * 5L", after: "2026-01-01T00:00:00Z", ["2026-01-30T00:00:00Z", "2026-02-27T00:00:00Z", "2026-03-27T00:00:00Z"]),
        CronCase("0 0 0 ? * 5#2", after: "2026-01-01T00:00:00Z", ["2026-01-09T00:00:00Z", "2026-02-13T00:00:00Z", "2026-03-13T00:00:00Z"]),
        CronCase("0 0 0 ? * MON#1", after: "2026-01-01T00:00:00Z", ["2026-01-05T00:00:00Z", "2026-02-02T00:00:00Z", "2026-03-02T00:00:00Z"]),
        // Two of Spring's own test cases.
        CronCase("3-57 13-28 17,18 1,15 3-12 6#1", after: "2022-09-15T17:44:11Z", ["2022-10-01T17:13:03Z"]),
        CronCase("*/28 56 22 */6 * *", after: "2022-02-27T08:00:42Z", ["2022-03-01T22:56:00Z"]),
    ]

    /// One case per construct.
    static let constructs: [CronCase] = [
        CronCase("5/20 * * * * *", after: "2026-01-01T00:00:00Z", ["2026-01-01T00:00:05Z", "2026-01-01T00:00:25Z", "2026-01-01T00:00:45Z"]),
        CronCase("0 10-40/15 * * * *", after: "2026-01-01T00:00:00Z", ["2026-01-01T00:10:00Z", "2026-01-01T00:25:00Z", "2026-01-01T00:40:00Z"]),
        CronCase("0 0 1,3-4,*/12 * * *", after: "2026-01-01T00:00:00Z", ["2026-01-01T01:00:00Z", "2026-01-01T03:00:00Z", "2026-01-01T04:00:00Z", "2026-01-01T12:00:00Z"]),
        CronCase("0 0 0 1 jan-Mar/2 *", after: "2026-01-01T00:00:00Z", ["2026-03-01T00:00:00Z", "2027-01-01T00:00:00Z"]),
        CronCase("0 0 0 * * sat,sun", after: "2026-01-01T00:00:00Z", ["2026-01-03T00:00:00Z", "2026-01-04T00:00:00Z", "2026-01-10T00:00:00Z"]),
        CronCase("0 0 0 * * 0", after: "2026-01-01T00:00:00Z", ["2026-01-04T00:00:00Z"]),
        CronCase("0 0 0 * * 7", after: "2026-01-01T00:00:00Z", ["2026-01-04T00:00:00Z"]),
        CronCase("0 0 0 * * FRI-SUN", after: "2026-01-01T00:00:00Z", ["2026-01-02T00:00:00Z", "2026-01-03T00:00:00Z", "2026-01-04T00:00:00Z"]),
        CronCase("0 0 0 * * SUN-MON", after: "2026-01-01T00:00:00Z", ["2026-01-04T00:00:00Z", "2026-01-05T00:00:00Z", "2026-01-11T00:00:00Z"]),
        // Spring steps the day of the week from Monday (1) to Sunday (7); Unix cron from Sunday (0) to Saturday (6).
        CronCase("0 0 0 * * */3", after: "2026-01-01T00:00:00Z", ["2026-01-04T00:00:00Z", "2026-01-05T00:00:00Z", "2026-01-08T00:00:00Z"]),
        CronCase("0 0 * * */3", after: "2026-01-01T00:00:00Z", ["2026-01-03T00:00:00Z", "2026-01-04T00:00:00Z", "2026-01-07T00:00:00Z"]),
        CronCase("0 0 0 15W * *", after: "2026-02-01T00:00:00Z", ["2026-02-16T00:00:00Z", "2026-03-16T00:00:00Z", "2026-04-15T00:00:00Z"]),
        // The nearest weekday never leaves the month: Sunday 31 May 2026 gives Friday the 29th.
        CronCase("0 0 0 31W * *", after: "2026-05-01T00:00:00Z", ["2026-05-29T00:00:00Z", "2026-07-31T00:00:00Z"]),
        CronCase("0 0 0 L,15 * *", after: "2026-02-01T00:00:00Z", ["2026-02-15T00:00:00Z", "2026-02-28T00:00:00Z", "2026-03-15T00:00:00Z"]),
        CronCase("0 0 0 ? * FRIL", after: "2026-01-01T00:00:00Z", ["2026-01-30T00:00:00Z"]),
        CronCase("0 0 0 ? * 0L,1#5", after: "2026-03-01T00:00:00Z", ["2026-03-29T00:00:00Z", "2026-03-30T00:00:00Z", "2026-04-26T00:00:00Z"]),
        CronCase("  0   0  12 * * *  ", after: "2026-01-01T00:00:00Z", ["2026-01-01T12:00:00Z"]),
        CronCase("0\t0\t12\t*\t*\t*", after: "2026-01-01T00:00:00Z", ["2026-01-01T12:00:00Z"]),
        CronCase("*/61 0 0 * * *", after: "2026-01-01T00:00:00Z", ["2026-01-02T00:00:00Z"]),
        CronCase("30 2 * * *", after: "2026-01-01T00:00:00Z", ["2026-01-01T02:30:00Z", "2026-01-02T02:30:00Z"]),
        // Leap days: 2100 is not a leap year.
        CronCase("0 0 0 29 2 *", after: "2026-01-01T00:00:00Z", ["2028-02-29T00:00:00Z", "2032-02-29T00:00:00Z"]),
        CronCase("0 0 0 29 2 *", after: "2096-02-29T00:00:00Z", ["2104-02-29T00:00:00Z"]),
        CronCase("0 0 0 29 2 MON", after: "2016-02-29T00:00:00Z", ["2044-02-29T00:00:00Z"]),
        CronCase("59 59 23 31 12 *", after: "2026-12-31T23:59:58Z", ["2026-12-31T23:59:59Z", "2027-12-31T23:59:59Z"]),
    ]

    /// Spring's macros.
    static let macros: [CronCase] = [
        CronCase("@yearly", after: "2026-03-01T00:00:00Z", ["2027-01-01T00:00:00Z"]),
        CronCase("@annually", after: "2026-03-01T00:00:00Z", ["2027-01-01T00:00:00Z"]),
        CronCase("@monthly", after: "2026-03-01T00:00:00Z", ["2026-04-01T00:00:00Z"]),
        CronCase("@weekly", after: "2026-01-01T00:00:00Z", ["2026-01-04T00:00:00Z", "2026-01-11T00:00:00Z"]),
        CronCase("@daily", after: "2026-01-01T10:00:00Z", ["2026-01-02T00:00:00Z"]),
        CronCase("@midnight", after: "2026-01-01T10:00:00Z", ["2026-01-02T00:00:00Z"]),
        CronCase("@hourly", after: "2026-01-01T10:00:00Z", ["2026-01-01T11:00:00Z"]),
        CronCase(" @Daily ", after: "2026-01-01T10:00:00Z", ["2026-01-02T00:00:00Z"]),
    ]
}

@Suite("Cron expressions")
struct CronExpressionTests {
    @Test("Spring's documented examples", arguments: CronCase.spring)
    func spring(_ example: CronCase) throws {
        #expect(try CronTest.fires(example.expression, after: example.start, count: example.fires.count) == example.fires)
    }

    @Test("each construct", arguments: CronCase.constructs)
    func construct(_ example: CronCase) throws {
        #expect(try CronTest.fires(example.expression, after: example.start, count: example.fires.count) == example.fires)
    }

    @Test("macros", arguments: CronCase.macros)
    func macro(_ example: CronCase) throws {
        #expect(try CronTest.fires(example.expression, after: example.start, count: example.fires.count) == example.fires)
    }

    @Test("the next fire time is strictly after the start, and sub-second starts round up")
    func strictlyAfter() throws {
        #expect(try CronTest.fires("0 0 12 * * *", after: "2026-01-01T12:00:00Z", count: 1) == ["2026-01-02T12:00:00Z"])
        #expect(try CronTest.fires("* * * * * *", after: "2026-01-01T12:00:00.250Z", count: 2) == ["2026-01-01T12:00:01Z", "2026-01-01T12:00:02Z"])
        #expect(try CronTest.fires("* * * * * *", after: "1969-12-31T23:59:59.500Z", count: 1) == ["1970-01-01T00:00:00Z"])
    }

    @Test("an expression that never fires returns nil, and no fire times")
    func neverFires() throws {
        for text in ["0 0 0 30 2 *", "0 0 0 31 4,6,9,11 *", "0 0 0 L-30 2 *", "0 0 30 2 *", "0 0 0 30W 2 *"] {
            let expression = try CronExpression(text)
            #expect(expression.next(after: CronTest.instant("2026-01-01T00:00:00Z"), in: CronTest.utc) == nil, "\(text)")
            #expect(expression.nextFireTimes(after: CronTest.instant("2026-01-01T00:00:00Z"), count: 3, in: CronTest.utc).isEmpty)
        }
    }

    @Test("the form follows the field count; macros are Spring's")
    func forms() throws {
        #expect(try CronExpression("0 0 * * * *").form == .spring)
        #expect(try CronExpression("0 * * * *").form == .unix)
        #expect(try CronExpression("@hourly").form == .spring)
    }
}
