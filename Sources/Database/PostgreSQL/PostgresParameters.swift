import CLibPQ

/// One execution's parameters in libpq's calling convention: text values NUL-terminated in
/// one buffer, bytes sent in binary format.
struct PostgresParameters {
    private var buffer: [UInt8] = []
    private var offsets: [Int] = []
    private(set) var lengths: [Int32] = []
    private(set) var formats: [Int32] = []

    var count: Int { offsets.count }

    init(_ values: [SQLValue], statement: String) throws {
        buffer.reserveCapacity(values.count * 16)
        for (index, value) in values.enumerated() {
            try append(value, position: index, statement: statement)
        }
    }

    private mutating func append(_ value: SQLValue, position: Int, statement: String) throws {
        switch value {
        case .null:
            offsets.append(-1)
            lengths.append(0)
            formats.append(0)
            return
        case .bytes(let bytes):
            offsets.append(buffer.count)
            buffer.append(contentsOf: bytes)
            lengths.append(Int32(bytes.count))
            formats.append(1)
            return
        default:
            break
        }
        offsets.append(buffer.count)
        let start = buffer.count
        switch value {
        case .int(let number): PostgresText.appendDecimal(number, to: &buffer)
        case .double(let number): buffer.append(contentsOf: SQLFloat.format(number).utf8)
        case .bool(let flag): buffer.append(flag ? UInt8(ascii: "t") : UInt8(ascii: "f"))
        case .date(let date): SQLTimestamp.append(date, to: &buffer)
        case .text(let text):
            buffer.append(contentsOf: text.utf8)
            if buffer[start...].contains(0) {
                throw DatabaseError(
                    .invalidValue, "PostgreSQL text cannot hold the NUL character (U+0000); value $\(position + 1)",
                    hint: "store such data as bytes", statement: statement)
            }
        case .null, .bytes: break
        }
        lengths.append(Int32(buffer.count - start))
        formats.append(0)
        buffer.append(0)
    }

    /// Calls `body` with the value pointers, lengths and formats libpq expects.
    func withPointers<T>(
        _ body: (UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<Int32>?, UnsafePointer<Int32>?) throws -> T
    ) rethrows -> T {
        try buffer.withUnsafeBytes { raw in
            let base = raw.baseAddress?.assumingMemoryBound(to: CChar.self)
            let pointers: [UnsafePointer<CChar>?] = offsets.map { offset in
                offset < 0 ? nil : base.map { $0 + offset }
            }
            return try pointers.withUnsafeBufferPointer { values in
                try lengths.withUnsafeBufferPointer { lengths in
                    try formats.withUnsafeBufferPointer { formats in
                        try body(values.baseAddress, lengths.baseAddress, formats.baseAddress)
                    }
                }
            }
        }
    }
}

/// Text-format helpers shared by parameters and COPY.
enum PostgresText {
    static func appendDecimal(_ value: Int64, to buffer: inout [UInt8]) {
        if value == 0 {
            buffer.append(UInt8(ascii: "0"))
            return
        }
        var magnitude = value.magnitude
        if value < 0 { buffer.append(UInt8(ascii: "-")) }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                      UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { digits in
            while magnitude > 0 {
                digits[count] = UInt8(48 + magnitude % 10)
                magnitude /= 10
                count += 1
            }
            for index in stride(from: count - 1, through: 0, by: -1) { buffer.append(digits[index]) }
        }
    }

    /// Parses a decimal integer from libpq's text output.
    static func parseInt(_ text: UnsafePointer<CChar>, length: Int) -> Int64? {
        guard length > 0 else { return nil }
        var index = 0
        var negative = false
        if text[0] == 45 {
            negative = true
            index = 1
        }
        var value: Int64 = 0
        while index < length {
            let digit = Int64(text[index]) - 48
            guard digit >= 0, digit <= 9 else { return nil }
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = negative ? times.subtractingReportingOverflow(digit) : times.addingReportingOverflow(digit)
            guard !overflow1, !overflow2 else { return nil }
            value = next
            index += 1
        }
        return value
    }
}
