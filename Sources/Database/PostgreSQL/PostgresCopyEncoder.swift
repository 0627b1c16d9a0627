/// Rows in COPY's text format: tab-separated, `\N` for NULL, backslash escapes.
enum PostgresCopyEncoder {
    static func append(_ row: [SQLValue], columns: Int, to buffer: inout [UInt8]) throws {
        guard row.count == columns else {
            throw DatabaseError(.bindMismatch, "the row has \(row.count) value(s) for \(columns) column(s)")
        }
        for (index, value) in row.enumerated() {
            if index > 0 { buffer.append(UInt8(ascii: "\t")) }
            switch value {
            case .null: buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "N")])
            case .int(let number): PostgresText.appendDecimal(number, to: &buffer)
            case .double(let number): buffer.append(contentsOf: SQLFloat.format(number).utf8)
            case .bool(let flag): buffer.append(flag ? UInt8(ascii: "t") : UInt8(ascii: "f"))
            case .date(let date): SQLTimestamp.append(date, to: &buffer)
            case .text(let text): try appendEscaped(text, to: &buffer, position: index)
            case .bytes(let bytes): appendHex(bytes, to: &buffer)
            }
        }
        buffer.append(UInt8(ascii: "\n"))
    }

    /// The text with COPY's escapes, copied in runs between the bytes that need one.
    private static func appendEscaped(_ text: String, to buffer: inout [UInt8], position: Int) throws {
        var text = text
        try text.withUTF8 { bytes in
            var start = 0
            for index in bytes.indices {
                let escape: UInt8
                switch bytes[index] {
                case 0:
                    throw DatabaseError(
                        .invalidValue, "PostgreSQL text cannot hold the NUL character (U+0000); column \(position + 1)",
                        hint: "store such data as bytes")
                case UInt8(ascii: "\\"): escape = UInt8(ascii: "\\")
                case UInt8(ascii: "\n"): escape = UInt8(ascii: "n")
                case UInt8(ascii: "\r"): escape = UInt8(ascii: "r")
                case UInt8(ascii: "\t"): escape = UInt8(ascii: "t")
                default: continue
                }
                buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                buffer.append(UInt8(ascii: "\\"))
                buffer.append(escape)
                start = index + 1
            }
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
        }
    }

    /// bytea hex input, with COPY's own backslash doubled: `\\x0a1b`.
    private static func appendHex(_ bytes: [UInt8], to buffer: inout [UInt8]) {
        let digits = Array("0123456789abcdef".utf8)
        buffer.append(contentsOf: [92, 92, UInt8(ascii: "x")])
        for byte in bytes {
            buffer.append(digits[Int(byte >> 4)])
            buffer.append(digits[Int(byte & 0x0F)])
        }
    }
}
