import Foundation
import Testing
@testable import timestamp_task

/// `JavaDateFormat` against Java 17. Every expected string below was printed by a throwaway
/// Java program (not part of the repository) running
/// `DateTimeFormatter.ofPattern(pattern, Locale.US).format(ZonedDateTime.ofInstant(instant, ZoneId.of(zone)))`
/// on OpenJDK 17.0.15, and every rejected pattern is one `ofPattern` throws for.
@Suite struct JavaDateFormatTests {
    /// The instants of the test vectors: seconds since 1970 and microseconds, as Java printed them.
    static let instants: [(seconds: Int, micros: Int)] = [
        (0, 0),  // 0: 1970-01-01T00:00:00Z
        (1795628703, 123456),  // 1: 2026-11-25T17:45:03.123456Z
        (1709251199, 999999),  // 2: 2024-02-29T23:59:59.999999Z
        (1735646400, 0),  // 3: 2024-12-31T12:00:00Z
        (1609502400, 0),  // 4: 2021-01-01T12:00:00Z
        (1798759800, 0),  // 5: 2026-12-31T23:30:00Z
        (-62135596800, 0),  // 6: 0001-01-01T00:00:00Z
        (327417667750, 500000),  // 7: +12345-06-15T08:09:10.500Z
        (-63549316800, 0),  // 8: -0044-03-15T12:00:00Z
        (1782043200, 0),  // 9: 2026-06-21T12:00:00Z
        (-451737734400, 0),  // 10: -12345-01-01T00:00:00Z
    ]

    /// The `Date` of `instants[index]`, built the way a `Date` stores it (seconds since 2001 in a `Double`).
    static func date(_ index: Int) -> Date {
        let (seconds, micros) = instants[index]
        return Date(timeIntervalSinceReferenceDate: Double(seconds - 978_307_200) + Double(micros) / 1_000_000)
    }

    static func zone(_ identifier: String) throws -> TimeZone {
        try #require(TimeZone(identifier: identifier), "no time zone \(identifier)")
    }

    /// Checks that `pattern` formats `instants[indices[i]]` in `zone` as `expected[i]`.
    static func check(_ pattern: String, in zone: String, at indices: [Int], _ expected: [String]) throws {
        let format = try JavaDateFormat(pattern: pattern)
        let timeZone = try Self.zone(zone)
        try #require(indices.count == expected.count)
        for (index, want) in zip(indices, expected) {
            #expect(format.format(date(index), timeZone: timeZone) == want, "\(pattern) at instant \(index) in \(zone)")
        }
    }

    /// The default `--format`, at every instant in every zone.
    static let defaultPattern: [(zone: String, expected: [String])] = [
        ("Etc/UTC", [
            "1970-01-01 00:00:00.000", "2026-11-25 17:45:03.123", "2024-02-29 23:59:59.999",
            "2024-12-31 12:00:00.000", "2021-01-01 12:00:00.000", "2026-12-31 23:30:00.000",
            "0001-01-01 00:00:00.000", "+12345-06-15 08:09:10.500", "0045-03-15 12:00:00.000",
            "2026-06-21 12:00:00.000", "+12346-01-01 00:00:00.000",
        ]),
        ("Europe/Paris", [
            "1970-01-01 01:00:00.000", "2026-11-25 18:45:03.123", "2024-03-01 00:59:59.999",
            "2024-12-31 13:00:00.000", "2021-01-01 13:00:00.000", "2027-01-01 00:30:00.000",
            "0001-01-01 00:09:21.000", "+12345-06-15 10:09:10.500", "0045-03-15 12:09:21.000",
            "2026-06-21 14:00:00.000", "+12346-01-01 00:09:21.000",
        ]),
        ("America/Los_Angeles", [
            "1969-12-31 16:00:00.000", "2026-11-25 09:45:03.123", "2024-02-29 15:59:59.999",
            "2024-12-31 04:00:00.000", "2021-01-01 04:00:00.000", "2026-12-31 15:30:00.000",
            "0001-12-31 16:07:02.000", "+12345-06-15 01:09:10.500", "0045-03-15 04:07:02.000",
            "2026-06-21 05:00:00.000", "+12347-12-31 16:07:02.000",
        ]),
        ("Asia/Kolkata", [
            "1970-01-01 05:30:00.000", "2026-11-25 23:15:03.123", "2024-03-01 05:29:59.999",
            "2024-12-31 17:30:00.000", "2021-01-01 17:30:00.000", "2027-01-01 05:00:00.000",
            "0001-01-01 05:53:28.000", "+12345-06-15 13:39:10.500", "0045-03-15 17:53:28.000",
            "2026-06-21 17:30:00.000", "+12346-01-01 05:53:28.000",
        ]),
        ("Pacific/Chatham", [
            "1970-01-01 12:45:00.000", "2026-11-26 07:30:03.123", "2024-03-01 13:44:59.999",
            "2025-01-01 01:45:00.000", "2021-01-02 01:45:00.000", "2027-01-01 13:15:00.000",
            "0001-01-01 12:13:48.000", "+12345-06-15 20:54:10.500", "0045-03-16 00:13:48.000",
            "2026-06-22 00:45:00.000", "+12346-01-01 12:13:48.000",
        ]),
    ]

    @Test func defaultPatternInEveryZone() throws {
        for (zone, expected) in Self.defaultPattern {
            try Self.check("yyyy-MM-dd HH:mm:ss.SSS", in: zone, at: Array(Self.instants.indices), expected)
        }
    }

    @Test func defaultTimeZoneIsCurrent() throws {
        let format = try JavaDateFormat(pattern: "yyyy-MM-dd HH:mm:ss.SSS XXX VV")
        #expect(format.format(Self.date(1)) == format.format(Self.date(1), timeZone: .current))
    }

