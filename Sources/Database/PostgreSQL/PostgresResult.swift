import CLibPQ
import Foundation

/// Reads rows from a `PGresult` in text format, typed by each column's type OID.
enum PostgresResult {
    private enum Kind {
        case int, double, bool, timestamp, bytes, text
    }

    private static func kind(of oid: Oid) -> Kind {
        switch oid {
        case 20, 21, 23, 26: .int  // int8, int2, int4, oid
        case 700, 701: .double  // float4, float8
        case 16: .bool
        case 1114, 1184: .timestamp  // timestamp, timestamptz
        case 17: .bytes  // bytea
        default: .text
        }
    }

    /// The number of rows a command changed (`PQcmdTuples`), 0 when it does not say.
    static func affectedRows(_ result: OpaquePointer) -> Int {
        guard let text = PQcmdTuples(result) else { return 0 }
        return Int(String(cString: text)) ?? 0
    }

    static func columns(_ result: OpaquePointer) -> SQLColumns {
        SQLColumns((0..<PQnfields(result)).map { String(cString: PQfname(result, $0)) })
    }

    static func rows(_ result: OpaquePointer) throws -> [SQLRow] {
        let fieldCount = PQnfields(result)
        guard fieldCount > 0 else { return [] }
        let columns = columns(result)
        let kinds = (0..<fieldCount).map { kind(of: PQftype(result, $0)) }
        let rowCount = PQntuples(result)
        var rows: [SQLRow] = []
        rows.reserveCapacity(Int(rowCount))
        for row in 0..<rowCount {
            var values: [SQLValue] = []
            values.reserveCapacity(Int(fieldCount))
            for field in 0..<fieldCount {
                if PQgetisnull(result, row, field) == 1 {
                    values.append(.null)
                    continue
                }
                let text = PQgetvalue(result, row, field)!
                let length = Int(PQgetlength(result, row, field))
                values.append(try value(kinds[Int(field)], text, length, column: columns.names[Int(field)]))
            }
            rows.append(SQLRow(columns: columns, values: values))
        }
        return rows
    }

    private static func value(_ kind: Kind, _ text: UnsafePointer<CChar>, _ length: Int, column: String) throws
        -> SQLValue
    {
        let bytes = UnsafeRawPointer(text).assumingMemoryBound(to: UInt8.self)
        let buffer = UnsafeBufferPointer(start: bytes, count: length)
        func failure() -> DatabaseError {
            DatabaseError(
                .decodingFailed,
                "cannot read '\(String(decoding: buffer, as: UTF8.self))' from column \(column) as \(kind)")
        }
        switch kind {
        case .int:
            guard let value = PostgresText.parseInt(text, length: length) else { throw failure() }
            return .int(value)
        case .double:
            guard let value = SQLFloat.parse(String(decoding: buffer, as: UTF8.self)) else { throw failure() }
            return .double(value)
        case .bool:
            return .bool(length > 0 && bytes[0] == UInt8(ascii: "t"))
        case .timestamp:
            if let date = SQLTimestamp.parse(bytes: buffer) { return .date(date) }
            switch String(decoding: buffer, as: UTF8.self) {
            case "infinity": return .date(.distantFuture)
            case "-infinity": return .date(.distantPast)
            default: throw failure()
            }
        case .bytes:
            guard let decoded = hexBytes(buffer) else { throw failure() }
            return .bytes(decoded)
        case .text:
            return .text(String(decoding: buffer, as: UTF8.self))
        }
    }

    /// Decodes bytea's hex output, `\x0a1b...`.
    private static func hexBytes(_ buffer: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard buffer.count >= 2, buffer[0] == UInt8(ascii: "\\"), buffer[1] == UInt8(ascii: "x"),
            buffer.count % 2 == 0
        else { return nil }
        func nibble(_ byte: UInt8) -> UInt8? {
            switch byte {
            case 48...57: byte - 48
            case 97...102: byte - 87
            case 65...70: byte - 55
            default: nil
            }
        }
        var result: [UInt8] = []
        result.reserveCapacity((buffer.count - 2) / 2)
        var index = 2
        while index < buffer.count {
            guard let high = nibble(buffer[index]), let low = nibble(buffer[index + 1]) else { return nil }
            result.append(high << 4 | low)
            index += 2
        }
        return result
    }
}
