/// One record of a fixed-width file: its fields cut from the line by the reader's columns, the
/// columns' names, and the line it was read from.
///
/// ``FixedWidthFileReader`` hands each record to its `map` closure, which turns it into an item:
///
/// ```swift
/// let reader = FixedWidthFileReader(name: "payments", path: "in/payments.txt",
///                                   columns: [("id", 0..<6), ("amount", 6..<16)]) { record in
///     Payment(id: try record.field("id"), amount: Double(try record.field("amount")) ?? 0)
/// }
/// ```
public struct FixedWidthRecord: Sendable, Hashable {
    /// The 1-based line the record was read from.
    public var lineNumber: Int
    /// The field values in column order (without their padding spaces, unless the reader keeps them).
    public var fields: [String]
    /// The column names, in the same order.
    public var names: [String]

    /// Creates a record.
    /// - Parameters:
    ///   - lineNumber: The 1-based line the record was read from.
    ///   - fields: The field values, in column order.
    ///   - names: The column names, in the same order.
    public init(lineNumber: Int, fields: [String], names: [String]) {
        self.lineNumber = lineNumber
        self.fields = fields
        self.names = names
    }

    /// The number of fields.
    public var count: Int { fields.count }

    /// The field at `index` (0-based, in column order); traps when out of range, like an array.
    /// - Parameter index: The field's position, from 0 to `count - 1`.
    public subscript(index: Int) -> String { fields[index] }

    /// The field of the column named `name`.
    /// - Parameter name: The column name, compared exactly.
    /// - Returns: The field's value.
    /// - Throws: ``BatchError/Code/readFailed`` when there is no such column (the message lists the columns).
    public func field(_ name: String) throws(BatchError) -> String {
        guard let index = names.firstIndex(of: name), index < fields.count else {
            let columns = names.map { "'\($0)'" }.joined(separator: ", ")
            throw BatchError(.readFailed, "no column named '\(name)'; the columns are \(columns)")
        }
        return fields[index]
    }
}