    /// ISO 8601-like patterns at instants [0, 1, 2, 5, 6, 7, 8, 9].
    static let isoPatterns: [(pattern: String, zone: String, expected: [String])] = [
        ("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", "Etc/UTC", [
            "1970-01-01T00:00:00.000Z", "2026-11-25T17:45:03.123Z", "2024-02-29T23:59:59.999Z",
            "2026-12-31T23:30:00.000Z", "0001-01-01T00:00:00.000Z", "+12345-06-15T08:09:10.500Z",
            "0045-03-15T12:00:00.000Z", "2026-06-21T12:00:00.000Z",
        ]),
        ("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", "Europe/Paris", [
            "1970-01-01T01:00:00.000+01:00", "2026-11-25T18:45:03.123+01:00", "2024-03-01T00:59:59.999+01:00",
            "2027-01-01T00:30:00.000+01:00", "0001-01-01T00:09:21.000+00:09", "+12345-06-15T10:09:10.500+02:00",
            "0045-03-15T12:09:21.000+00:09", "2026-06-21T14:00:00.000+02:00",
        ]),
        ("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", "America/Los_Angeles", [
            "1969-12-31T16:00:00.000-08:00", "2026-11-25T09:45:03.123-08:00", "2024-02-29T15:59:59.999-08:00",
            "2026-12-31T15:30:00.000-08:00", "0001-12-31T16:07:02.000-07:52", "+12345-06-15T01:09:10.500-07:00",
            "0045-03-15T04:07:02.000-07:52", "2026-06-21T05:00:00.000-07:00",
        ]),
        ("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", "Asia/Kolkata", [
            "1970-01-01T05:30:00.000+05:30", "2026-11-25T23:15:03.123+05:30", "2024-03-01T05:29:59.999+05:30",
            "2027-01-01T05:00:00.000+05:30", "0001-01-01T05:53:28.000+05:53", "+12345-06-15T13:39:10.500+05:30",
            "0045-03-15T17:53:28.000+05:53", "2026-06-21T17:30:00.000+05:30",
        ]),
        ("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", "Pacific/Chatham", [
            "1970-01-01T12:45:00.000+12:45", "2026-11-26T07:30:03.123+13:45", "2024-03-01T13:44:59.999+13:45",
            "2027-01-01T13:15:00.000+13:45", "0001-01-01T12:13:48.000+12:13", "+12345-06-15T20:54:10.500+12:45",
            "0045-03-16T00:13:48.000+12:13", "2026-06-22T00:45:00.000+12:45",
        ]),
        ("uuuu-MM-dd'T'HH:mm:ss.SSSSSSxxx", "Etc/UTC", [
            "1970-01-01T00:00:00.000000+00:00", "2026-11-25T17:45:03.123456+00:00",
            "2024-02-29T23:59:59.999999+00:00", "2026-12-31T23:30:00.000000+00:00",
            "0001-01-01T00:00:00.000000+00:00", "+12345-06-15T08:09:10.500000+00:00",
            "-0044-03-15T12:00:00.000000+00:00", "2026-06-21T12:00:00.000000+00:00",
        ]),
        ("uuuu-MM-dd'T'HH:mm:ss.SSSSSSxxx", "Europe/Paris", [
            "1970-01-01T01:00:00.000000+01:00", "2026-11-25T18:45:03.123456+01:00",
            "2024-03-01T00:59:59.999999+01:00", "2027-01-01T00:30:00.000000+01:00",
            "0001-01-01T00:09:21.000000+00:09", "+12345-06-15T10:09:10.500000+02:00",
            "-0044-03-15T12:09:21.000000+00:09", "2026-06-21T14:00:00.000000+02:00",
        ]),
        ("uuuu-MM-dd'T'HH:mm:ss.SSSSSSxxx", "America/Los_Angeles", [
            "1969-12-31T16:00:00.000000-08:00", "2026-11-25T09:45:03.123456-08:00",
            "2024-02-29T15:59:59.999999-08:00", "2026-12-31T15:30:00.000000-08:00",
            "0000-12-31T16:07:02.000000-07:52", "+12345-06-15T01:09:10.500000-07:00",
            "-0044-03-15T04:07:02.000000-07:52", "2026-06-21T05:00:00.000000-07:00",
        ]),
        ("uuuu-MM-dd'T'HH:mm:ss.SSSSSSxxx", "Asia/Kolkata", [
            "1970-01-01T05:30:00.000000+05:30", "2026-11-25T23:15:03.123456+05:30",
            "2024-03-01T05:29:59.999999+05:30", "2027-01-01T05:00:00.000000+05:30",
            "0001-01-01T05:53:28.000000+05:53", "+12345-06-15T13:39:10.500000+05:30",
            "-0044-03-15T17:53:28.000000+05:53", "2026-06-21T17:30:00.000000+05:30",
        ]),
        ("uuuu-MM-dd'T'HH:mm:ss.SSSSSSxxx", "Pacific/Chatham", [
            "1970-01-01T12:45:00.000000+12:45", "2026-11-26T07:30:03.123456+13:45",
            "2024-03-01T13:44:59.999999+13:45", "2027-01-01T13:15:00.000000+13:45",
            "0001-01-01T12:13:48.000000+12:13", "+12345-06-15T20:54:10.500000+12:45",
            "-0044-03-16T00:13:48.000000+12:13", "2026-06-22T00:45:00.000000+12:45",
        ]),
        ("yyyy-MM-dd'T'HH:mm:ssZ", "Etc/UTC", [
            "1970-01-01T00:00:00+0000", "2026-11-25T17:45:03+0000", "2024-02-29T23:59:59+0000",
            "2026-12-31T23:30:00+0000", "0001-01-01T00:00:00+0000", "+12345-06-15T08:09:10+0000",
            "0045-03-15T12:00:00+0000", "2026-06-21T12:00:00+0000",
        ]),
        ("yyyy-MM-dd'T'HH:mm:ssZ", "Europe/Paris", [
            "1970-01-01T01:00:00+0100", "2026-11-25T18:45:03+0100", "2024-03-01T00:59:59+0100",
            "2027-01-01T00:30:00+0100", "0001-01-01T00:09:21+0009", "+12345-06-15T10:09:10+0200",
            "0045-03-15T12:09:21+0009", "2026-06-21T14:00:00+0200",
        ]),
        ("yyyy-MM-dd'T'HH:mm:ssZ", "America/Los_Angeles", [
            "1969-12-31T16:00:00-0800", "2026-11-25T09:45:03-0800", "2024-02-29T15:59:59-0800",
            "2026-12-31T15:30:00-0800", "0001-12-31T16:07:02-0752", "+12345-06-15T01:09:10-0700",
            "0045-03-15T04:07:02-0752", "2026-06-21T05:00:00-0700",
        ]),
        ("yyyy-MM-dd'T'HH:mm:ssZ", "Asia/Kolkata", [
            "1970-01-01T05:30:00+0530", "2026-11-25T23:15:03+0530", "2024-03-01T05:29:59+0530",
            "2027-01-01T05:00:00+0530", "0001-01-01T05:53:28+0553", "+12345-06-15T13:39:10+0530",
            "0045-03-15T17:53:28+0553", "2026-06-21T17:30:00+0530",
        ]),
        ("yyyy-MM-dd'T'HH:mm:ssZ", "Pacific/Chatham", [
            "1970-01-01T12:45:00+1245", "2026-11-26T07:30:03+1345", "2024-03-01T13:44:59+1345",
            "2027-01-01T13:15:00+1345", "0001-01-01T12:13:48+1213", "+12345-06-15T20:54:10+1245",
            "0045-03-16T00:13:48+1213", "2026-06-22T00:45:00+1245",
        ]),
        ("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSSXXXXX'['VV']'", "Etc/UTC", [
            "1970-01-01T00:00:00.000000000Z[Etc/UTC]", "2026-11-25T17:45:03.123456000Z[Etc/UTC]",
            "2024-02-29T23:59:59.999999000Z[Etc/UTC]", "2026-12-31T23:30:00.000000000Z[Etc/UTC]",
            "0001-01-01T00:00:00.000000000Z[Etc/UTC]", "+12345-06-15T08:09:10.500000000Z[Etc/UTC]",
            "-0044-03-15T12:00:00.000000000Z[Etc/UTC]", "2026-06-21T12:00:00.000000000Z[Etc/UTC]",
        ]),
        ("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSSXXXXX'['VV']'", "Europe/Paris", [
            "1970-01-01T01:00:00.000000000+01:00[Europe/Paris]", "2026-11-25T18:45:03.123456000+01:00[Europe/Paris]",
            "2024-03-01T00:59:59.999999000+01:00[Europe/Paris]", "2027-01-01T00:30:00.000000000+01:00[Europe/Paris]",
            "0001-01-01T00:09:21.000000000+00:09:21[Europe/Paris]",
            "+12345-06-15T10:09:10.500000000+02:00[Europe/Paris]",
            "-0044-03-15T12:09:21.000000000+00:09:21[Europe/Paris]",
            "2026-06-21T14:00:00.000000000+02:00[Europe/Paris]",
        ]),
        ("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSSXXXXX'['VV']'", "America/Los_Angeles", [
            "1969-12-31T16:00:00.000000000-08:00[America/Los_Angeles]",
            "2026-11-25T09:45:03.123456000-08:00[America/Los_Angeles]",
            "2024-02-29T15:59:59.999999000-08:00[America/Los_Angeles]",
            "2026-12-31T15:30:00.000000000-08:00[America/Los_Angeles]",
            "0000-12-31T16:07:02.000000000-07:52:58[America/Los_Angeles]",
            "+12345-06-15T01:09:10.500000000-07:00[America/Los_Angeles]",
            "-0044-03-15T04:07:02.000000000-07:52:58[America/Los_Angeles]",
            "2026-06-21T05:00:00.000000000-07:00[America/Los_Angeles]",
        ]),
        ("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSSXXXXX'['VV']'", "Asia/Kolkata", [
            "1970-01-01T05:30:00.000000000+05:30[Asia/Kolkata]", "2026-11-25T23:15:03.123456000+05:30[Asia/Kolkata]",
            "2024-03-01T05:29:59.999999000+05:30[Asia/Kolkata]", "2027-01-01T05:00:00.000000000+05:30[Asia/Kolkata]",
            "0001-01-01T05:53:28.000000000+05:53:28[Asia/Kolkata]",
            "+12345-06-15T13:39:10.500000000+05:30[Asia/Kolkata]",
            "-0044-03-15T17:53:28.000000000+05:53:28[Asia/Kolkata]",
            "2026-06-21T17:30:00.000000000+05:30[Asia/Kolkata]",
        ]),
        ("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSSXXXXX'['VV']'", "Pacific/Chatham", [
            "1970-01-01T12:45:00.000000000+12:45[Pacific/Chatham]",
            "2026-11-26T07:30:03.123456000+13:45[Pacific/Chatham]",
            "2024-03-01T13:44:59.999999000+13:45[Pacific/Chatham]",
            "2027-01-01T13:15:00.000000000+13:45[Pacific/Chatham]",
            "0001-01-01T12:13:48.000000000+12:13:48[Pacific/Chatham]",
            "+12345-06-15T20:54:10.500000000+12:45[Pacific/Chatham]",
            "-0044-03-16T00:13:48.000000000+12:13:48[Pacific/Chatham]",
            "2026-06-22T00:45:00.000000000+12:45[Pacific/Chatham]",
        ]),
    ]

