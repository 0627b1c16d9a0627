import CSQLite
import Foundation

/// A prepared SQLite statement with its parameter map and column names.
final class SQLiteStatement {
    let handle: OpaquePointer
    let sql: String
    /// For each SQLite parameter index (1-based, minus one), the position of the value to bind.
    private let valueIndex: [Int]
    /// How many values an execution needs.
    let valueCount: Int
    private(set) var columns: SQLColumns
    /// Bytes of the text and timestamp values of the current execution, bound with
    /// `SQLITE_STATIC` so SQLite neither allocates nor copies them per value (with memory
    /// statistics on, each SQLite allocation also takes a global mutex). Grown as needed, never
    /// moved between binding and stepping: every execution binds all values, then steps.
    private var arena: UnsafeMutableRawPointer = .allocate(byteCount: 256, alignment: 8)
    private var arenaCapacity = 256

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(db: OpaquePointer, sql: String) throws {
        var handle: OpaquePointer?
        var hasMoreStatements = false
        let code = sql.withCString { text in
            var tail: UnsafePointer<CChar>?
            let code = sqlite3_prepare_v3(db, text, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &handle, &tail)
            // The tail points into `text`, so it is read here, while `text` is alive.
            if let tail { hasMoreStatements = Self.holdsStatement(tail) }
            return code
        }
        guard code == SQLITE_OK else { throw SQLiteError.make(code, db: db, statement: sql) }
        guard let handle else {
            throw DatabaseError(.misuse, SQLiteError.locate("the statement is empty", db: db), statement: sql)
        }
        if hasMoreStatements {
            sqlite3_finalize(handle)
            throw DatabaseError(
                .misuse, SQLiteError.locate("the text holds more than one statement", db: db),
                hint: "run several statements with executeScript", statement: sql)
        }
        self.handle = handle
        self.sql = sql
        var map: [Int] = []
        var next = 0
        for index in 0..<Int(sqlite3_bind_parameter_count(handle)) {
            guard let cName = sqlite3_bind_parameter_name(handle, Int32(index + 1)) else {
                map.append(next)
                next += 1
                continue
            }
            let name = String(cString: cName)
            guard let number = Int(name.dropFirst()), number >= 1, name.first == "$" || name.first == "?" else {
                sqlite3_finalize(handle)
                throw DatabaseError(
                    .unsupported, SQLiteError.locate("parameter \(name) is not supported; use $1, $2, ... (or ?)", db: db),
                    statement: sql)
            }
            map.append(number - 1)
            next = number
        }
        self.valueIndex = map
        self.valueCount = (map.max() ?? -1) + 1
        self.columns = SQLiteStatement.readColumns(handle)
    }

