/// Formatting of delimited (CSV) lines, the inverse of ``DelimitedFileReader``'s parsing.
///
/// ```swift
/// let writer = FlatFileWriter<Transaction>(name: "report", path: "out/report.csv", header: "id,note") { tx in
///     DelimitedText.format([tx.id, tx.note])
/// }
/// ```
public enum DelimitedText {
    /// Joins `fields` into one RFC 4180 line (without the line end).
    ///
    /// A field is quoted only when it contains the delimiter, a double quote, CR or LF; quotes
    /// inside a quoted field are doubled. A line of one empty field is written as `""`, so that
    /// it is not read back as an empty (skipped) line.
    /// - Parameters:
    ///   - fields: The values, in column order.
    ///   - delimiter: The field separator; an ASCII character such as `,`, `;` or a tab.
    /// - Returns: The line, such as `1,"Smith, John","say ""hi"""`.
    public static func format(_ fields: [String], delimiter: Character = ",") -> String {
        if fields.count == 1 && fields[0].isEmpty { return "\"\"" }
        let separator = Array(String(delimiter).utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(fields.reduce(fields.count) { $0 + $1.utf8.count + 2 })
        for (index, field) in fields.enumerated() {
            if index > 0 { bytes += separator }
            if needsQuotes(field, delimiter: delimiter) {
                bytes.append(quote)
                for byte in field.utf8 {
                    bytes.append(byte)
                    if byte == quote { bytes.append(quote) }
                }
                bytes.append(quote)
            } else {
                bytes += field.utf8
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static let quote = UInt8(ascii: "\"")

    /// Whether `field` contains the delimiter, a quote, CR or LF (compared as bytes, so a quote
    /// followed by a combining mark still counts).
    static func needsQuotes(_ field: String, delimiter: Character) -> Bool {
        if delimiter.utf8.count == 1, let byte = delimiter.utf8.first {
            return field.utf8.contains { $0 == byte || $0 == quote || $0 == 0x0A || $0 == 0x0D }
        }
        let separator = Array(String(delimiter).utf8)
        let bytes = Array(field.utf8)
        if bytes.contains(where: { $0 == quote || $0 == 0x0A || $0 == 0x0D }) { return true }
        guard bytes.count >= separator.count else { return false }
        return (0...(bytes.count - separator.count)).contains { bytes[$0..<($0 + separator.count)].elementsEqual(separator) }
    }
}
