import Foundation

/// A Swift type that can be bound as a statement parameter and read back from a column.
///
/// `Int`, `Int64`, `Int32`, `Double`, `String`, `Bool`, `Date`, `[UInt8]` and
/// `Optional` of any of them conform.
///
/// ```swift
/// let rows = try await connection.query("SELECT NAME, CREATED FROM T WHERE ID = $1", [42])
/// let name = try rows[0].decode(String.self, "NAME")
/// let created = try rows[0].decode(Date?.self, "CREATED")
/// ```
public protocol SQLValueConvertible: Sendable {
    /// The value to bind.
    var sqlValue: SQLValue { get }
    /// Reads the value from a column value; throws ``DatabaseError/Code/decodingFailed`` when it does not fit.
    init(sqlValue: SQLValue) throws(DatabaseError)
}

extension SQLValue: SQLValueConvertible {
    /// The value itself.
    public var sqlValue: SQLValue { self }
    /// The value itself.
    public init(sqlValue: SQLValue) { self = sqlValue }
}

func decodingError(_ value: SQLValue, as type: Any.Type) -> DatabaseError {
    DatabaseError(.decodingFailed, "cannot read \(value) as \(type)")
}

extension Int64: SQLValueConvertible {
    /// ``SQLValue/int(_:)``.
    public var sqlValue: SQLValue { .int(self) }
    /// Reads an integer; integral text (PostgreSQL `numeric`) is accepted too.
    public init(sqlValue: SQLValue) throws(DatabaseError) {
        switch sqlValue {
        case .int(let value): self = value
        case .bool(let value): self = value ? 1 : 0
        case .text(let text):
            guard let value = Int64(text) else { throw decodingError(sqlValue, as: Int64.self) }
            self = value
        case .double(let value):
            guard let exact = Int64(exactly: value) else { throw decodingError(sqlValue, as: Int64.self) }
            self = exact
        default: throw decodingError(sqlValue, as: Int64.self)
        }
    }
}

extension Int: SQLValueConvertible {
    /// ``SQLValue/int(_:)``.
    public var sqlValue: SQLValue { .int(Int64(self)) }
    /// Reads an integer.
    public init(sqlValue: SQLValue) throws(DatabaseError) {
        self = Int(try Int64(sqlValue: sqlValue))
    }
}

extension Int32: SQLValueConvertible {
    /// ``SQLValue/int(_:)``.
    public var sqlValue: SQLValue { .int(Int64(self)) }
    /// Reads an integer that fits in 32 bits.
    public init(sqlValue: SQLValue) throws(DatabaseError) {
        guard let value = Int32(exactly: try Int64(sqlValue: sqlValue)) else {
            throw decodingError(sqlValue, as: Int32.self)
        }
        self = value
    }
}

extension Double: SQLValueConvertible {
    /// ``SQLValue/double(_:)``.
    public var sqlValue: SQLValue { .double(self) }
    /// Reads a float; integers and numeric text are accepted.
    public init(sqlValue: SQLValue) throws(DatabaseError) {
        switch sqlValue {
        case .double(let value): self = value
        case .int(let value): self = Double(value)
        case .text(let text):
            guard let value = SQLFloat.parse(text) else { throw decodingError(sqlValue, as: Double.self) }
            self = value
        default: throw decodingError(sqlValue, as: Double.self)
        }
    }
}

extension String: SQLValueConvertible {
    /// ``SQLValue/text(_:)``.
    public var sqlValue: SQLValue { .text(self) }
    /// Reads text; numbers are rendered as text.
    public init(sqlValue: SQLValue) throws(DatabaseError) {
        switch sqlValue {
        case .text(let value): self = value
        case .int(let value): self = String(value)
        case .double(let value): self = String(value)
        default: throw decodingError(sqlValue, as: String.self)
        }
    }
}

extension Bool: SQLValueConvertible {
    /// ``SQLValue/bool(_:)``.
    public var sqlValue: SQLValue { .bool(self) }
    /// Reads a boolean; SQLite's 0/1 and the texts `t`/`f`, `true`/`false`, `Y`/`N` are accepted.
    public init(sqlValue: SQLValue) throws(DatabaseError) {
        switch sqlValue {
        case .bool(let value): self = value
        case .int(0): self = false
        case .int(1): self = true
        case .text(let text):
            switch text.lowercased() {
            case "t", "true", "y", "1": self = true
            case "f", "false", "n", "0": self = false
            default: throw decodingError(sqlValue, as: Bool.self)
            }
        default: throw decodingError(sqlValue, as: Bool.self)
        }
    }
}

extension Date: SQLValueConvertible {
    /// ``SQLValue/date(_:)``.
    public var sqlValue: SQLValue { .date(self) }
    /// Reads a timestamp: a PostgreSQL timestamp, SQLite text in ISO form (`T` or space,
    /// optional fraction and offset), or an SQLite integer in milliseconds since 1970
    /// (how the xerial JDBC driver, which Spring apps use on SQLite, stores dates).
    public init(sqlValue: SQLValue) throws(DatabaseError) {
        switch sqlValue {
        case .date(let value): self = value
        case .int(let millis): self = Date(timeIntervalSince1970: Double(millis) / 1000)
        case .text(let text):
            guard let value = SQLTimestamp.parse(text) else { throw decodingError(sqlValue, as: Date.self) }
            self = value
        default: throw decodingError(sqlValue, as: Date.self)
        }
    }
}

extension Array: SQLValueConvertible where Element == UInt8 {
    /// ``SQLValue/bytes(_:)``.
    public var sqlValue: SQLValue { .bytes(self) }
    /// Reads bytes; text is read as its UTF-8 bytes.
    public init(sqlValue: SQLValue) throws(DatabaseError) {
        switch sqlValue {
        case .bytes(let value): self = value
        case .text(let text): self = Array(text.utf8)
        default: throw decodingError(sqlValue, as: [UInt8].self)
        }
    }
}

extension Optional: SQLValueConvertible where Wrapped: SQLValueConvertible {
    /// The wrapped value, or ``SQLValue/null``.
    public var sqlValue: SQLValue { self?.sqlValue ?? .null }
    /// `nil` for NULL, else the wrapped type's reading.
    public init(sqlValue: SQLValue) throws(DatabaseError) {
        if case .null = sqlValue {
            self = .none
        } else {
            self = .some(try Wrapped(sqlValue: sqlValue))
        }
    }
}