    @Test func isoPatterns() throws {
        for (pattern, zone, expected) in Self.isoPatterns {
            try Self.check(pattern, in: zone, at: [0, 1, 2, 5, 6, 7, 8, 9], expected)
        }
    }

    /// Every supported letter at every width Java accepts, at every instant in Etc/UTC.
    static let letters: [(pattern: String, expected: [String])] = [
        ("G|GG|GGG|GGGG|GGGGG", [
            "AD|AD|AD|Anno Domini|A", "AD|AD|AD|Anno Domini|A", "AD|AD|AD|Anno Domini|A", "AD|AD|AD|Anno Domini|A",
            "AD|AD|AD|Anno Domini|A", "AD|AD|AD|Anno Domini|A", "AD|AD|AD|Anno Domini|A", "AD|AD|AD|Anno Domini|A",
            "BC|BC|BC|Before Christ|B", "AD|AD|AD|Anno Domini|A", "BC|BC|BC|Before Christ|B",
        ]),
        ("u|uu|uuu|uuuu|uuuuu|uuuuuuuuuuuuuuuuuuu", [
            "1970|70|1970|1970|01970|0000000000000001970", "2026|26|2026|2026|02026|0000000000000002026",
            "2024|24|2024|2024|02024|0000000000000002024", "2024|24|2024|2024|02024|0000000000000002024",
            "2021|21|2021|2021|02021|0000000000000002021", "2026|26|2026|2026|02026|0000000000000002026",
            "1|01|001|0001|00001|0000000000000000001", "12345|45|12345|+12345|12345|0000000000000012345",
            "-44|44|-044|-0044|-00044|-0000000000000000044", "2026|26|2026|2026|02026|0000000000000002026",
            "-12345|45|-12345|-12345|-12345|-0000000000000012345",
        ]),
        ("y|yy|yyy|yyyy|yyyyy|yyyyyy", [
            "1970|70|1970|1970|01970|001970", "2026|26|2026|2026|02026|002026", "2024|24|2024|2024|02024|002024",
            "2024|24|2024|2024|02024|002024", "2021|21|2021|2021|02021|002021", "2026|26|2026|2026|02026|002026",
            "1|01|001|0001|00001|000001", "12345|45|12345|+12345|12345|012345", "45|45|045|0045|00045|000045",
            "2026|26|2026|2026|02026|002026", "12346|46|12346|+12346|12346|012346",
        ]),
        ("Y|YY|YYY|YYYY|YYYYY", [
            "1970|70|1970|1970|01970", "2026|26|2026|2026|02026", "2024|24|2024|2024|02024",
            "2025|25|2025|2025|02025", "2021|21|2021|2021|02021", "2027|27|2027|2027|02027", "1|01|001|0001|00001",
            "12345|45|12345|+12345|12345", "-44|44|-044|-0044|-00044", "2026|26|2026|2026|02026",
            "-12345|45|-12345|-12345|-12345",
        ]),
        ("YYYYYYYYYYYYYYYYYYYY", [
            "00000000000000001970", "00000000000000002026", "00000000000000002024", "00000000000000002025",
            "00000000000000002021", "00000000000000002027", "00000000000000000001", "00000000000000012345",
            "-00000000000000000044", "00000000000000002026", "-00000000000000012345",
        ]),
        ("Q|QQ|QQQ|QQQQ|QQQQQ", [
            "1|01|Q1|1st quarter|1", "4|04|Q4|4th quarter|4", "1|01|Q1|1st quarter|1", "4|04|Q4|4th quarter|4",
            "1|01|Q1|1st quarter|1", "4|04|Q4|4th quarter|4", "1|01|Q1|1st quarter|1", "2|02|Q2|2nd quarter|2",
            "1|01|Q1|1st quarter|1", "2|02|Q2|2nd quarter|2", "1|01|Q1|1st quarter|1",
        ]),
        ("q|qq|qqq|qqqq|qqqqq", [
            "1|01|Q1|1st quarter|1", "4|04|Q4|4th quarter|4", "1|01|Q1|1st quarter|1", "4|04|Q4|4th quarter|4",
            "1|01|Q1|1st quarter|1", "4|04|Q4|4th quarter|4", "1|01|Q1|1st quarter|1", "2|02|Q2|2nd quarter|2",
            "1|01|Q1|1st quarter|1", "2|02|Q2|2nd quarter|2", "1|01|Q1|1st quarter|1",
        ]),
        ("M|MM|MMM|MMMM|MMMMM", [
            "1|01|Jan|January|J", "11|11|Nov|November|N", "2|02|Feb|February|F", "12|12|Dec|December|D",
            "1|01|Jan|January|J", "12|12|Dec|December|D", "1|01|Jan|January|J", "6|06|Jun|June|J", "3|03|Mar|March|M",
            "6|06|Jun|June|J", "1|01|Jan|January|J",
        ]),
        ("L|LL|LLL|LLLL|LLLLL", [
            "1|01|Jan|January|J", "11|11|Nov|November|N", "2|02|Feb|February|F", "12|12|Dec|December|D",
            "1|01|Jan|January|J", "12|12|Dec|December|D", "1|01|Jan|January|J", "6|06|Jun|June|J", "3|03|Mar|March|M",
            "6|06|Jun|June|J", "1|01|Jan|January|J",
        ]),
        ("w|ww|W|F", [
            "1|01|1|1", "48|48|4|4", "9|09|5|1", "1|01|5|3", "1|01|1|1", "1|01|5|3", "1|01|1|1", "24|24|3|1",
            "11|11|3|1", "26|26|4|7", "1|01|1|1",
        ]),
        ("D|DD|DDD", [
            "1|01|001", "329|329|329", "60|60|060", "366|366|366", "1|01|001", "365|365|365", "1|01|001",
            "166|166|166", "75|75|075", "172|172|172", "1|01|001",
        ]),
        ("d|dd", [
            "1|01", "25|25", "29|29", "31|31", "1|01", "31|31", "1|01", "15|15", "15|15", "21|21", "1|01",
        ]),
        ("g|ggggggg", [
            "40587|0040587", "61369|0061369", "60369|0060369", "60675|0060675", "59215|0059215", "61405|0061405",
            "-678575|-0678575", "3830143|3830143", "-694938|-0694938", "61212|0061212", "-5187859|-5187859",
        ]),
        ("E|EE|EEE|EEEE|EEEEE", [
            "Thu|Thu|Thu|Thursday|T", "Wed|Wed|Wed|Wednesday|W", "Thu|Thu|Thu|Thursday|T", "Tue|Tue|Tue|Tuesday|T",
            "Fri|Fri|Fri|Friday|F", "Thu|Thu|Thu|Thursday|T", "Mon|Mon|Mon|Monday|M", "Fri|Fri|Fri|Friday|F",
            "Thu|Thu|Thu|Thursday|T", "Sun|Sun|Sun|Sunday|S", "Fri|Fri|Fri|Friday|F",
        ]),
        ("e|ee|eee|eeee|eeeee", [
            "5|05|Thu|Thursday|T", "4|04|Wed|Wednesday|W", "5|05|Thu|Thursday|T", "3|03|Tue|Tuesday|T",
            "6|06|Fri|Friday|F", "5|05|Thu|Thursday|T", "2|02|Mon|Monday|M", "6|06|Fri|Friday|F",
            "5|05|Thu|Thursday|T", "1|01|Sun|Sunday|S", "6|06|Fri|Friday|F",
        ]),
        ("c|ccc|cccc|ccccc", [
            "5|Thu|Thursday|T", "4|Wed|Wednesday|W", "5|Thu|Thursday|T", "3|Tue|Tuesday|T", "6|Fri|Friday|F",
            "5|Thu|Thursday|T", "2|Mon|Monday|M", "6|Fri|Friday|F", "5|Thu|Thursday|T", "1|Sun|Sunday|S",
            "6|Fri|Friday|F",
        ]),
        ("a|B|BBBB|BBBBB", [
            "AM|midnight|midnight|mi", "PM|in the afternoon|in the afternoon|in the afternoon",
            "PM|at night|at night|at night", "PM|noon|noon|n", "PM|noon|noon|n", "PM|at night|at night|at night",
            "AM|midnight|midnight|mi", "AM|in the morning|in the morning|in the morning", "PM|noon|noon|n",
            "PM|noon|noon|n", "AM|midnight|midnight|mi",
        ]),
        ("h|hh|K|KK|k|kk|H|HH", [
            "12|12|0|00|24|24|0|00", "5|05|5|05|17|17|17|17", "11|11|11|11|23|23|23|23", "12|12|0|00|12|12|12|12",
            "12|12|0|00|12|12|12|12", "11|11|11|11|23|23|23|23", "12|12|0|00|24|24|0|00", "8|08|8|08|8|08|8|08",
            "12|12|0|00|12|12|12|12", "12|12|0|00|12|12|12|12", "12|12|0|00|24|24|0|00",
        ]),
        ("m|mm|s|ss", [
            "0|00|0|00", "45|45|3|03", "59|59|59|59", "0|00|0|00", "0|00|0|00", "30|30|0|00", "0|00|0|00",
            "9|09|10|10", "0|00|0|00", "0|00|0|00", "0|00|0|00",
        ]),
        ("S|SS|SSS|SSSS|SSSSS|SSSSSS|SSSSSSS|SSSSSSSS|SSSSSSSSS", [
            "0|00|000|0000|00000|000000|0000000|00000000|000000000",
            "1|12|123|1234|12345|123456|1234560|12345600|123456000",
            "9|99|999|9999|99999|999999|9999990|99999900|999999000",
            "0|00|000|0000|00000|000000|0000000|00000000|000000000",
            "0|00|000|0000|00000|000000|0000000|00000000|000000000",
            "0|00|000|0000|00000|000000|0000000|00000000|000000000",
            "0|00|000|0000|00000|000000|0000000|00000000|000000000",
            "5|50|500|5000|50000|500000|5000000|50000000|500000000",
            "0|00|000|0000|00000|000000|0000000|00000000|000000000",
            "0|00|000|0000|00000|000000|0000000|00000000|000000000",
            "0|00|000|0000|00000|000000|0000000|00000000|000000000",
        ]),
        ("n|nnnnnnnnn|nnnnnnnnnnn", [
            "0|000000000|00000000000", "123456000|123456000|00123456000", "999999000|999999000|00999999000",
            "0|000000000|00000000000", "0|000000000|00000000000", "0|000000000|00000000000",
            "0|000000000|00000000000", "500000000|500000000|00500000000", "0|000000000|00000000000",
            "0|000000000|00000000000", "0|000000000|00000000000",
        ]),
        ("N|NNNNNNNNNNNNNNN", [
            "0|000000000000000", "63903123456000|063903123456000", "86399999999000|086399999999000",
            "43200000000000|043200000000000", "43200000000000|043200000000000", "84600000000000|084600000000000",
            "0|000000000000000", "29350500000000|029350500000000", "43200000000000|043200000000000",
            "43200000000000|043200000000000", "0|000000000000000",
        ]),
        ("A|AAAAAAAAA", [
            "0|000000000", "63903123|063903123", "86399999|086399999", "43200000|043200000", "43200000|043200000",
            "84600000|084600000", "0|000000000", "29350500|029350500", "43200000|043200000", "43200000|043200000",
            "0|000000000",
        ]),
    ]

