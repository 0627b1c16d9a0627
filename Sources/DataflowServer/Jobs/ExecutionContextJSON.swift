import BatchRuntime
import Foundation
import TaskRuntime

/// An execution context as Data Flow 2.11 writes Spring Batch's `ExecutionContext` (through its
/// `ExecutionContextJacksonMixIn`): `{"dirty":false,"empty":false,"values":[{"key":value},...]}`,
/// one single-entry object per value, keys sorted. Values a Spring app stored in Jackson's typed
/// form (`["java.lang.Long",2]`, `["java.util.ArrayList",[...]]`) are shown as their plain value,
/// as Data Flow reads them; values of secret-looking keys are masked.
struct ExecutionContextJSON: Encodable, Sendable {
    let context: ExecutionContext

    init(_ context: ExecutionContext) {
        self.context = context
    }

    enum Keys: String, CodingKey { case dirty, empty, values }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(false, forKey: .dirty)
        try container.encode(context.isEmpty, forKey: .empty)
        var values = container.nestedUnkeyedContainer(forKey: .values)
        for key in context.values.keys.sorted() {
            var entry = values.nestedContainer(keyedBy: DynamicKey.self)
            try entry.encode(Self.node(key, context.values[key]!), forKey: DynamicKey(key))
        }
    }

    /// A value as JSON.
    static func node(_ key: String, _ value: ExecutionContext.Value) -> JSONNode {
        if SecretMasking.isSecret(key: key) { return .string(SecretMasking.mask) }
        switch value {
        case .string(let text): return .string(SecretMasking.url(text))
        case .int(let number): return .integer(number)
        case .double(let number): return number.isFinite ? .number(number) : .string(JavaDouble.text(number))
        case .bool(let flag): return .bool(flag)
        case .json(let text): return JSONNode(parsing: text).map(\.untyped) ?? .string(text)
        }
    }
}

/// A JSON value of any shape (what a Spring app stored in a context), decoded and encoded again.
indirect enum JSONNode: Codable, Sendable, Hashable {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([JSONNode])
    case object([String: JSONNode])

    /// Parses `text`; nil when it is not JSON.
    init?(parsing text: String) {
        guard let node = try? JSONDecoder().decode(JSONNode.self, from: Data(text.utf8)) else { return nil }
        self = node
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONNode].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONNode].self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// Without Jackson's type information: `["java.lang.Long", 2]` as `2`, an object's
    /// `"@class"` member dropped, all the way down.
    var untyped: JSONNode {
        switch self {
        case .array(let elements):
            if elements.count == 2, case .string(let type) = elements[0], Self.isJavaType(type) { return elements[1].untyped }
            return .array(elements.map(\.untyped))
        case .object(let members):
            return .object(members.filter { $0.key != "@class" }.mapValues(\.untyped))
        default:
            return self
        }
    }

    /// `java.util.ArrayList`, `com.example.Thing$Inner`: a dotted name of Java identifiers.
    private static func isJavaType(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count > 1 && parts.allSatisfy { part in
            guard let first = part.first, first.isLetter || first == "_" || first == "$" else { return false }
            return part.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "$" }
        }
    }
}
