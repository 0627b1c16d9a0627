import Foundation

/// Short reasons for Foundation's decoding and encoding errors, for messages such as
/// `orders.jsonl:12: missing key 'amount'` (their own descriptions are long and name Swift types).
enum JSONCodingReason {
    /// The reason `error` gives, phrased for a message that already names the file and line.
    static func of(_ error: any Error) -> String {
        if let error = error as? DecodingError { return decoding(error) }
        if let error = error as? EncodingError { return encoding(error) }
        if let error = error as? BatchError { return error.message }
        return BatchError.describe(error)
    }

    private static func decoding(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let context):
            return "missing key '\(path(context.codingPath + [key]))'"
        case .valueNotFound(let type, let context):
            return "null where \(type) was expected at '\(path(context.codingPath))'"
        case .typeMismatch(let type, let context):
            return "expected \(type) at '\(path(context.codingPath))': \(context.debugDescription)"
        case .dataCorrupted(let context):
            let underlying = (context.underlyingError as? NSError)?.userInfo[NSDebugDescriptionErrorKey] as? String
            let detail = underlying.map { "\(context.debugDescription) (\($0))" } ?? context.debugDescription
            return context.codingPath.isEmpty ? "not valid JSON: \(detail)" : "invalid value at '\(path(context.codingPath))': \(detail)"
        @unknown default:
            return BatchError.describe(error)
        }
    }

    private static func encoding(_ error: EncodingError) -> String {
        switch error {
        case .invalidValue(let value, let context):
            let place = context.codingPath.isEmpty ? "" : " at '\(path(context.codingPath))'"
            return "cannot encode \(value)\(place) as JSON: \(context.debugDescription)"
        @unknown default:
            return BatchError.describe(error)
        }
    }

    /// A coding path as `items[2].amount`.
    private static func path(_ keys: [any CodingKey]) -> String {
        guard !keys.isEmpty else { return "." }
        var text = ""
        for key in keys {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text
    }
}