    @Test func everyLetterAtEveryWidth() throws {
        for (pattern, expected) in Self.letters {
            try Self.check(pattern, in: "Etc/UTC", at: Array(Self.instants.indices), expected)
        }
    }

    /// Hours and day periods through 2026-01-01 in UTC, by minute of the day.
    static let clock: [(minute: Int, expected: String)] = [
        (0, "00:00 AM midnight|midnight|mi 12 12 0 00 24 24"),
        (1, "00:01 AM at night|at night|at night 12 12 0 00 24 24"),
        (59, "00:59 AM at night|at night|at night 12 12 0 00 24 24"),
        (60, "01:00 AM at night|at night|at night 1 01 1 01 1 01"),
        (359, "05:59 AM at night|at night|at night 5 05 5 05 5 05"),
        (360, "06:00 AM in the morning|in the morning|in the morning 6 06 6 06 6 06"),
        (361, "06:01 AM in the morning|in the morning|in the morning 6 06 6 06 6 06"),
        (719, "11:59 AM in the morning|in the morning|in the morning 11 11 11 11 11 11"),
        (720, "12:00 PM noon|noon|n 12 12 0 00 12 12"),
        (721, "12:01 PM in the afternoon|in the afternoon|in the afternoon 12 12 0 00 12 12"),
        (779, "12:59 PM in the afternoon|in the afternoon|in the afternoon 12 12 0 00 12 12"),
        (780, "13:00 PM in the afternoon|in the afternoon|in the afternoon 1 01 1 01 13 13"),
        (1079, "17:59 PM in the afternoon|in the afternoon|in the afternoon 5 05 5 05 17 17"),
        (1080, "18:00 PM in the evening|in the evening|in the evening 6 06 6 06 18 18"),
        (1259, "20:59 PM in the evening|in the evening|in the evening 8 08 8 08 20 20"),
        (1260, "21:00 PM at night|at night|at night 9 09 9 09 21 21"),
        (1439, "23:59 PM at night|at night|at night 11 11 11 11 23 23"),
    ]

