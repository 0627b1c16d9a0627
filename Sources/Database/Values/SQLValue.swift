import Foundation

/// One value bound to a statement parameter or read from a result column.
///
/// Both drivers map the same cases: SQLite stores `bool` as 0/1, `date` as UTC
/// text `YYYY-MM-DD HH:MM:SS.ffffff` (what SQLite's own date functions read and
/// what sorts in time order) and `bytes` as a BLOB; PostgreSQL uses `boolean`,
/// `timestamp` (UTC) and `bytea`.
///
/// Driver limits, refused with ``DatabaseError/Code/invalidValue`` before anything is sent:
/// SQLite cannot store NaN (it would become NULL) and PostgreSQL text cannot hold U+0000.
/// SQLite writes integral `REAL` values as integers, so `-0.0` reads back as `0.0` there.
public enum SQLValue: Sendable, Hashable {
    /// SQL NULL.
    case null
    /// A 64-bit integer (`BIGINT`, `INTEGER`).
    case int(Int64)
    /// A double-precision float (`DOUBLE PRECISION`, `REAL`).
    case double(Double)
    /// UTF-8 text.
    case text(String)
    /// A boolean.
    case bool(Bool)
    /// A point in time with microsecond precision, stored in UTC. (`Date` is a `Double` of seconds
    /// since 2001, so it holds every microsecond only between about 1865 and 2137.)
    case date(Date)
    /// Raw bytes (`BYTEA`, `BLOB`).
    case bytes([UInt8])

    /// Whether this is ``null``.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}

extension SQLValue: ExpressibleByNilLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByStringLiteral, ExpressibleByBooleanLiteral
{
    /// `nil` is ``null``.
    public init(nilLiteral: ()) { self = .null }
    /// An integer literal is ``int(_:)``.
    public init(integerLiteral value: Int64) { self = .int(value) }
    /// A float literal is ``double(_:)``.
    public init(floatLiteral value: Double) { self = .double(value) }
    /// A string literal is ``text(_:)``.
    public init(stringLiteral value: String) { self = .text(value) }
    /// A boolean literal is ``bool(_:)``.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension SQLValue: CustomStringConvertible {
    /// A short, human-readable rendering for messages (text is quoted, bytes are counted).
    public var description: String {
        switch self {
        case .null: "NULL"
        case .int(let value): String(value)
        case .double(let value): String(value)
        case .text(let value): "'\(value)'"
        case .bool(let value): value ? "TRUE" : "FALSE"
        case .date(let value): "'\(SQLTimestamp.format(value))'"
        case .bytes(let value): "<\(value.count) bytes>"
        }
    }
}
