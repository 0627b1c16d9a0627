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

    @Test func isoPatterns() throws {
        for (pattern, zone, expected) in Self.isoPatterns {
            try Self.check(pattern, in: zone, at: [0, 1, 2, 5, 6, 7, 8, 9], expected)
        }
    }

    /// Every supported letter at every width Java accepts, at every instant in Etc/UTC.

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
