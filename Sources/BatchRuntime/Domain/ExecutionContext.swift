/// Key-value state of a job or step execution that survives a restart: reader positions,
/// writer offsets, anything a step needs to resume.
///
/// Stored in `BATCH_JOB_EXECUTION_CONTEXT` / `BATCH_STEP_EXECUTION_CONTEXT` as JSON (see
/// ``json`` for the encoding). Readers and writers keep their position under
/// `<name>.<key>` (for example `transactions.read.count`).
///
/// ```swift
/// context["transactions.read.count"] = .int(1_000)
/// let offset = context.int("transactions.offset") ?? 0
/// ```
public struct ExecutionContext: Sendable, Hashable {
    /// One stored value.
    public enum Value: Sendable, Hashable, CustomStringConvertible {
        /// Text.
        case string(String)
        /// A 64-bit integer.
        case int(Int64)
        /// A double.
        case double(Double)
        /// A boolean.
        case bool(Bool)
        /// A value swift-batch does not interpret (a list, a map, a typed Java object that a
        /// Spring application stored), kept as its JSON text so it is written back unchanged.
        case json(String)

        /// The value as plain text.
        public var description: String {
            switch self {
            case .string(let text): text
            case .int(let number): String(number)
            case .double(let number): String(number)
            case .bool(let flag): String(flag)
            case .json(let text): text
            }
        }
    }

    /// The values by key.
    public private(set) var values: [String: Value] = [:]
    /// Whether a value changed since ``markClean()``; the engine saves the context only then.
    public private(set) var isDirty = false

    /// An empty context.
    public init() {}

    /// A context holding `values`.
    public init(_ values: [String: Value]) {
        self.values = values
    }

    /// The value for `key`; setting a different value marks the context dirty, nil removes it.
    public subscript(key: String) -> Value? {
        get { values[key] }
        set {
            guard values[key] != newValue else { return }
            values[key] = newValue
            isDirty = true
        }
    }

    /// The integer stored under `key`, or nil.
    public func int(_ key: String) -> Int64? {
        if case .int(let value) = values[key] { return value }
        if case .double(let value) = values[key], let exact = Int64(exactly: value) { return exact }
        return nil
    }

    /// The string stored under `key`, or nil.
    public func string(_ key: String) -> String? {
        if case .string(let value) = values[key] { return value }
        return nil
    }

    /// The boolean stored under `key`, or nil.
    public func bool(_ key: String) -> Bool? {
        if case .bool(let value) = values[key] { return value }
        return nil
    }

    /// Whether there is a value for `key`.
    public func contains(_ key: String) -> Bool { values[key] != nil }

    /// Whether the context holds no values.
    public var isEmpty: Bool { values.isEmpty }

    /// Clears the dirty flag after the context was saved.
    public mutating func markClean() { isDirty = false }

    /// Equal when the values are equal (the dirty flag is ignored).
    public static func == (lhs: ExecutionContext, rhs: ExecutionContext) -> Bool { lhs.values == rhs.values }

    /// Hashes the values.
    public func hash(into hasher: inout Hasher) { hasher.combine(values) }
}