    @Test func hoursAndDayPeriods() throws {
        let format = try JavaDateFormat(pattern: "HH:mm a B|BBBB|BBBBB h hh K KK k kk")
        let utc = try Self.zone("Etc/UTC")
        for (minute, expected) in Self.clock {
            let date = Date(timeIntervalSince1970: Double(1767225600 + minute * 60))
            #expect(format.format(date, timeZone: utc) == expected, "minute \(minute)")
        }
    }

    /// Every offset letter at every width, at instants [0, 1, 6, 9]; instant 6 (year 1) is in local mean time.
    static let offsets: [(zone: String, expected: [String])] = [
        ("Etc/UTC", [
            "GMT|GMT|Z|Z|Z|Z|Z|+00|+0000|+00:00|+0000|+00:00|+0000|+0000|+0000|GMT|Z",
            "GMT|GMT|Z|Z|Z|Z|Z|+00|+0000|+00:00|+0000|+00:00|+0000|+0000|+0000|GMT|Z",
            "GMT|GMT|Z|Z|Z|Z|Z|+00|+0000|+00:00|+0000|+00:00|+0000|+0000|+0000|GMT|Z",
            "GMT|GMT|Z|Z|Z|Z|Z|+00|+0000|+00:00|+0000|+00:00|+0000|+0000|+0000|GMT|Z",
        ]),
        ("Europe/Paris", [
            "GMT+1|GMT+01:00|+01|+0100|+01:00|+0100|+01:00|+01|+0100|+01:00|+0100|+01:00|+0100|+0100|+0100|GMT+01:00|+01:00",
            "GMT+1|GMT+01:00|+01|+0100|+01:00|+0100|+01:00|+01|+0100|+01:00|+0100|+01:00|+0100|+0100|+0100|GMT+01:00|+01:00",
            "GMT+0:09:21|GMT+00:09:21|+0009|+0009|+00:09|+000921|+00:09:21|+0009|+0009|+00:09|+000921|+00:09:21|+0009|+0009|+0009|GMT+00:09:21|+00:09:21",
            "GMT+2|GMT+02:00|+02|+0200|+02:00|+0200|+02:00|+02|+0200|+02:00|+0200|+02:00|+0200|+0200|+0200|GMT+02:00|+02:00",
        ]),
        ("America/Los_Angeles", [
            "GMT-8|GMT-08:00|-08|-0800|-08:00|-0800|-08:00|-08|-0800|-08:00|-0800|-08:00|-0800|-0800|-0800|GMT-08:00|-08:00",
            "GMT-8|GMT-08:00|-08|-0800|-08:00|-0800|-08:00|-08|-0800|-08:00|-0800|-08:00|-0800|-0800|-0800|GMT-08:00|-08:00",
            "GMT-7:52:58|GMT-07:52:58|-0752|-0752|-07:52|-075258|-07:52:58|-0752|-0752|-07:52|-075258|-07:52:58|-0752|-0752|-0752|GMT-07:52:58|-07:52:58",
            "GMT-7|GMT-07:00|-07|-0700|-07:00|-0700|-07:00|-07|-0700|-07:00|-0700|-07:00|-0700|-0700|-0700|GMT-07:00|-07:00",
        ]),
        ("Asia/Kolkata", [
            "GMT+5:30|GMT+05:30|+0530|+0530|+05:30|+0530|+05:30|+0530|+0530|+05:30|+0530|+05:30|+0530|+0530|+0530|GMT+05:30|+05:30",
            "GMT+5:30|GMT+05:30|+0530|+0530|+05:30|+0530|+05:30|+0530|+0530|+05:30|+0530|+05:30|+0530|+0530|+0530|GMT+05:30|+05:30",
            "GMT+5:53:28|GMT+05:53:28|+0553|+0553|+05:53|+055328|+05:53:28|+0553|+0553|+05:53|+055328|+05:53:28|+0553|+0553|+0553|GMT+05:53:28|+05:53:28",
            "GMT+5:30|GMT+05:30|+0530|+0530|+05:30|+0530|+05:30|+0530|+0530|+05:30|+0530|+05:30|+0530|+0530|+0530|GMT+05:30|+05:30",
        ]),
        ("Pacific/Chatham", [
            "GMT+12:45|GMT+12:45|+1245|+1245|+12:45|+1245|+12:45|+1245|+1245|+12:45|+1245|+12:45|+1245|+1245|+1245|GMT+12:45|+12:45",
            "GMT+13:45|GMT+13:45|+1345|+1345|+13:45|+1345|+13:45|+1345|+1345|+13:45|+1345|+13:45|+1345|+1345|+1345|GMT+13:45|+13:45",
            "GMT+12:13:48|GMT+12:13:48|+1213|+1213|+12:13|+121348|+12:13:48|+1213|+1213|+12:13|+121348|+12:13:48|+1213|+1213|+1213|GMT+12:13:48|+12:13:48",
            "GMT+12:45|GMT+12:45|+1245|+1245|+12:45|+1245|+12:45|+1245|+1245|+12:45|+1245|+12:45|+1245|+1245|+1245|GMT+12:45|+12:45",
        ]),
        ("Europe/London", [
            "GMT+1|GMT+01:00|+01|+0100|+01:00|+0100|+01:00|+01|+0100|+01:00|+0100|+01:00|+0100|+0100|+0100|GMT+01:00|+01:00",
            "GMT|GMT|Z|Z|Z|Z|Z|+00|+0000|+00:00|+0000|+00:00|+0000|+0000|+0000|GMT|Z",
            "GMT-0:01:15|GMT-00:01:15|-0001|-0001|-00:01|-000115|-00:01:15|-0001|-0001|-00:01|-000115|-00:01:15|-0001|-0001|-0001|GMT-00:01:15|-00:01:15",
            "GMT+1|GMT+01:00|+01|+0100|+01:00|+0100|+01:00|+01|+0100|+01:00|+0100|+01:00|+0100|+0100|+0100|GMT+01:00|+01:00",
        ]),
        ("America/New_York", [
            "GMT-5|GMT-05:00|-05|-0500|-05:00|-0500|-05:00|-05|-0500|-05:00|-0500|-05:00|-0500|-0500|-0500|GMT-05:00|-05:00",
            "GMT-5|GMT-05:00|-05|-0500|-05:00|-0500|-05:00|-05|-0500|-05:00|-0500|-05:00|-0500|-0500|-0500|GMT-05:00|-05:00",
            "GMT-4:56:02|GMT-04:56:02|-0456|-0456|-04:56|-045602|-04:56:02|-0456|-0456|-04:56|-045602|-04:56:02|-0456|-0456|-0456|GMT-04:56:02|-04:56:02",
            "GMT-4|GMT-04:00|-04|-0400|-04:00|-0400|-04:00|-04|-0400|-04:00|-0400|-04:00|-0400|-0400|-0400|GMT-04:00|-04:00",
        ]),
        ("Asia/Tokyo", [
            "GMT+9|GMT+09:00|+09|+0900|+09:00|+0900|+09:00|+09|+0900|+09:00|+0900|+09:00|+0900|+0900|+0900|GMT+09:00|+09:00",
            "GMT+9|GMT+09:00|+09|+0900|+09:00|+0900|+09:00|+09|+0900|+09:00|+0900|+09:00|+0900|+0900|+0900|GMT+09:00|+09:00",
            "GMT+9:18:59|GMT+09:18:59|+0918|+0918|+09:18|+091859|+09:18:59|+0918|+0918|+09:18|+091859|+09:18:59|+0918|+0918|+0918|GMT+09:18:59|+09:18:59",
            "GMT+9|GMT+09:00|+09|+0900|+09:00|+0900|+09:00|+09|+0900|+09:00|+0900|+09:00|+0900|+0900|+0900|GMT+09:00|+09:00",
        ]),
    ]

