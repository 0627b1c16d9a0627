import Foundation

/// `SPRING_APPLICATION_JSON`: a JSON object of properties (Data Flow's local deployer passes
/// app properties this way), flattened to dotted names as Spring does: nested objects join
/// with `.`, arrays become `name[0]`, scalars their text.
enum ApplicationJSON {
    private indirect enum Node: Decodable {
        case scalar(String)
        case object([String: Node])
        case array([Node])

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() {
                self = .scalar("")
            } else if let value = try? container.decode(Bool.self) {
                self = .scalar(value ? "true" : "false")
            } else if let value = try? container.decode(Int64.self) {
                self = .scalar(String(value))
            } else if let value = try? container.decode(Double.self) {
                self = .scalar(String(value))
            } else if let value = try? container.decode(String.self) {
                self = .scalar(value)
            } else if let value = try? container.decode([String: Node].self) {
                self = .object(value)
            } else {
                self = .array(try container.decode([Node].self))
            }
        }
    }

    /// The properties of `text`, in key order; nothing when it is not a JSON object.
    static func flatten(_ text: String) -> [(String, String)] {
        guard case .object(let object)? = try? JSONDecoder().decode(Node.self, from: Data(text.utf8)) else { return [] }
        var result: [(String, String)] = []
        append(.object(object), prefix: "", to: &result)
        return result
    }

    private static func append(_ node: Node, prefix: String, to result: inout [(String, String)]) {
        switch node {
        case .scalar(let text): result.append((prefix, text))
        case .object(let object):
            for key in object.keys.sorted() {
                append(object[key]!, prefix: prefix.isEmpty ? key : "\(prefix).\(key)", to: &result)
            }
        case .array(let array):
            for (index, element) in array.enumerated() { append(element, prefix: "\(prefix)[\(index)]", to: &result) }
        }
    }
}
