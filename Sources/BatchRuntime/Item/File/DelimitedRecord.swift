/// One record of a delimited (CSV) file: its fields, the header's column names, and where it starts.
///
/// ``DelimitedFileReader`` hands each record to its `map` closure, which turns it into an item:
///
/// ```swift
/// let reader = DelimitedFileReader(name: "transactions", path: "data/tx.csv") { record in
///     Transaction(id: try record.field("id"), amount: Double(try record.field("amount")) ?? 0)
/// }
/// ```
public struct DelimitedRecord: Sendable, Hashable {
    /// The 1-based physical line on which the record starts (a quoted field may continue on later lines).
    public var lineNumber: Int
    /// The field values, unquoted, in file order.
    public var fields: [String]
    /// The column names from the file's header line, or nil when the file has none.
    public var names: [String]?

    /// Creates a record.
    /// - Parameters:
    ///   - lineNumber: The 1-based physical line on which the record starts.
    ///   - fields: The field values.
    ///   - names: The header's column names, if any.
    public init(lineNumber: Int, fields: [String], names: [String]? = nil) {
        self.lineNumber = lineNumber
        self.fields = fields
        self.names = names
    }

    /// The number of fields.
    public var count: Int { fields.count }

    /// The field at `index` (0-based); traps when out of range, like an array.
    /// - Parameter index: The field's position, from 0 to `count - 1`.
    public subscript(index: Int) -> String { fields[index] }

    /// The field in the column named `name` in the header (the first such column when names repeat).
    /// - Parameter name: The column name, compared exactly.
    /// - Returns: The field's value.
    /// - Throws: ``BatchError/Code/readFailed`` when the header has no such column (the message names
    ///   the column and lists the header) or the file has no header.
    public func field(_ name: String) throws(BatchError) -> String {
        guard let names else {
            throw BatchError(.readFailed, "no column named '\(name)': the file has no header line")
        }
        guard let index = names.firstIndex(of: name) else {
            let header = names.map { "'\($0)'" }.joined(separator: ", ")
            throw BatchError(.readFailed, "no column named '\(name)'; the header has \(header)")
        }
        guard index < fields.count else {
            throw BatchError(
                .readFailed, "column '\(name)' is field \(index + 1) but the record has only \(fields.count) fields")
        }
        return fields[index]
    }
}