    @Test func offsetsInZones() throws {
        for (zone, expected) in Self.offsets {
            try Self.check("O|OOOO|X|XX|XXX|XXXX|XXXXX|x|xx|xxx|xxxx|xxxxx|Z|ZZ|ZZZ|ZZZZ|ZZZZZ", in: zone, at: [0, 1, 6, 9], expected)
        }
    }

    /// Fixed offsets (Java `ZoneOffset`s, Foundation `TimeZone(secondsFromGMT:)`) at instant 1.
    static let fixedOffsets: [(seconds: Int, expected: String)] = [
        (30, "GMT+0:00:30|GMT+00:00:30|Z|Z|Z|+000030|+00:00:30|+00|+0000|+00:00|+000030|+00:00:30|+0000|+0000|+0000|GMT+00:00:30|+00:00:30"),
        (-1800, "GMT-0:30|GMT-00:30|-0030|-0030|-00:30|-0030|-00:30|-0030|-0030|-00:30|-0030|-00:30|-0030|-0030|-0030|GMT-00:30|-00:30"),
        (18030, "GMT+5:00:30|GMT+05:00:30|+05|+0500|+05:00|+050030|+05:00:30|+05|+0500|+05:00|+050030|+05:00:30|+0500|+0500|+0500|GMT+05:00:30|+05:00:30"),
        (-36000, "GMT-10|GMT-10:00|-10|-1000|-10:00|-1000|-10:00|-10|-1000|-10:00|-1000|-10:00|-1000|-1000|-1000|GMT-10:00|-10:00"),
        (0, "GMT|GMT|Z|Z|Z|Z|Z|+00|+0000|+00:00|+0000|+00:00|+0000|+0000|+0000|GMT|Z"),
        (50400, "GMT+14|GMT+14:00|+14|+1400|+14:00|+1400|+14:00|+14|+1400|+14:00|+1400|+14:00|+1400|+1400|+1400|GMT+14:00|+14:00"),
    ]

    @Test func fixedOffsets() throws {
        let format = try JavaDateFormat(pattern: "O|OOOO|X|XX|XXX|XXXX|XXXXX|x|xx|xxx|xxxx|xxxxx|Z|ZZ|ZZZ|ZZZZ|ZZZZZ")
        for (seconds, expected) in Self.fixedOffsets {
            let zone = try #require(TimeZone(secondsFromGMT: seconds))
            #expect(format.format(Self.date(1), timeZone: zone) == expected, "offset \(seconds)")
        }
    }

    /// Zone IDs and long zone names (which Foundation and Java agree on), in winter and summer.
    static let zoneNames: [(zone: String, expected: [String])] = [
        ("Etc/UTC", ["Etc/UTC|Coordinated Universal Time", "Etc/UTC|Coordinated Universal Time"]),
        ("Europe/Paris", ["Europe/Paris|Central European Standard Time", "Europe/Paris|Central European Summer Time"]),
        ("America/Los_Angeles", ["America/Los_Angeles|Pacific Standard Time", "America/Los_Angeles|Pacific Daylight Time"]),
        ("Asia/Kolkata", ["Asia/Kolkata|India Standard Time", "Asia/Kolkata|India Standard Time"]),
        ("Pacific/Chatham", ["Pacific/Chatham|Chatham Daylight Time", "Pacific/Chatham|Chatham Standard Time"]),
        ("Europe/London", ["Europe/London|Greenwich Mean Time", "Europe/London|British Summer Time"]),
        ("America/New_York", ["America/New_York|Eastern Standard Time", "America/New_York|Eastern Daylight Time"]),
        ("Asia/Tokyo", ["Asia/Tokyo|Japan Standard Time", "Asia/Tokyo|Japan Standard Time"]),
    ]
    /// Short zone names where Foundation has the abbreviation Java prints (see `JavaDateFormat`).
    static let shortZoneNames: [(zone: String, expected: [String])] = [
        ("Etc/UTC", ["UTC|UTC|UTC", "UTC|UTC|UTC"]),
        ("GMT", ["GMT|GMT|GMT", "GMT|GMT|GMT"]),
        ("America/Los_Angeles", ["PST|PST|PST", "PDT|PDT|PDT"]),
        ("America/New_York", ["EST|EST|EST", "EDT|EDT|EDT"]),
        ("America/Chicago", ["CST|CST|CST", "CDT|CDT|CDT"]),
    ]

