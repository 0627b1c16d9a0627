import Foundation
import Testing
@testable import DataflowServer

/// Which days fire when both the day of the month and the day of the week are given: Spring's
/// six fields require both, the Unix five fields either (when neither is `*` or `?`).
@Suite("Cron day-of-month and day-of-week rules")
struct CronDayRuleTests {
    @Test("six fields: a day must match both (Friday the 13th)")
    func springRequiresBoth() throws {
        #expect(
            try CronTest.fires("0 0 0 13 * FRI", after: "2026-01-01T00:00:00Z")
                == ["2026-02-13T00:00:00Z", "2026-03-13T00:00:00Z", "2026-11-13T00:00:00Z"])
    }

    @Test("five fields: a day matches if either matches (every 13th and every Friday)")
    func unixAcceptsEither() throws {
        #expect(
            try CronTest.fires("0 0 13 * FRI", after: "2026-01-01T00:00:00Z", count: 4)
                == ["2026-01-02T00:00:00Z", "2026-01-09T00:00:00Z", "2026-01-13T00:00:00Z", "2026-01-16T00:00:00Z"])
    }

    @Test("five fields: with one day field * or ?, the other one alone decides")
    func unixOneRestricted() throws {
        let fridays = ["2026-01-02T00:00:00Z", "2026-01-09T00:00:00Z", "2026-01-16T00:00:00Z"]
        #expect(try CronTest.fires("0 0 * * FRI", after: "2026-01-01T00:00:00Z") == fridays)
        #expect(try CronTest.fires("0 0 ? * FRI", after: "2026-01-01T00:00:00Z") == fridays)
        let thirteenths = ["2026-01-13T00:00:00Z", "2026-02-13T00:00:00Z", "2026-03-13T00:00:00Z"]
        #expect(try CronTest.fires("0 0 13 * *", after: "2026-01-01T00:00:00Z") == thirteenths)
        #expect(try CronTest.fires("0 0 13 * ?", after: "2026-01-01T00:00:00Z") == thirteenths)
    }

    @Test("five fields: a step or a full range restricts the day as written (POSIX, Kubernetes)")
    func unixWrittenRestriction() throws {
        // */10 is days 1, 11, 21, 31; with Mondays (5, 12, 19, 26 January 2026) either fires.
        #expect(
            try CronTest.fires("0 0 */10 * MON", after: "2026-01-01T00:00:00Z", count: 5)
                == ["2026-01-05T00:00:00Z", "2026-01-11T00:00:00Z", "2026-01-12T00:00:00Z", "2026-01-19T00:00:00Z", "2026-01-21T00:00:00Z"])
        // 1-31 restricts too: every day matches.
        #expect(
            try CronTest.fires("0 0 1-31 * MON", after: "2026-01-01T00:00:00Z")
                == ["2026-01-02T00:00:00Z", "2026-01-03T00:00:00Z", "2026-01-04T00:00:00Z"])
        // In the six-field form the same fields give Mondays only.
        #expect(
            try CronTest.fires("0 0 0 1-31 * MON", after: "2026-01-01T00:00:00Z")
                == ["2026-01-05T00:00:00Z", "2026-01-12T00:00:00Z", "2026-01-19T00:00:00Z"])
    }

    @Test("five fields: Quartz's constructs take part in the either rule")
    func unixQuartzEither() throws {
        // The last day of the month, or the second Monday.
        #expect(
            try CronTest.fires("0 0 L * MON#2", after: "2026-01-01T00:00:00Z", count: 4)
                == ["2026-01-12T00:00:00Z", "2026-01-31T00:00:00Z", "2026-02-09T00:00:00Z", "2026-02-28T00:00:00Z"])
    }

    @Test("the two forms are different expressions, even with the same fields")
    func formsDiffer() throws {
        #expect(try CronExpression("0 0 13 * FRI") != CronExpression("0 0 0 13 * FRI"))
        #expect(try CronExpression("0 0 * * FRI") != CronExpression("0 0 0 * * FRI"))
        #expect(try CronExpression("0 0 13 * FRI") == CronExpression("0 0 13 * 5"))
        #expect(try CronExpression("0 0 0 13 * FRI") == CronExpression("0 0 0 13 * 5"))
    }
}
