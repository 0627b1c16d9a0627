import Foundation

/// Writes the benchmark rows as RFC 4180 CSV without a header: the input of `sqlite3 .import --csv`
/// and `psql \copy ... (FORMAT csv)`. Values are written the way the SQL layer sends them: the
/// double as Swift prints it, the timestamp as `YYYY-MM-DD HH:MM:SS.ffffff` in UTC.
enum CSVWriter {
    static func write(rows count: Int, to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let file = FileHandle(forWritingAtPath: path)
        else {
            throw BenchmarkFailure("cannot create \(path)")
        }
        defer { try? file.close() }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20 + 4096)
        for id in 1...Int64(max(count, 1)) where id <= count {
            append(RowGenerator.row(id), to: &buffer)
            if buffer.count >= 1 << 20 {
                try file.write(contentsOf: buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        try file.write(contentsOf: buffer)
    }

    static func append(_ row: BenchmarkRow, to buffer: inout [UInt8]) {
        buffer.append(contentsOf: String(row.id).utf8)
        buffer.append(UInt8(ascii: ","))
        appendQuoted(row.name, to: &buffer)
        buffer.append(UInt8(ascii: ","))
        buffer.append(contentsOf: String(row.amount).utf8)
        buffer.append(UInt8(ascii: ","))
        buffer.append(contentsOf: String(row.quantity).utf8)
        buffer.append(UInt8(ascii: ","))
        appendTimestamp(millis: row.createdMillis, to: &buffer)
        buffer.append(UInt8(ascii: ","))
        appendQuoted(row.status, to: &buffer)
        buffer.append(UInt8(ascii: "\n"))
    }

    /// A field, quoted only when it holds a comma, a double quote or a line break.
    private static func appendQuoted(_ text: String, to buffer: inout [UInt8]) {
        let bytes = text.utf8
        let special: Set<UInt8> = [UInt8(ascii: ","), UInt8(ascii: "\""), UInt8(ascii: "\n"), UInt8(ascii: "\r")]
        guard bytes.contains(where: special.contains) else {
            buffer.append(contentsOf: bytes)
            return
        }
        buffer.append(UInt8(ascii: "\""))
        for byte in bytes {
            if byte == UInt8(ascii: "\"") { buffer.append(byte) }
            buffer.append(byte)
        }
        buffer.append(UInt8(ascii: "\""))
    }

    /// `YYYY-MM-DD HH:MM:SS.ffffff` in UTC, as the SQL layer writes timestamps.
    static func timestamp(millis: Int64) -> String {
        var buffer: [UInt8] = []
        appendTimestamp(millis: millis, to: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    private static func appendTimestamp(millis: Int64, to buffer: inout [UInt8]) {
        let seconds = millis / 1000  // the benchmark's times are all after 1970
        let days = seconds / 86_400
        let secondOfDay = seconds % 86_400
        let (year, month, day) = civil(fromDays: days)
        appendDigits(year, width: 4, to: &buffer)
        buffer.append(UInt8(ascii: "-"))
        appendDigits(month, width: 2, to: &buffer)
        buffer.append(UInt8(ascii: "-"))
        appendDigits(day, width: 2, to: &buffer)
        buffer.append(UInt8(ascii: " "))
        appendDigits(secondOfDay / 3600, width: 2, to: &buffer)
        buffer.append(UInt8(ascii: ":"))
        appendDigits(secondOfDay / 60 % 60, width: 2, to: &buffer)
        buffer.append(UInt8(ascii: ":"))
        appendDigits(secondOfDay % 60, width: 2, to: &buffer)
        buffer.append(UInt8(ascii: "."))
        appendDigits((millis % 1000) * 1000, width: 6, to: &buffer)
    }

    private static func appendDigits(_ value: Int64, width: Int, to buffer: inout [UInt8]) {
        var divisor: Int64 = 1
        for _ in 1..<width { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            buffer.append(UInt8(48 + rest / divisor % 10))
            rest %= divisor
            divisor /= 10
        }
    }

    /// Year, month and day of a day count since 1970-01-01 (Howard Hinnant's `civil_from_days`).
    private static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shifted = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shifted + 2) / 5 + 1
        let month = shifted < 10 ? shifted + 3 : shifted - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