    @Test func zoneNames() throws {
        for (zone, expected) in Self.zoneNames {
            try Self.check("VV|zzzz", in: zone, at: [1, 9], expected)
        }
        for (zone, expected) in Self.shortZoneNames {
            try Self.check("z|zz|zzz", in: zone, at: [1, 9], expected)
        }
    }

    /// Quoted and unquoted literals and optional sections, at instant 1 (2026-11-25T17:45:03.123456Z).
    static let literals: [(pattern: String, utc: String, paris: String)] = [
        ("h 'o''clock' a", "5 o'clock PM", "6 o'clock PM"),
        ("''yy''", "'26'", "'26'"),
        ("'It''s' hh:mm a", "It's 05:45 PM", "It's 06:45 PM"),
        ("''", "'", "'"),
        ("''''", "'", "'"),
        ("'T'", "T", "T"),
        ("", "", ""),
        ("'#{}' yyyy", "#{} 2026", "#{} 2026"),
        ("yyyy[-MM[-dd]]", "2026-11-25", "2026-11-25"),
        ("[yyyy]-['W'w]", "2026-W48", "2026-W48"),
        ("'[' yyyy ']'", "[ 2026 ]", "[ 2026 ]"),
        ("[yyyy", "2026", "2026"),
        ("yyyy[[MM]", "202611", "202611"),
        ("yyyy.MM.dd G 'at' HH:mm:ss", "2026.11.25 AD at 17:45:03", "2026.11.25 AD at 18:45:03"),
        ("EEE, d MMM yyyy HH:mm:ss Z", "Wed, 25 Nov 2026 17:45:03 +0000", "Wed, 25 Nov 2026 18:45:03 +0100"),
        ("EEEE, MMMM d, uuuu 'at' h:mm:ss a", "Wednesday, November 25, 2026 at 5:45:03 PM", "Wednesday, November 25, 2026 at 6:45:03 PM"),
        ("yyyyMMddHHmmssSSS", "20261125174503123", "20261125184503123"),
        ("HH:mm:ss,SSSSSS", "17:45:03,123456", "18:45:03,123456"),
        ("yyyy年MM月dd日 EEEE", "2026年11月25日 Wednesday", "2026年11月25日 Wednesday"),
        ("-/:., _~!@$%^&*()+=<>?|\\\"", "-/:., _~!@$%^&*()+=<>?|\\\"", "-/:., _~!@$%^&*()+=<>?|\\\""),
        ("'yyyy-MM-dd'", "yyyy-MM-dd", "yyyy-MM-dd"),
        ("dd/MM/yy", "25/11/26", "25/11/26"),
        ("QQQ uuuu, 'week' w", "Q4 2026, week 48", "Q4 2026, week 48"),
    ]

    @Test func literalsAndOptionalSections() throws {
        for (pattern, utc, paris) in Self.literals {
            try Self.check(pattern, in: "Etc/UTC", at: [1], [utc])
            try Self.check(pattern, in: "Europe/Paris", at: [1], [paris])
        }
    }

    @Test func literalsAreMergedIntoOneToken() throws {
        let format = try JavaDateFormat(pattern: "yyyy'-'MM' at '[HH]'h'")
        #expect(format.tokens == [.field("y", 4), .literal("-"), .field("M", 2), .literal(" at "), .field("H", 2), .literal("h")])
        #expect(format == (try JavaDateFormat(pattern: "yyyy'-'MM' at '[HH]'h'")))
    }

