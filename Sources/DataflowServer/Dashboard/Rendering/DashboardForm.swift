import Foundation

/// The fields of a posted form (`application/x-www-form-urlencoded`), by name.
///
/// Read by hand only for `_csrf`, which must be checked before the form is decoded into its
/// type (Hummingbird's `URLEncodedFormDecoder` does the decoding).
struct DashboardForm: Sendable {
    private var fields: [String: String] = [:]

    init(_ text: String) {
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { Self.decoded(String($0)) }
            if let name = parts.first, fields[name] == nil { fields[name] = parts.count == 2 ? parts[1] : "" }
        }
    }

    subscript(name: String) -> String? { fields[name] }

    static func decoded(_ text: String) -> String {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? text
    }
}
