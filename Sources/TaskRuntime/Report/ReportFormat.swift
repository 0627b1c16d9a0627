import Foundation

/// How every command line renders executions, so task and job reports read alike: times as
/// ISO-8601 in UTC with milliseconds (`2024-03-13T10:02:28.123Z`), `-` for none, and JSON
/// pretty-printed with sorted keys, unescaped slashes and times in that same form.
package enum ReportFormat {
    /// A time as `2024-03-13T10:02:28.123Z`, or `-` for none.
    package static func time(_ date: Date?) -> String {
        guard let date else { return "-" }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    /// `value` as JSON: pretty-printed, keys sorted, slashes unescaped, dates as ``time(_:)``.
    package static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(time(date))
        }
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// `text` padded with spaces (or cut) to `width` characters, for table columns.
    package static func cell(_ text: String, _ width: Int) -> String {
        text.padding(toLength: width, withPad: " ", startingAt: 0)
    }

    /// The first line of `text`, at most `limit` characters.
    package static func firstLine(_ text: String, limit: Int = 80) -> String {
        String(String(text.split(whereSeparator: \.isNewline).first ?? "").prefix(limit))
    }
}