    @Test func fractionIsTruncatedNeverRoundedIntoTheNextSecond() throws {
        let format = try JavaDateFormat(pattern: "HH:mm:ss.SSS|SSSSSS|SSSSSSSSS n")
        let utc = try Self.zone("Etc/UTC")
        let second = Double(1_795_628_703 - 978_307_200)
        #expect(format.format(Date(timeIntervalSinceReferenceDate: second + 0.9999996), timeZone: utc)
            == "17:45:03.999|999999|999999000 999999000")
        #expect(format.format(Date(timeIntervalSinceReferenceDate: second + 0.123456), timeZone: utc)
            == "17:45:03.123|123456|123456000 123456000")
        #expect(format.format(Date(timeIntervalSinceReferenceDate: second - 0.0000004), timeZone: utc)
            == "17:45:02.999|999999|999999000 999999000")
    }

    @Test func datesFarOutOfRangeDoNotTrap() throws {
        let format = try JavaDateFormat(pattern: "uuuu-MM-dd HH:mm:ss.SSS")
        let utc = try Self.zone("Etc/UTC")
        for zone in [utc, try Self.zone("Europe/Paris"), try Self.zone("Pacific/Chatham")] {
            for interval in [Double.nan, .infinity, -.infinity, 1e300, -1e300, 1e16, -1e16] {
                #expect(!format.format(Date(timeIntervalSinceReferenceDate: interval), timeZone: zone).isEmpty)
            }
        }
        #expect(format.format(Date(timeIntervalSinceReferenceDate: .nan), timeZone: utc) == "2001-01-01 00:00:00.000")
    }

    /// Patterns Java 17 rejects, with the position of the letter run, quote, bracket or character at fault
    /// and, as a comment, Java's message.
    static let rejected: [(pattern: String, offset: Int)] = [
        ("yyyy-bb", 5),  // Unknown pattern letter: b
        ("dddd", 0),  // Too many pattern letters: d
        ("HHH", 0),  // Too many pattern letters: H
        ("aa", 0),  // Too many pattern letters: a
        ("EEEEEE", 0),  // Too many pattern letters: E
        ("MMMMMM", 0),  // Too many pattern letters: M
        ("LLLLLL", 0),  // Too many pattern letters: L
        ("SSSSSSSSSS", 0),  // Minimum width must be from 0 to 9 inclusive but was 10
        ("HH:mm:ss.SSSSSSSSSS", 9),  // Minimum width must be from 0 to 9 inclusive but was 10
        ("yyyy-MM-dd HHH", 11),  // Too many pattern letters: H
        ("yyyyyyyyyyyyyyyyyyyy", 0),  // The minimum width must be from 1 to 19 inclusive but was 20
        ("uuuuuuuuuuuuuuuuuuuu", 0),  // The minimum width must be from 1 to 19 inclusive but was 20
        ("nnnnnnnnnnnnnnnnnnnn", 0),  // The minimum width must be from 1 to 19 inclusive but was 20
        ("NNNNNNNNNNNNNNNNNNNN", 0),  // The minimum width must be from 1 to 19 inclusive but was 20
        ("AAAAAAAAAAAAAAAAAAAA", 0),  // The minimum width must be from 1 to 19 inclusive but was 20
        ("gggggggggggggggggggg", 0),  // The minimum width must be from 1 to 19 inclusive but was 20
        ("GGGGGG", 0),  // Too many pattern letters: G
        ("QQQQQQ", 0),  // Too many pattern letters: Q
        ("qqqqqq", 0),  // Too many pattern letters: q
        ("DDDD", 0),  // Too many pattern letters: D
        ("ddd", 0),  // Too many pattern letters: d
        ("hhh", 0),  // Too many pattern letters: h
        ("KKK", 0),  // Too many pattern letters: K
        ("kkk", 0),  // Too many pattern letters: k
        ("mmm", 0),  // Too many pattern letters: m
        ("sss", 0),  // Too many pattern letters: s
        ("FF", 0),  // Too many pattern letters: F
        ("www", 0),  // Too many pattern letters: w
        ("WW", 0),  // Too many pattern letters: W
        ("eeeeee", 0),  // Too many pattern letters: e
        ("cc", 0),  // Invalid pattern "cc"
        ("cccccc", 0),  // Too many pattern letters: c
        ("BB", 0),  // Wrong number of pattern letters: B
        ("BBB", 0),  // Wrong number of pattern letters: B
        ("BBBBBB", 0),  // Wrong number of pattern letters: B
        ("V", 0),  // Pattern letter count must be 2: V
        ("VVV", 0),  // Pattern letter count must be 2: V
        ("OO", 0),  // Pattern letter count must be 1 or 4: O
        ("OOO", 0),  // Pattern letter count must be 1 or 4: O
        ("OOOOO", 0),  // Pattern letter count must be 1 or 4: O
        ("zzzzz", 0),  // Too many pattern letters: z
        ("XXXXXX", 0),  // Too many pattern letters: X
        ("xxxxxx", 0),  // Too many pattern letters: x
        ("ZZZZZZ", 0),  // Too many pattern letters: Z
        ("yyyy MM dd zzzzz", 11),  // Too many pattern letters: z
        ("'unterminated", 0),  // Pattern ends with an incomplete string literal: 'unterminated
        ("yyyy'", 4),  // Pattern ends with an incomplete string literal: yyyy'
        ("yyyy'x''", 4),  // Pattern ends with an incomplete string literal: yyyy'x''
        ("'''", 0),  // Pattern ends with an incomplete string literal: '''
        ("HH 'o''clock", 3),  // Pattern ends with an incomplete string literal: HH 'o''clock
        ("yyyy]", 4),  // Pattern invalid as it contains ] without previous [
        ("[yyyy]]", 6),  // Pattern invalid as it contains ] without previous [
        ("]", 0),  // Pattern invalid as it contains ] without previous [
        ("yyyy#", 4),  // Pattern includes reserved character: '#'
        ("HH:mm{", 5),  // Pattern includes reserved character: '{'
        ("}", 0),  // Pattern includes reserved character: '}'
        ("p", 0),  // Pad letter 'p' must be followed by valid pad pattern: p
        ("p1", 0),  // Pad letter 'p' must be followed by valid pad pattern: p1
        ("b", 0),  // Unknown pattern letter: b
        ("f", 0),  // Unknown pattern letter: f
        ("i", 0),  // Unknown pattern letter: i
        ("j", 0),  // Unknown pattern letter: j
        ("l", 0),  // Unknown pattern letter: l
        ("o", 0),  // Unknown pattern letter: o
        ("r", 0),  // Unknown pattern letter: r
        ("t", 0),  // Unknown pattern letter: t
        ("C", 0),  // Unknown pattern letter: C
        ("I", 0),  // Unknown pattern letter: I
        ("J", 0),  // Unknown pattern letter: J
        ("P", 0),  // Unknown pattern letter: P
        ("R", 0),  // Unknown pattern letter: R
        ("T", 0),  // Unknown pattern letter: T
        ("U", 0),  // Unknown pattern letter: U
        ("HH:mm:ss.fff", 9),  // Unknown pattern letter: f
        ("yyyy-MM-dd'T'HH:mm:ss.SSSZ o", 27),  // Unknown pattern letter: o
        ("hh:mm tt", 6),  // Unknown pattern letter: t
    ]
    /// Patterns Java accepts that `JavaDateFormat` does not support (generic zone names, padding).
    static let unsupported: [(pattern: String, offset: Int)] = [
        ("v", 0),
        ("vvvv", 0),
        ("ppH", 0),
        ("yyyy-MM-dd pH", 11),
    ]
    /// Patterns Java accepts: corner cases of the rules above.
    static let accepted: [String] = [
        "[yyyy", "yyyy[[MM]", "[[[", "''", "''''", "'#{}'", "", "YYYYYYYYYYYYYYYYYYYYYYYYY", "SSSSSSSSS",
        "uuuuuuuuuuuuuuuuuuu", "yyyyyyyyyyyyyyyyyyy", "nnnnnnnnnnnnnnnnnnn", "NNNNNNNNNNNNNNNNNNN",
        "AAAAAAAAAAAAAAAAAAA", "ggggggggggggggggggg", "GGGGG", "cccc", "eeeee", "O", "OOOO", "VV", "zzzz", "XXXXX",
        "xxxxx", "ZZZZZ", "B", "BBBB", "BBBBB", "é", "日",
    ]

    @Test func rejectsWhatJavaRejects() {
        for (pattern, offset) in Self.rejected + Self.unsupported {
            let error = #expect(throws: JavaDateFormat.PatternError.self, "\(pattern)") {
                try JavaDateFormat(pattern: pattern)
            }
            #expect(error?.offset == offset, "\(pattern)")
            #expect(error?.pattern == pattern)
            #expect(error?.description.hasPrefix("invalid --format '\(pattern)': ") == true)
            #expect(error?.description.hasSuffix(
                " at position \(offset); use Java DateTimeFormatter letters such as yyyy-MM-dd HH:mm:ss.SSS") == true)
        }
    }

    @Test func acceptsWhatJavaAccepts() {
        for pattern in Self.accepted {
            #expect(throws: Never.self, "\(pattern)") { try JavaDateFormat(pattern: pattern) }
        }
    }

    @Test func errorDescriptions() {
        let expectations = [
            ("yyyy-bb", "invalid --format 'yyyy-bb': unknown pattern letter 'b' at position 5; "
                + "use Java DateTimeFormatter letters such as yyyy-MM-dd HH:mm:ss.SSS"),
            ("dd dddd", "invalid --format 'dd dddd': too many pattern letters 'dddd' (at most 2) at position 3; "
                + "use Java DateTimeFormatter letters such as yyyy-MM-dd HH:mm:ss.SSS"),
            ("OO", "invalid --format 'OO': wrong number of pattern letters 'OO' (use O or OOOO) at position 0; "
                + "use Java DateTimeFormatter letters such as yyyy-MM-dd HH:mm:ss.SSS"),
            ("HH 'h", "invalid --format 'HH 'h': unterminated quote at position 3; "
                + "use Java DateTimeFormatter letters such as yyyy-MM-dd HH:mm:ss.SSS"),
        ]
        for (pattern, description) in expectations {
            let error = #expect(throws: JavaDateFormat.PatternError.self) { try JavaDateFormat(pattern: pattern) }
            #expect(error?.description == description)
        }
    }
}