    /// Whether the C string holds anything but whitespace and semicolons.
    private static func holdsStatement(_ text: UnsafePointer<CChar>) -> Bool {
        var cursor = text
        while cursor.pointee != 0 {
            switch UInt8(bitPattern: cursor.pointee) {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: ";"): break
            default: return true
            }
            cursor += 1
        }
        return false
    }

    private static func readColumns(_ handle: OpaquePointer) -> SQLColumns {
        SQLColumns((0..<sqlite3_column_count(handle)).map { String(cString: sqlite3_column_name(handle, $0)) })
    }

    func finalize() {
        sqlite3_finalize(handle)
    }

    deinit {
        arena.deallocate()
    }

    /// Makes room for `bytes` in the arena (before any value of an execution is bound).
    private func reserveArena(_ bytes: Int) {
        guard bytes > arenaCapacity else { return }
        let capacity = max(bytes, arenaCapacity * 2)
        arena.deallocate()
        arena = .allocate(byteCount: capacity, alignment: 8)
        arenaCapacity = capacity
    }

    /// Binds one execution's values; throws before touching SQLite if a value cannot be stored as given.
    func bind(_ values: [SQLValue], db: OpaquePointer) throws {
        guard values.count == valueCount else {
            throw DatabaseError(
                .bindMismatch,
                SQLiteError.locate("the statement takes \(valueCount) value(s) but \(values.count) were given", db: db),
                statement: sql)
        }
        var needed = 0
        for position in valueIndex {
            switch values[position] {
            case .text(let text): needed += text.utf8.count
            case .date: needed += SQLTimestamp.length
            default: break
            }
        }
        reserveArena(needed)
        var used = 0
        for (offset, position) in valueIndex.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch values[position] {
            case .null: code = sqlite3_bind_null(handle, index)
            case .int(let value): code = sqlite3_bind_int64(handle, index, value)
            case .double(let value):
                guard !value.isNaN else {
                    throw DatabaseError(
                        .invalidValue,
                        SQLiteError.locate("SQLite cannot store NaN (it would become NULL); value $\(position + 1)", db: db),
                        statement: sql)
                }
                code = sqlite3_bind_double(handle, index, value)
            case .bool(let value): code = sqlite3_bind_int64(handle, index, value ? 1 : 0)
            case .text(let value):
                let start = arena + used
                let count = Self.copyUTF8(value, to: start)
                used += count
                code = sqlite3_bind_text64(
                    handle, index, start.assumingMemoryBound(to: CChar.self), UInt64(count), nil, UInt8(SQLITE_UTF8))
            case .date(let value):
                let start = arena + used
                let count = SQLTimestamp.write(
                    value, into: UnsafeMutableBufferPointer(start: start.assumingMemoryBound(to: UInt8.self), count: SQLTimestamp.length))
                used += count
                code = sqlite3_bind_text64(
                    handle, index, start.assumingMemoryBound(to: CChar.self), UInt64(count), nil, UInt8(SQLITE_UTF8))
            case .bytes(let value):
                code = value.withUnsafeBytes { buffer in
                    buffer.isEmpty
                        ? sqlite3_bind_zeroblob(handle, index, 0)
                        : sqlite3_bind_blob64(handle, index, buffer.baseAddress, UInt64(buffer.count), Self.transient)
                }
            }
            guard code == SQLITE_OK else { throw SQLiteError.make(code, db: db, statement: sql) }
        }
    }

    /// Copies a string's UTF-8 bytes to `target` and returns how many there were.
    private static func copyUTF8(_ value: String, to target: UnsafeMutableRawPointer) -> Int {
        var value = value
        return value.withUTF8 { bytes in
            if let base = bytes.baseAddress { target.copyMemory(from: base, byteCount: bytes.count) }
            return bytes.count
        }
    }

    /// Steps to completion, collecting rows when `collect` is true. Resets the statement afterwards.
    func run(db: OpaquePointer, collect: Bool) throws -> [SQLRow] {
        defer { sqlite3_reset(handle) }
        var rows: [SQLRow] = []
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { return rows }
            guard code == SQLITE_ROW else { throw SQLiteError.make(code, db: db, statement: sql) }
            guard collect else { continue }
            rows.append(currentRow())
        }
    }

    /// Steps up to `limit` more rows of an execution in progress, without resetting it between
    /// calls: the cursor's way to read a result in batches.
    /// - Returns: The rows, and whether the statement is done (then it has been reset).
    func step(db: OpaquePointer, limit: Int) throws -> (rows: [SQLRow], done: Bool) {
        var rows: [SQLRow] = []
        rows.reserveCapacity(min(limit, 4096))
        while rows.count < limit {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE {
                sqlite3_reset(handle)
                return (rows, true)
            }
            guard code == SQLITE_ROW else {
                let error = SQLiteError.make(code, db: db, statement: sql)
                sqlite3_reset(handle)
                throw error
            }
            rows.append(currentRow())
        }
        return (rows, false)
    }

    /// The row the statement is on.
    private func currentRow() -> SQLRow {
        let count = Int(sqlite3_column_count(handle))
        if count != columns.names.count { columns = Self.readColumns(handle) }
        var values: [SQLValue] = []
        values.reserveCapacity(count)
        for column in 0..<Int32(count) {
            values.append(value(at: column))
        }
        return SQLRow(columns: columns, values: values)
    }

    private func value(at column: Int32) -> SQLValue {
        switch sqlite3_column_type(handle, column) {
        case SQLITE_INTEGER: return .int(sqlite3_column_int64(handle, column))
        case SQLITE_FLOAT: return .double(sqlite3_column_double(handle, column))
        case SQLITE_TEXT:
            let count = Int(sqlite3_column_bytes(handle, column))
            guard let text = sqlite3_column_text(handle, column) else { return .text("") }
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(handle, column))
            guard count > 0, let blob = sqlite3_column_blob(handle, column) else { return .bytes([]) }
            return .bytes(Array(UnsafeRawBufferPointer(start: blob, count: count)))
        default: return .null
        }
    }
}
