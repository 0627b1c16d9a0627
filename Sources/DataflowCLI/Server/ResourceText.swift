import Foundation
import TaskRuntime

/// How the values of the server's resources read in tables: times as every other swift-batch
/// report shows them (``ReportFormat/time(_:)``), `null` as empty, lists comma separated and
/// maps as `key=value` pairs.
enum ResourceText {
    /// Any value as one cell.
    static func cell(_ value: JSONValue) -> String {
        switch value {
        case .null: ""
        case .bool(let value): String(value)
        case .integer(let value): String(value)
        case .number(let value): String(value)
        case .string(let value): value
        case .array(let elements): elements.map(cell).joined(separator: ", ")
        case .object(let members): members.sorted { $0.key < $1.key }.map { "\($0.key)=\(cell($0.value))" }.joined(separator: ", ")
        }
    }

    /// A time the server wrote (`2024-03-13T10:02:28.123+00:00`) as swift-batch's reports show
    /// it; empty for none; as given when it does not parse.
    static func time(_ value: JSONValue) -> String {
        guard let text = value.string else { return "" }
        guard let date = parseTime(text) else { return text }
        return ReportFormat.time(date)
    }

    static func parseTime(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }

    /// The elements of a HAL page (`_embedded.<collection>`); an empty page has no `_embedded`.
    static func page(_ document: JSONValue, _ collection: String) -> [JSONValue] {
        document["_embedded"][collection].elements
    }
}
