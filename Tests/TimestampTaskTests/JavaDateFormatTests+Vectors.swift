import Foundation
import Testing
@testable import timestamp_task

/// Expected outputs printed by Java 17 (`DateTimeFormatter.ofPattern(p, Locale.US)`) for the tests.
extension JavaDateFormatTests {
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
}
