import DatabaseTestSupport
import Foundation
import Testing
@testable import DataflowServer

/// Our fire times against croniter's (Tests/Peers/cron_peer.py), an independent implementation,
/// for a few hundred random expressions from the subset both read alike, started at month ends,
/// around 28 and 29 February of leap and common years, and before both daylight-saving changes
/// in Berlin and New York.
///
/// What the two read differently is left out here and pinned by CronDaylightSavingTests and
/// CronDayRuleTests: Spring's day rule (croniter has only the Unix one), and the wall times a
/// change skips or repeats. croniter skips a gap's times when the hour field is `*` and fires
/// the second pass of an overlap; we fire both once. Expressions started before a change
/// therefore leave out the hour the change skips or repeats, and run through the change on
/// both sides of it.
@Suite("Cron expressions against croniter")
struct CronPeerTests {
    /// One comparison: an expression, a zone and a start.
    struct Case {
        let expression: String
        let fields: Int
        let zone: TimeZone
        let start: Int64
        /// A daylight-saving change within the first fire times, if the start was chosen before one.
        let change: Int64?

        var line: String { "\(zone.identifier)\t\(start)\t\(CronPeerTests.count)\t\(fields)\t\(expression)" }
    }

    static let count = 6

    /// The daylight-saving changes of 2026 and the local hour each skips or repeats: Berlin
    /// 29 March and 25 October at 01:00 UTC (02:00 to 03:00 skipped, then repeated), New York
    /// 8 March at 07:00 UTC (02:00 to 03:00 skipped) and 1 November at 06:00 UTC (01:00 to
    /// 02:00 repeated).
    static let changes: [(zone: String, instant: Int64, hour: Int)] = [
        ("Europe/Berlin", 1_774_746_000, 2), ("Europe/Berlin", 1_792_890_000, 2),
        ("America/New_York", 1_772_953_200, 2), ("America/New_York", 1_793_512_800, 1),
    ]

    /// Local starts at month ends and around the leap day (2028 is a leap year, 2026 and 2100 are not).
    static let localStarts: [DateComponents] = [
        DateComponents(year: 2026, month: 1, day: 31, hour: 23, minute: 59, second: 30),
        DateComponents(year: 2026, month: 4, day: 30, hour: 22, minute: 15),
        DateComponents(year: 2026, month: 12, day: 31, hour: 23, minute: 59, second: 59),
        DateComponents(year: 2026, month: 2, day: 28, hour: 23, minute: 58),
        DateComponents(year: 2028, month: 2, day: 28, hour: 23, minute: 58),
        DateComponents(year: 2028, month: 2, day: 29, hour: 23, minute: 59, second: 1),
        DateComponents(year: 2100, month: 2, day: 28, hour: 23),
    ]

    @Test("the changes used are the zones' changes")
    func changesAreReal() throws {
        for change in Self.changes {
            let zone = try #require(TimeZone(identifier: change.zone))
            let before = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(change.instant - 1)))
            let after = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(change.instant)))
            #expect(abs(before - after) == 3600, "\(change)")
        }
    }

    @Test("random five- and six-field expressions fire when croniter says")
    func randomExpressions() async throws {
        var generator = CronExpressionGenerator(seed: 20_261_207)
        var random = SeededGenerator(seed: 7)
        var cases: [Case] = []
        for index in 0..<450 {
            let change = index % 3 == 0 ? Self.changes.randomElement(using: &random)! : nil
            let fields = index % 3 == 2 ? 6 : 5
            let expression = fields == 5 ? generator.unix(avoiding: change?.hour) : generator.spring(avoiding: change?.hour)
            cases.append(try Self.start(expression, fields: fields, before: change.map { ($0.zone, $0.instant) }, &random))
        }
        let theirs = try await Self.croniter(cases)
        try #require(theirs.count == cases.count)
        var mismatches: [String] = []
        var crossings = 0
        for (example, their) in zip(cases, theirs) {
            let ours = try Self.ours(example)
            if ours != their { mismatches.append("\(example.line)\n  ours:     \(ours)\n  croniter: \(their)") }
            let times = ours.split(separator: " ").compactMap { Int64($0) }
            if let change = example.change, let last = times.last, last >= change { crossings += 1 }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(cases.count) differ:\n\(mismatches.prefix(10).joined(separator: "\n"))")
        // The comparison means something: many sequences run through a daylight-saving change.
        #expect(crossings >= 60, "only \(crossings) cases cross a daylight-saving change")
    }

    /// A case with a start from one to three hours before a daylight-saving change, or else at
    /// a month end or leap day in one of three zones.
    static func start(
        _ expression: String, fields: Int, before change: (zone: String, instant: Int64)?, _ random: inout SeededGenerator
    ) throws -> Case {
        if let change {
            let zone = try #require(TimeZone(identifier: change.zone))
            let start = change.instant - Int64.random(in: 1...10_800, using: &random)
            return Case(expression: expression, fields: fields, zone: zone, start: start, change: change.instant)
        }
        let zone = [CronTest.utc, CronTest.berlin, CronTest.newYork].randomElement(using: &random)!
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let date = try #require(calendar.date(from: localStarts.randomElement(using: &random)!))
        return Case(expression: expression, fields: fields, zone: zone, start: Int64(date.timeIntervalSince1970), change: nil)
    }

    /// Our fire times as the peer prints them: seconds since 1970, `end` when they run out.
    static func ours(_ example: Case) throws -> String {
        let start = Date(timeIntervalSince1970: TimeInterval(example.start))
        let times = try CronExpression(example.expression).nextFireTimes(after: start, count: count, in: example.zone)
        let text = times.map { String(Int64($0.timeIntervalSince1970)) }
        return (times.count < count ? text + ["end"] : text).joined(separator: " ")
    }

    /// croniter's fire times, one line per case.
    static func croniter(_ cases: [Case]) async throws -> [String] {
        try await withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("cases.tsv")
            try Data(cases.map { $0.line + "\n" }.joined().utf8).write(to: file)
            let process = try TestProcess("/usr/bin/env", ["python3", PythonPeer.script("cron_peer.py"), file.path], in: directory)
            let outcome = try await process.wait()
            guard outcome.status == 0 else { throw TestSetupError("cron_peer.py failed: \(outcome)") }
            return outcome.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        }
    }
}
