import Foundation
import Testing
@testable import DataflowServer

/// The documented daylight-saving rules: a wall time skipped by a spring-forward gap fires when
/// the gap ends; a wall time repeated by a fall-back overlap fires once, at its first occurrence.
/// Berlin: 29 March 2026 02:00 CET → 03:00 CEST, 25 October 2026 03:00 CEST → 02:00 CET.
/// New York: 8 March 2026 02:00 EST → 03:00 EDT, 1 November 2026 02:00 EDT → 01:00 EST.
@Suite("Cron and daylight saving")
struct CronDaylightSavingTests {
    let berlin = CronTest.berlin
    let newYork = CronTest.newYork

    @Test("a skipped time fires when the gap ends, then at its wall time again")
    func gap() throws {
        #expect(
            try CronTest.fires("0 30 2 * * *", after: "2026-03-28T12:00:00+01:00", in: berlin)
                == ["2026-03-29T03:00:00+02:00", "2026-03-30T02:30:00+02:00", "2026-03-31T02:30:00+02:00"])
        #expect(
            try CronTest.fires("30 2 * * *", after: "2026-03-07T12:00:00-05:00", count: 2, in: newYork)
                == ["2026-03-08T03:00:00-04:00", "2026-03-09T02:30:00-04:00"])
    }

    @Test("a skipped time with seconds fires at the first instant after the gap, not at those seconds")
    func gapSeconds() throws {
        #expect(try CronTest.fires("15 30 2 * * *", after: "2026-03-28T12:00:00+01:00", count: 1, in: berlin) == ["2026-03-29T03:00:00+02:00"])
    }

    @Test("the gap's times fire once together, without repeating the gap's end")
    func gapTogether() throws {
        #expect(
            try CronTest.fires("0 */15 * * * *", after: "2026-03-29T01:40:00+01:00", count: 3, in: berlin)
                == ["2026-03-29T01:45:00+01:00", "2026-03-29T03:00:00+02:00", "2026-03-29T03:15:00+02:00"])
    }

    @Test("the gap counts from the last second before it, and not from its end")
    func gapEdges() throws {
        #expect(try CronTest.fires("0 30 2 * * *", after: "2026-03-29T01:59:59+01:00", count: 1, in: berlin) == ["2026-03-29T03:00:00+02:00"])
        #expect(try CronTest.fires("0 30 2 * * *", after: "2026-03-29T03:00:00+02:00", count: 1, in: berlin) == ["2026-03-30T02:30:00+02:00"])
    }

    @Test("Spring skips a time in the gap (its test: 02:10 on 31 March 2013 fires 1 April); we fire at 03:00")
    func gapUnlikeSpring() throws {
        let amsterdam = try #require(TimeZone(identifier: "Europe/Amsterdam"))
        #expect(try CronTest.fires("0 10 2 * * *", after: "2013-03-31T01:09:00+01:00", count: 2, in: amsterdam)
            == ["2013-03-31T03:00:00+02:00", "2013-04-01T02:10:00+02:00"])
    }

    @Test("a half-hour gap (Lord Howe Island) ends at 02:30")
    func halfHourGap() throws {
        let lordHowe = try #require(TimeZone(identifier: "Australia/Lord_Howe"))
        #expect(
            try CronTest.fires("0 15 2 * * *", after: "2026-10-03T12:00:00+10:30", count: 2, in: lordHowe)
                == ["2026-10-04T02:30:00+11:00", "2026-10-05T02:15:00+11:00"])
    }

    @Test("a repeated time fires once, at its first occurrence")
    func overlap() throws {
        #expect(
            try CronTest.fires("0 30 2 * * *", after: "2026-10-24T12:00:00+02:00", in: berlin)
                == ["2026-10-25T02:30:00+02:00", "2026-10-26T02:30:00+01:00", "2026-10-27T02:30:00+01:00"])
        #expect(
            try CronTest.fires("30 1 * * *", after: "2026-10-31T12:00:00-04:00", count: 2, in: newYork)
                == ["2026-11-01T01:30:00-04:00", "2026-11-02T01:30:00-05:00"])
    }

    @Test("the second pass through the repeated hour fires nothing")
    func overlapSecondPass() throws {
        #expect(
            try CronTest.fires("0 0 * * * *", after: "2026-10-25T01:30:00+02:00", count: 3, in: berlin)
                == ["2026-10-25T02:00:00+02:00", "2026-10-25T03:00:00+01:00", "2026-10-25T04:00:00+01:00"])
        #expect(
            try CronTest.fires("0 */20 * * * *", after: "2026-10-25T02:30:00+02:00", count: 3, in: berlin)
                == ["2026-10-25T02:40:00+02:00", "2026-10-25T03:00:00+01:00", "2026-10-25T03:20:00+01:00"])
    }

    @Test("a start in the second pass goes on after the overlap")
    func startInSecondPass() throws {
        #expect(
            try CronTest.fires("0 */15 * * * *", after: "2026-10-25T02:10:00+01:00", count: 2, in: berlin)
                == ["2026-10-25T03:00:00+01:00", "2026-10-25T03:15:00+01:00"])
        #expect(try CronTest.fires("* * * * * *", after: "2026-10-25T02:59:59+01:00", count: 1, in: berlin) == ["2026-10-25T03:00:00+01:00"])
        #expect(try CronTest.fires("* * * * * *", after: "2026-10-25T02:00:00+01:00", count: 1, in: berlin) == ["2026-10-25T03:00:00+01:00"])
    }

    @Test("every second through the fall-back: the first pass, then on after the overlap")
    func everySecondAcrossOverlap() throws {
        let times = try CronTest.fires("* * * * * *", after: "2026-10-25T02:59:58+02:00", count: 3, in: berlin)
        #expect(times == ["2026-10-25T02:59:59+02:00", "2026-10-25T03:00:00+01:00", "2026-10-25T03:00:01+01:00"])
    }

    @Test("a daily time keeps its wall time across both changes (Spring's test)")
    func wallTimeKept() throws {
        #expect(try CronTest.fires("0 0 9 * * *", after: "2026-03-28T09:00:00+01:00", count: 1, in: berlin) == ["2026-03-29T09:00:00+02:00"])
        #expect(try CronTest.fires("0 0 9 * * *", after: "2026-10-24T09:00:00+02:00", count: 1, in: berlin) == ["2026-10-25T09:00:00+01:00"])
    }
}
