import Foundation
import Testing

@testable import DataflowServer

@Suite("Times as the dashboard writes them")
struct TimeViewTests {
    @Test("the UTC text and the ISO value of a time in whole milliseconds, from 1900 to 2100, leap days and the epoch")
    func agreesWithFoundation() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        var generator = SystemRandomNumberGenerator()
        var millis: [Int64] = [0, -1, 951_782_400_000, 4_107_542_399_999, -2_208_988_800_000, 1_796_687_986_631]
        for _ in 0..<2_000 { millis.append(Int64.random(in: -2_208_988_800_000...4_102_444_800_000, using: &generator)) }
        for value in millis {
            let date = Date(timeIntervalSince1970: Double(value) / 1000)
            let view = try #require(TimeView(date))
            let whole = Date(timeIntervalSince1970: Double(value - ((value % 1000) + 1000) % 1000) / 1000)
            let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: whole)
            let day = String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
            let time = String(format: "%02d:%02d:%02d", parts.hour!, parts.minute!, parts.second!)
            #expect(view.utc == "\(day) \(time) UTC", "\(value)")
            #expect(view.iso == "\(day)T\(time)." + String(format: "%03lld", ((value % 1000) + 1000) % 1000) + "Z", "\(value)")
        }
        // As the database hands them back: microseconds.
        #expect(TimeView(Date(timeIntervalSince1970: 1_796_687_986.631_999))?.iso == "2026-12-07T23:59:46.631Z")
        #expect(TimeView(nil) == nil)
    }
}
