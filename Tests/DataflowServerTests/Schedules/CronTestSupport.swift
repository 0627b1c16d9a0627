import Foundation
@testable import DataflowServer

/// Zones, instants and fire times written as ISO 8601 text, so expectations read as local times
/// with their offsets (`2026-03-29T03:00:00+02:00`).
enum CronTest {
    static let utc = TimeZone(identifier: "UTC")!
    static let berlin = TimeZone(identifier: "Europe/Berlin")!
    static let newYork = TimeZone(identifier: "America/New_York")!

    /// The instant of ISO 8601 text with an offset or `Z`.
    static func instant(_ text: String) -> Date {
        guard let date = try? Date(text, strategy: .iso8601) else { fatalError("not an ISO 8601 instant: \(text)") }
        return date
    }

    /// The local time of `date` in `zone`, with the zone's offset then (`Z` for UTC).
    static func local(_ date: Date, in zone: TimeZone) -> String {
        Date.ISO8601FormatStyle(timeZoneSeparator: .colon, timeZone: zone).format(date)
    }

    /// The next `count` fire times of `expression` after `start`, as local times in `zone`.
    static func fires(_ expression: String, after start: String, count: Int = 3, in zone: TimeZone = utc) throws -> [String] {
        try CronExpression(expression).nextFireTimes(after: instant(start), count: count, in: zone).map { local($0, in: zone) }
    }

    /// The error parsing `expression` throws, if any.
    static func error(_ expression: String) -> CronExpressionError? {
        do {
            _ = try CronExpression(expression)
            return nil
        } catch {
            return error
        }
    }
}
