/// The column names of a result, shared by all its rows.
///
/// Lookups by name ignore case: PostgreSQL folds unquoted names to lower case
/// (`job_name`) and SQLite keeps them as written (`JOB_NAME`), so the same code
/// reads both.
public final class SQLColumns: Sendable {
    /// The names in result order, as the driver reported them.
    public let names: [String]
    private let indexByName: [String: Int]

    /// Creates the column list of a result.
    public init(_ names: [String]) {
        self.names = names
        var index: [String: Int] = [:]
        for (position, name) in names.enumerated() where index[name.uppercased()] == nil {
            index[name.uppercased()] = position
        }
        self.indexByName = index
    }

    /// The position of the first column called `name` (any case), or nil.
    public func index(of name: String) -> Int? {
        indexByName[name.uppercased()]
    }
}

/// One row of a result: values by column index or by column name.
///
/// ```swift
/// for row in try await connection.query("SELECT JOB_INSTANCE_ID, JOB_NAME FROM BATCH_JOB_INSTANCE") {
///     let id = try row.decode(Int64.self, "JOB_INSTANCE_ID")
///     let name = try row.decode(String.self, at: 1)
/// }
/// ```
public struct SQLRow: Sendable {
    /// The result's columns.
    public let columns: SQLColumns
    /// The values in column order.
    public let values: [SQLValue]

    /// Creates a row; `values` must have one value per column.
    public init(columns: SQLColumns, values: [SQLValue]) {
        precondition(columns.names.count == values.count, "a row needs one value per column")
        self.columns = columns
        self.values = values
    }

    /// The value in column `index`.
    public subscript(index: Int) -> SQLValue { values[index] }

    /// The value of column `name` (any case), or nil when there is no such column.
    public subscript(name: String) -> SQLValue? {
        columns.index(of: name).map { values[$0] }
    }

    /// Reads column `name` as `type`.
    /// - Throws: ``DatabaseError/Code/decodingFailed`` when the column is missing or its value does not fit `type`.
    public func decode<T: SQLValueConvertible>(_ type: T.Type, _ name: String) throws(DatabaseError) -> T {
        guard let index = columns.index(of: name) else {
            throw DatabaseError(
                .decodingFailed, "no column \(name) in the result; columns are \(columns.names.joined(separator: ", "))")
        }
        return try decode(type, at: index)
    }

    /// Reads column `index` as `type`.
    /// - Throws: ``DatabaseError/Code/decodingFailed`` when the index is out of range or the value does not fit `type`.
    public func decode<T: SQLValueConvertible>(_ type: T.Type, at index: Int) throws(DatabaseError) -> T {
        guard values.indices.contains(index) else {
            throw DatabaseError(.decodingFailed, "no column at index \(index); the result has \(values.count)")
        }
        do {
            return try T(sqlValue: values[index])
        } catch {
            var error = error
            error.message += " in column \(columns.names[index])"
            throw error
        }
    }
}
