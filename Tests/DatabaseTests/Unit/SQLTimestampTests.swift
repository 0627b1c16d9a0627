@testable import Database
import Foundation
import Testing

@Suite("Timestamp text")
struct SQLTimestampTests {
    @Test("known instants format as UTC with microseconds")
    func known() {
        #expect(SQLTimestamp.format(Date(timeIntervalSince1970: 0)) == "1970-01-01 00:00:00.000000")
        #expect(SQLTimestamp.format(Date(timeIntervalSince1970: 1_732_000_000.123456)) == "2024-11-19 07:06:40.123456")
        #expect(SQLTimestamp.format(Date(timeIntervalSince1970: -0.5)) == "1969-12-31 23:59:59.500000")
        #expect(SQLTimestamp.format(Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29 00:00:00.000000")
        var bytes: [UInt8] = [UInt8(ascii: "x")]
        SQLTimestamp.append(Date(timeIntervalSince1970: 0), to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == "x1970-01-01 00:00:00.000000")
    }

    @Test("agrees with Foundation's calendar from 1900 to 2100 and round-trips to the microsecond")
    func agreesWithFoundation() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let seconds = Double(Int64.random(in: -2_208_988_800...4_102_444_800, using: &generator))
            let date = Date(timeIntervalSince1970: seconds + Double(Int.random(in: 0..<1_000_000, using: &generator)) / 1e6)
            let text = SQLTimestamp.format(date)
            let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
            let expected = String(
                format: "%04d-%02d-%02d %02d:%02d:%02d", parts.year!, parts.month!, parts.day!, parts.hour!, parts.minute!,
                parts.second!)
            #expect(text.hasPrefix(expected), "\(text) vs \(expected)")
            let parsed = try #require(SQLTimestamp.parse(text))
            #expect(SQLTimestamp.micros(parsed) == SQLTimestamp.micros(date))
        }
    }

    @Test("parses ISO forms with offsets, and refuses garbage")
    func parse() {
        let expected = Date(timeIntervalSince1970: 1_706_695_200)  // 2024-01-31T10:00:00Z
        for text in ["2024-01-31T10:00:00Z", "2024-01-31 10:00:00", "2024-01-31T12:00:00+02:00", "2024-01-31T05:00-0500",
                     "2024-01-31T10:00:00.000000000Z"] {
            #expect(SQLTimestamp.parse(text) == expected, "\(text)")
        }
        #expect(SQLTimestamp.parse("2024-01-31") == Date(timeIntervalSince1970: 1_706_659_200))
        for bad in ["", "2024-13-01", "2024-01-31T25:00", "yesterday", "2024-01-31T10:00:00 junk"] {
            #expect(SQLTimestamp.parse(bad) == nil, "\(bad)")
        }
    }
}
